"""The live-training sessions without Gradio: updates, single steps, streaming, views and bad settings."""
import math

import pytest
import torch

from models.operations.live import live_plot
from models.operations.live import live_training as live
from models.operations.live import live_vae
from models.operations.live import live_view
from models.operations.common.dataset_files import Split
from models.operations.common.validation import InputError

CLASSES = [f"class {i}" for i in range(10)]


def toy_data(n_per_class: int = 8) -> Split:
    """Ten classes of blocks: class c lights up a different horizontal band, so they are easy to tell apart."""
    images = torch.zeros(10 * n_per_class, 1, 28, 28, dtype=torch.uint8)
    labels = torch.arange(10).repeat_interleave(n_per_class)
    for i, c in enumerate(labels.tolist()):
        images[i, 0, 2 * c + 4: 2 * c + 8, 4:24] = 255
    return Split(images, labels)


@pytest.fixture(autouse=True)
def one_thread():
    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(saved)


def gan(**overrides) -> live.GanSession:
    settings = {"batch_size": 32, "hidden": 64, "samples_per_class": 3, **overrides}
    return live.GanSession(toy_data(), CLASSES, live.GanSettings(**settings))


def test_a_new_session_has_done_nothing_and_shows_one_row_per_class():
    session = gan()
    stats = session.stats()
    assert stats["step"] == stats["d_steps"] == stats["g_steps"] == 0 and stats["d_loss"] is None
    assert session.samples().shape == (10, 3, 1, 28, 28)
    rows = live_view.gan_rows(session)
    assert [caption for _, caption in rows] == CLASSES
    assert rows[0][0].size == (3 * 28 * live_view.ROW_SCALE, 28 * live_view.ROW_SCALE)


def test_training_records_every_update_and_changes_the_images():
    session = gan()
    before = session.samples()
    session.train_for(0.05)
    stats = session.stats()
    assert stats["step"] >= 1 and stats["d_steps"] == stats["g_steps"] == stats["step"]
    assert all(len(values) == stats["step"] for values in session.history.values())
    assert 0 <= stats["d_real"] <= 1 and 0 <= stats["d_fake"] <= 1 and stats["seconds"] > 0
    assert stats["images_per_second"] > 0
    assert not torch.equal(before, session.samples())


@pytest.mark.parametrize("loss", ["hinge", "bce"])
def test_one_d_step_lowers_and_one_g_step_raises_p_real_of_fakes(loss):
    session = gan(loss=loss, lr=1e-3)
    d = session.step_d()
    g = session.step_g()
    assert d["network"] == "discriminator" and d["p_real_fake_after"] < d["p_real_fake_before"]
    assert g["network"] == "generator" and g["p_real_fake_after"] > g["p_real_fake_before"]
    assert session.stats()["d_steps"] == 1 and session.stats()["g_steps"] == 1


def test_the_same_seed_gives_the_same_run_step_by_step():
    a, b, c = gan(seed=3), gan(seed=3), gan(seed=4)
    for session in (a, b, c):
        session.step_d()
        session.step_g()
    assert torch.equal(a.samples(), b.samples())
    assert a.history == b.history
    assert not torch.equal(a.samples(), c.samples())


def test_the_baseline_preset_is_the_plain_mlp_gan():
    session = live.GanSession(toy_data(), CLASSES, live.BASELINE)
    assert session.discriminator.conditioning == "concat" and session.discriminator.embed is None
    assert session.settings.loss == "bce" and session.settings.betas == (0.5, 0.999)
    session.step_d()
    assert session.stats()["d_steps"] == 1


def test_noise_size_is_the_generators_input_size():
    session = gan(noise_dim=3)
    assert session.fixed_z.shape[1] == 3 and session.generator.noise_dim == 3
    session.train_for(0.01)


def test_stream_yields_the_untouched_session_first_and_stops_after_its_seconds():
    session = gan()
    steps = [s.stats()["step"] for s in live.stream(session, 0.3, every=0.1)]
    assert steps[0] == 0 and steps[-1] >= 1 and steps == sorted(steps)
    assert 2 <= len(steps) <= 5


