"""README.md front matter is a valid Gradio Space configuration, parsed offline by SpaceCard."""
import re
import sys

import gradio
import pytest
from huggingface_hub import SpaceCard

from conftest import REPO
from models.loading import live_data
from models.loading.loader import DATASETS, KINDS, repo_id


@pytest.fixture(scope="module")
def readme() -> str:
    path = REPO / "README.md"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the Space is configured by its front matter")
    return path.read_text()


def test_front_matter_configures_a_gradio_space(readme, monkeypatch):
    for name in ("HUB_NAMESPACE", *(f"{d}_{k}_REPO".upper().replace("-", "_") for d in DATASETS for k in (*KINDS, "live-data"))):
        monkeypatch.delenv(name, raising=False)  # compare with the default repo ids
    data = SpaceCard(readme).data
    assert data.sdk == "gradio"
    assert data.app_file == "app.py"
    assert data.sdk_version == gradio.__version__, "the Space must run the Gradio version the tests ran"
    assert data.python_version == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert data.license
    assert 0 < len(data.get("short_description") or "") <= 60, "the Hub limits short_description to 60 characters"
    assert set(data.models or []) >= {repo_id("fashion-mnist", kind) for kind in KINDS}
    assert set(data.datasets or []) >= {live_data.repo_id(d) for d in DATASETS}  # Train live's images


def test_versions_are_quoted(readme):
    """Unquoted, YAML reads 3.10 as the number 3.1 and a version like 6.0 as a float."""
    front = readme.split("---")[1]
    assert re.search(r'^sdk_version:\s*["\']', front, re.M), "quote sdk_version"
    assert re.search(r'^python_version:\s*["\']', front, re.M), "quote python_version"
