"""The training-curves figure is drawn once per (data, epoch) and redrawn when either changes."""
from models.operations.gan import timeline

LOSSES = [{"step": s, "epoch": 1 + s // 10, "d_loss": 1.0 / (s + 1), "g_loss": 0.5} for s in range(0, 40, 5)]
HISTORY = [{"epoch": e, "val_fd": 10.0 - e, "val_label_fidelity": 0.2 * e} for e in range(1, 5)]


def test_curves_are_drawn_once_per_data_and_epoch():
    timeline._curves_png.cache_clear()
    first = timeline.curves(LOSSES, HISTORY, 3)
    again = timeline.curves(LOSSES, HISTORY, 3)
    assert first.tobytes() == again.tobytes() and first is not again  # each caller gets its own image
    assert timeline._curves_png.cache_info().hits == 1
    assert timeline.curves(LOSSES, HISTORY, 4).tobytes() != first.tobytes()
    more = HISTORY + [{"epoch": 5, "val_fd": 1.0, "val_label_fidelity": 0.9}]
    assert timeline.curves(LOSSES, more, 3).tobytes() != first.tobytes()  # new training data: drawn anew
    assert timeline._curves_png.cache_info().misses == 3