def test_leaving_a_stream_stops_the_training():
    session = gan()
    updates = live.stream(session, 60, every=0.05)
    next(updates)
    next(updates)
    updates.close()  # what Gradio does when the visitor leaves
    done = session.stats()["step"]
    assert done >= 1 and session.stats()["seconds"] < 5


def test_pause_ends_the_stream_after_the_slice_in_flight_and_resume_trains_on():
    from space.endpoints import live as api

    session = gan()
    updates = live.stream(session, 60, every=0.05)
    next(updates)
    next(updates)
    api.pause(session)  # the tab's Pause, from another request while the run streams
    rest = list(updates)  # ends by itself: the slice in flight, then no more
    assert len(rest) <= 1 and session.stats()["seconds"] < 5
    paused_at = session.stats()["step"]
    assert list(live.stream(session, 60, every=0.05))[1:] == []  # paused: a new stream does not train
    frames = api.resume_gan(session, 1, "fashion-mnist", 0, session.settings.lr, session.settings.noise_dim)
    assert session.stats()["step"] == paused_at and next(frames)  # Resume clears the pause and trains again
    frames.close()
    assert session.stats()["step"] > paused_at
    api.pause(None)  # Pause before any Start: nothing to stop, no error


def test_a_pause_clicked_after_start_pauses_starts_own_session_and_its_run_answers_once():
    from space.endpoints import live as api

    lr, noise = live.GanSettings.lr, live.GanSettings.noise_dim
    session = gan()
    answers = list(api.run_gan(session, 30, "fashion-mnist", 0, lr, noise, started_at=1000.0, paused_at=1000.5))
    assert len(answers) == 1 and answers[0][0] is session and session.stats()["step"] == 0  # drawn as it is, untrained
    assert session.paused.is_set()  # Resume trains it on
    for started, paused in ((1000.0, 999.0), (1000.0, None), (None, None)):  # Pause before this Start, or never
        fresh = gan()
        api.paused_in_between(fresh, started, paused)
        assert not fresh.paused.is_set()


@pytest.mark.parametrize("overrides, name", [
    ({"lr": 0}, "lr"), ({"lr": "fast"}, "lr"), ({"lr": math.nan}, "lr"), ({"lr": 1.0}, "lr"),
    ({"noise_dim": 0}, "noise_dim"), ({"noise_dim": 1000}, "noise_dim"), ({"noise_dim": 2.5}, "noise_dim"),
    ({"seed": -1}, "seed"), ({"loss": "wasserstein"}, "loss"), ({"batch_size": 0}, "batch_size"),
])
def test_bad_settings_are_refused_with_the_settings_name(overrides, name):
    with pytest.raises(InputError, match=name):
        gan(**overrides)


@pytest.mark.parametrize("value", [0, 121, -5, "a minute", None, 1.5])
def test_seconds_outside_1_to_120_are_refused(value):
    with pytest.raises(InputError, match="seconds"):
        live.parse_seconds(value)


def test_the_vae_learns_to_reconstruct_and_reports_both_loss_terms():
    data = toy_data()
    session = live_vae.VaeSession(data, CLASSES, data.images[::8], live_vae.VaeSettings(batch_size=32, hidden=64))
    assert session.stats()["step"] == 0
    blur = session.reconstructions()
    for _ in range(60):
        session.step()
    h = session.history
    assert len(h["reconstruction"]) == len(h["kl"]) == 60
    assert sum(h["reconstruction"][-5:]) / 5 < 0.7 * h["reconstruction"][0]
    error = lambda images: float((images - session.shown).abs().mean())
    assert error(session.reconstructions()) < error(blur)
    rows = live_view.vae_rows(session)
    assert len(rows) == 2 and "60 steps" in rows[1][1]


