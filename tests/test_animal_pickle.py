"""Animal-MNIST's data file is a pickle: it is opened with an unpickler that admits only numpy arrays."""
import io
import os
import pickle

import numpy as np
import pytest

from models.operations.common.dataset_files import ArrayUnpickler


def test_a_pickled_array_loads():
    array = np.arange(12, dtype=np.uint8).reshape(3, 4)
    loaded = ArrayUnpickler(io.BytesIO(pickle.dumps(array))).load()
    assert np.array_equal(loaded, array) and loaded.dtype == np.uint8


class RunsACommand:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


@pytest.mark.parametrize("payload", [RunsACommand(), {"a": np.int64(3)}, [len], np.float64(1.0)])
def test_anything_else_is_refused(payload):
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        ArrayUnpickler(io.BytesIO(pickle.dumps(payload))).load()