def test_curves_draw_long_noisy_and_empty_histories():
    session = gan()
    empty = live_view.gan_curves(session)
    session.train_for(0.05)
    drawn = live_view.gan_curves(session)
    assert empty.size == drawn.size and drawn.getextrema() != empty.getextrema() or drawn.tobytes() != empty.tobytes()
    long = live_plot.curves([live_plot.Panel("x", [live_plot.Series("a", [math.nan, *range(5000)], (0, 0, 0))])], 5000)
    assert long.size == (640, 180)


def test_the_grid_is_one_picture_with_a_row_per_class_and_fewer_columns_for_a_phone():
    session = gan(samples_per_class=8)
    wide, narrow = live_view.gan_grid(session, 8), live_view.gan_grid(session, 4)
    cell = 28 * live_view.GRID_SCALE + live_view.GAP
    assert wide.height == narrow.height == live_view.HEADER + 10 * cell - live_view.GAP  # every class, one picture
    assert narrow.width < wide.width and wide.width - narrow.width == 4 * cell
    assert narrow.width <= live_view.PHONE_CONTENT
    pixels = torch.frombuffer(bytearray(wide.convert("L").tobytes()), dtype=torch.uint8).view(wide.height, wide.width)
    assert pixels[:live_view.HEADER].lt(128).any()  # the step and seconds are written on top


def test_manual_steps_are_marked_and_return_the_before_after_pair():
    session = gan(samples_per_class=2)
    d = session.step_d()
    g = session.step_g()
    assert session.markers == [(1, "D"), (1, "G")]
    for result in (d, g):
        for side in ("before", "after"):
            assert result[side]["images"].shape == (10, 1, 28, 28) and len(result[side]["p_real"]) == 10
            assert all(0 <= p <= 1 for p in result[side]["p_real"])
    assert torch.equal(d["before"]["images"], d["after"]["images"])  # a D step leaves G's images as they were
    assert not torch.equal(g["before"]["images"], g["after"]["images"])  # a G step changes them
    assert d["before"]["p_real"] != d["after"]["p_real"]
    picture = live_view.step_pair(d, CLASSES)
    assert picture.width >= 10 * 28 * live_view.GRID_SCALE and picture.height > 2 * 28 * live_view.GRID_SCALE


def test_strength_against_the_early_selves_starts_at_the_early_step():
    from models.operations.live.live_strength import EARLY_STEP, PROBE_EVERY
    session = gan()
    for _ in range(EARLY_STEP - 1):
        session._update()
    assert session.strength.early_images is None and session.stats()["early_rejected"] is None
    for _ in range(PROBE_EVERY + 1):
        session._update()
    probes = session.strength.probes
    assert [step for step, _ in probes["early_rejected"]] == [EARLY_STEP, EARLY_STEP + PROBE_EVERY]
    stats = session.stats()
    assert 0 <= stats["early_rejected"] <= 1 and stats["recognised"] is None  # no judge given
    assert 0 <= stats["d_accuracy"] <= 1 and 0 <= stats["g_fooling"] <= 1


def test_a_judge_reads_gs_strength_every_few_steps():
    from models.operations.live.live_strength import JUDGE_EVERY as PROBE_EVERY
    seen = []

    def always_class_0(images):
        seen.append(images)
        return torch.zeros(len(images), dtype=torch.long)

    session = live.GanSession(toy_data(), CLASSES, live.GanSettings(batch_size=16, hidden=32, samples_per_class=2),
                              judge=always_class_0)
    for _ in range(2 * PROBE_EVERY):
        session._update()
    assert [step for step, _ in session.strength.probes["recognised"]] == [PROBE_EVERY, 2 * PROBE_EVERY]
    assert session.stats()["recognised"] == pytest.approx(0.1)  # one class in ten named right
    assert all(0 <= float(x.min()) and float(x.max()) <= 1 and x.shape == (50, 1, 28, 28) for x in seen)
    names = [s.name for s in live_view.gan_panels(session)[2].series]
    assert names == ["G's fooling rate against the current D", "recognised by the classifier"]


def test_probing_the_strength_does_not_change_the_training():
    a, b = gan(seed=5), gan(seed=5)
    for _ in range(45):
        a._update()
        b._update()
        b.strength.probe()  # extra measurements on one of the twins
    assert torch.equal(a.samples(), b.samples())


def test_the_shown_images_come_from_the_running_average_when_asked():
    plain, averaged = gan(ema=0.0), gan(ema=0.9)
    assert plain.shown_generator is plain.generator
    assert gan().shown_generator is not gan().generator  # the default shows the average
    assert averaged.shown_generator is not averaged.generator
    for _ in range(20):
        averaged._update()
    shown = torch.cat([p.flatten() for p in averaged.shown_generator.parameters()])
    latest = torch.cat([p.flatten() for p in averaged.generator.parameters()])
    assert not torch.equal(shown, latest)
    assert not any(p.requires_grad for p in averaged.shown_generator.parameters())


def test_the_running_average_ramps_up_to_its_decay():
    session = gan(ema=0.9, ema_warmup=3.0)
    shown = session.shown_generator

    def moved_by(share):
        before = [p.clone() for p in shown.parameters()]
        session._update()
        expected = [b + (g - b) * share(session.g_steps) for b, g in zip(before, session.generator.parameters())]
        return all(torch.allclose(p, e, atol=1e-6) for p, e in zip(shown.parameters(), expected))

    assert moved_by(lambda t: 1 - (1 + t) / (3 + t))  # step 1: decay 2/4, half-way to G's weights
    for _ in range(40):
        session._update()
    assert moved_by(lambda t: 1 - 0.9)  # (1 + 42) / (3 + 42) > 0.9: capped at ema


def test_a_new_session_reads_its_data_at_the_first_update():
    calls = []

    def read():
        calls.append(1)
        return toy_data()

    session = live.GanSession(read, CLASSES, live.GanSettings(batch_size=8, hidden=16, samples_per_class=1))
    live_view.gan_grid(session)  # the step-0 picture needs no data
    assert calls == []
    session.train_for(0.01)
    session.train_for(0.01)
    assert calls == [1]


@pytest.mark.parametrize("policy", ["translation", "translation,cutout"])
def test_augmentation_keeps_shape_and_gradient(policy):
    from models.operations.live.live_augment import augment
    x = torch.rand(6, 1, 28, 28, requires_grad=True)
    out = augment(x * 2 - 1, policy, torch.Generator().manual_seed(0))
    assert out.shape == x.shape and out.min() >= -1 and out.max() <= 1
    out.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


@pytest.mark.parametrize("design", [{"generator": "conv"}, {"augment": "translation"}, {"d_lr_ratio": 2.0},
                                    {"ema": 0.99, "batch_size": 64}, {"aux_weight": 1.0, "aux_fake": True},
                                    {"g_depth": 3, "d_depth": 1}, {"g_depth": 1, "d_depth": 3}])
def test_every_screened_design_trains(design):
    session = gan(**design)
    session.step_d()
    session.step_g()
    session.train_for(0.02)
    assert session.samples().shape == (10, 3, 1, 28, 28)
    assert session.opt_d.param_groups[0]["lr"] == session.settings.lr * session.settings.d_lr_ratio


def test_depth_is_the_number_of_hidden_layers_of_each_network():
    session = gan(g_depth=3, d_depth=2, hidden=16, g_hidden=24)
    linear = lambda module: [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    g_layers, d_layers = linear(session.generator.net), linear(session.discriminator.body)
    assert [m.out_features for m in g_layers] == [24, 24, 24, 28 * 28]  # three hidden, then the pixels
    assert [m.out_features for m in d_layers] == [16, 16]  # two hidden; the score and class embedding follow
    assert session.shown_generator.net[-1].out_features == 28 * 28  # the running average has G's shape


def test_the_auxiliary_classifier_learns_the_labels_and_steers_g():
    import dataclasses
    assert gan().discriminator.classes is None  # no head unless asked
    real, labels = toy_data()
    x = real.float() / 255 * 2 - 1

    def accuracy(session):
        with torch.no_grad():
            session.discriminator.eval()  # no spectral-norm power iteration: the session stays as it was
            classes = session.discriminator.score_and_classes(x, labels)[1]
            session.discriminator.train()
        return (classes.argmax(1) == labels).float().mean().item()

    session, plain = gan(aux_weight=1.0, lr=2e-3), gan(aux_weight=1.0, lr=2e-3)
    before = accuracy(session)
    for _ in range(60):
        session._update()
        plain._update()
    assert before < 0.5 and accuracy(session) > 0.9  # D's head names the classes of the training images
    # G's gradient includes the head's cross-entropy: it differs from the same session's with weight 0
    plain.settings = dataclasses.replace(plain.settings, aux_weight=0.0)
    z, y = session._noise(32)
    session._g_update(z, y)
    plain._g_update(z, y)
    grads = lambda s: torch.cat([p.grad.flatten() for p in s.generator.parameters()])
    assert not torch.allclose(grads(session), grads(plain))


@pytest.mark.parametrize("overrides, name", [
    ({"ema": 1.0}, "ema"), ({"ema": -0.1}, "ema"), ({"d_lr_ratio": 0}, "d_lr_ratio"),
    ({"augment": "flip"}, "augment"), ({"generator": "transformer"}, "generator"),
    ({"aux_weight": -1}, "aux_weight"), ({"aux_weight": 1, "conditioning": "concat"}, "aux_weight"),
    ({"ema_warmup": 1.0}, "ema_warmup"), ({"g_depth": 0}, "g_depth"), ({"d_depth": 5}, "d_depth"), ({"d_depth": 1.5}, "d_depth"),
])
def test_bad_new_settings_are_refused_with_their_name(overrides, name):
    with pytest.raises(InputError, match=name):
        gan(**overrides)


def test_curves_mark_manual_steps_and_keep_loss_terms_above_zero():
    series = [live_plot.Series("kl", [0.01, 2.0, 1.5, 3.0], (0, 0, 0))]
    assert live_plot._limits(live_plot.Panel("KL", series), 4)[0] < 0  # a fitted range pads below the lowest value
    assert live_plot._limits(live_plot.Panel("KL", series, floor=0.0), 4)[0] == 0.0  # but no negative ticks
    assert live_plot._limits(live_plot.Panel("KL", [live_plot.Series("kl", [2.0, 3.0], (0, 0, 0))], from_zero=True), 2)[0] == 0
    steep = live_plot.Panel("r", [live_plot.Series("r", [500.0] + [250.0 + i % 3 for i in range(99)], (0, 0, 0))],
                            fit_after=0.05)
    low, high = live_plot._limits(steep, 100)
    assert high < 300  # fitted to the values after the first steps, not flattened by step 1
    plain = live_plot.curves([live_plot.Panel("p", [live_plot.Series("a", [0.5] * 50, (0, 0, 0))], limits=(0, 1))], 50)
    marked = live_plot.curves([live_plot.Panel("p", [live_plot.Series("a", [0.5] * 50, (0, 0, 0))], limits=(0, 1),
                                               markers=[(25, "D", (31, 119, 180))])], 50)
    blue = lambda image: image.tobytes().count(bytes((31, 119, 180)))
    assert blue(plain) == 0 and blue(marked) > 100


def test_the_vae_picture_and_curves_fit_a_computer_and_a_phone():
    data = toy_data()
    session = live_vae.VaeSession(data, CLASSES, data.images[::8], live_vae.VaeSettings(batch_size=16, hidden=32))
    for _ in range(5):
        session.step()
    wide, narrow = live_view.vae_picture(session), live_view.vae_picture(session, narrow=True)
    assert wide.width > narrow.width and narrow.width <= live_view.PHONE_CONTENT
    assert live_view.vae_curves(session, narrow=True).width == live_view.NARROW_PANEL
