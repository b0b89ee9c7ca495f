"""The generative classifier as a plain function: Bayes' rule, the bound of log p(x|y), K, and the answers."""
import pytest
import torch

from models.networks.cvae import ConditionalVAE
from models.operations.classify import generative_classifier as gc
from models.operations.common import precision
from models.operations.common.precision import scoring_autocast
from models.operations.common.validation import InputError, parse_classes


@pytest.fixture(scope="module")
def cvae():
    torch.manual_seed(0)
    model = ConditionalVAE(class_names=list("abcd"), class_prior=[0.1, 0.2, 0.3, 0.4], width=8, latent_dim=4).eval()
    with torch.no_grad():  # give the untrained classes different decoders and priors
        for table in (model.dec_y, model.y3, model.prior_mu):
            table.weight.normal_() if hasattr(table, "weight") else table.normal_()
    return model


def test_bayes_rule_sums_to_one_and_uses_the_prior(cvae):
    log_px_y = torch.zeros(2, 4)  # equal likelihoods: the posterior is the prior itself
    probs = gc.posterior_over_classes(cvae, log_px_y)
    assert probs.sum(1).tolist() == pytest.approx([1.0, 1.0])
    assert probs[0].tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4], abs=1e-6)


def test_log_likelihoods_are_finite_and_one_per_class(cvae):
    x = torch.rand(3, 1, 28, 28)
    log_px_y = gc.log_likelihoods(cvae, x, k=2, generator=torch.Generator().manual_seed(0))
    assert log_px_y.shape == (3, 4)
    assert torch.isfinite(log_px_y).all()
    assert gc.posterior_over_classes(cvae, log_px_y).sum(1).tolist() == pytest.approx([1.0] * 3)


def test_batched_bound_equals_one_image_one_class_at_a_time(cvae):
    """Batching over images, classes and K changes nothing: the same z's give the same numbers."""
    x = torch.rand(2, 1, 28, 28)
    k = 3
    batched = gc.log_likelihoods(cvae, x, k, torch.Generator().manual_seed(1))
    half = torch.randn((2, 2 * 4, 4), generator=torch.Generator().manual_seed(1))
    eps = torch.stack([half[0], -half[0], half[1]])  # antithetic pairs: e1, -e1, e2
    for b in range(2):
        for c in range(4):
            y = torch.tensor([c])
            mu, logvar = cvae.encode(x[b:b + 1], y)
            z = mu + eps[:, b * 4 + c] * (0.5 * logvar).exp()  # (K, latent)
            with scoring_autocast():  # the precision scoring uses on this machine
                logits = cvae.decode_logits(z, y.expand(k)).float()
            log_px_z = -cvae.reconstruction_nats(logits, x[b:b + 1].expand(k, -1, -1, -1))
            prior_mu, prior_logvar = cvae.prior(y)
            log_w = log_px_z + gc.log_normal(z, prior_mu, prior_logvar) - gc.log_normal(z, mu, logvar)
            expected = torch.logsumexp(log_w, 0) - torch.log(torch.tensor(float(k)))
            assert batched[b, c].item() == pytest.approx(expected.item(), rel=1e-4, abs=1e-3)


def test_more_samples_tighten_the_bound_on_average(cvae):
    """The importance-weighted bound grows with K in expectation (Burda et al. 2016)."""
    x = torch.rand(16, 1, 28, 28)
    one = gc.log_likelihoods(cvae, x, 1, torch.Generator().manual_seed(0)).mean()
    many = gc.log_likelihoods(cvae, x, 32, torch.Generator().manual_seed(0)).mean()
    assert many > one


def test_screening_refines_the_likeliest_classes_and_keeps_one_draw_for_the_rest(cvae):
    x, k = torch.rand(5, 1, 28, 28), 6
    estimate, refined = gc.screened_log_likelihoods(cvae, x, k, torch.Generator().manual_seed(2), refine=2)
    # the screening draw is the first draw the generator gives, as in a one-draw bound of every class
    one_draw = gc.log_likelihoods(cvae, x, 1, torch.Generator().manual_seed(2), refine=4)
    assert refined.shape == (5, 2)
    assert refined.tolist() == (one_draw + cvae.log_class_prior).topk(2, dim=1).indices.tolist()
    rest = torch.ones_like(estimate, dtype=torch.bool).scatter(1, refined, False)
    assert torch.equal(estimate[rest], one_draw[rest])
    assert not torch.allclose(estimate.gather(1, refined), one_draw.gather(1, refined)), "K draws, not one"


def test_standard_draws_come_in_antithetic_pairs():
    g = torch.Generator().manual_seed(4)
    draws = gc.standard_draws(5, (20_000, 3), g)
    assert draws.shape == (5, 20_000, 3)
    assert torch.equal(draws[1], -draws[0]) and torch.equal(draws[3], -draws[2])
    assert not torch.equal(draws[2].abs(), draws[0].abs()), "a new pair, not the old one again"
    for d in draws:  # each draw on its own is still N(0, I): the weights stay unbiased
        assert d.mean().item() == pytest.approx(0.0, abs=0.03) and d.std().item() == pytest.approx(1.0, abs=0.03)
    first = torch.randn(7, 3)
    assert torch.equal(gc.standard_draws(4, (7, 3), g, first=first)[:2], torch.stack([first, -first]))


def test_each_image_gets_its_own_draws_and_the_same_image_the_same_ones():
    image = torch.rand(1, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    other = image.clone()
    other[0, 0, 0, 0] += 1 / 255  # one grey level in one pixel
    draw = lambda x: torch.randn(8, generator=gc.draws_for(x))
    assert torch.equal(draw(image), draw(image.clone()))  # the same upload, the same answer
    assert not torch.equal(draw(image), draw(other))  # a shared draw would put one error into every answer


def test_refining_continues_each_pair_from_its_screening_draw(cvae):
    """With K=2 a refined class's bound is the mean of the weights at e1 and -e1, e1 its screening draw."""
    x = torch.rand(2, 1, 28, 28)
    estimate, refined = gc.screened_log_likelihoods(cvae, x, 2, torch.Generator().manual_seed(5), refine=1)
    e1 = torch.randn((1, 2 * 4, 4), generator=torch.Generator().manual_seed(5))[0]
    for b in range(2):
        c = refined[b, 0].item()
        y, pair = torch.tensor([c]), e1[b * 4 + c]
        z, partial = gc.pair_draws(cvae, cvae.features(x), x, torch.tensor([b]), y, torch.stack([pair, -pair])[:, None])
        expected = gc.bound(partial + cvae.log_prior(z, y))
        assert estimate[b, c].item() == pytest.approx(expected.item(), rel=1e-5, abs=1e-4)


def test_screening_every_class_is_the_plain_bound(cvae):
    x = torch.rand(3, 1, 28, 28)
    plain = gc.bound(gc.log_weights(cvae, x, 4, torch.Generator().manual_seed(3)))
    screened, _ = gc.screened_log_likelihoods(cvae, x, 4, torch.Generator().manual_seed(3), refine=cvae.num_classes)
    assert torch.equal(screened, plain)


def test_screened_bound_on_known_weights():
    """Class 1 leads the first draw, so it alone gets the K-draw bound; the rest keep their first draw."""
    log_w = torch.tensor([[[0.0, 5.0, 1.0]], [[9.0, 1.0, 9.0]]])  # (K=2, B=1, C=3)
    estimate = gc.screened_bound(log_w, 2, 1, torch.zeros(3))
    assert estimate[0].tolist() == pytest.approx([0.0, torch.logsumexp(torch.tensor([5.0, 1.0]), 0).item() - 0.693147, 1.0],
                                                 abs=1e-5)
    assert torch.equal(gc.screened_bound(log_w, 2, 3, torch.zeros(3)), gc.bound(log_w))
    assert gc.decodes_per_image(10, 8, 3) == 31 and gc.decodes_per_image(10, 8, 10) == 80


def test_refined_classes_comes_from_the_model(cvae):
    assert gc.refined_count(cvae, None) == 4  # the fixture has no refined_classes: every class
    assert gc.refined_count(cvae, 2) == 2 and gc.refined_count(cvae, 9) == 4
    with pytest.raises(ValueError, match="refined_classes"):
        ConditionalVAE(serving={"refined_classes": 0})


@pytest.mark.parametrize("k", [0, gc.MAX_K + 1])
def test_k_out_of_range_is_refused(cvae, k):
    with pytest.raises(ValueError, match="k must be between"):
        gc.log_likelihoods(cvae, torch.rand(1, 1, 28, 28), k)


def test_both_answers_and_the_as_class_reconstructions(cvae):
    classifier = lambda: None  # noqa: E731 - only predict_proba is used
    classifier.predict_proba = lambda x: torch.tensor([[0.7, 0.1, 0.1, 0.1]])
    answer = gc.classify_generative(cvae, classifier, torch.rand(1, 1, 28, 28), k=4)
    assert sum(answer["probabilities"].values()) == pytest.approx(1.0)
    assert set(answer["log_px_given_y_nats"]) == set("abcd") and answer["k"] == 4
    assert answer["classes_with_k_draws"] == sorted("abcd", key=answer["probabilities"].get, reverse=True)
    assert answer["discriminative_pick"] == "a" and answer["discriminative_p"] == pytest.approx(0.7)
    top = max(answer["probabilities"], key=answer["probabilities"].get)
    assert answer["generative_pick"] == top and answer["agree"] == (top == "a")


def test_top_classes_are_the_likeliest_first_and_empty_without_an_answer():
    assert gc.top_classes({"a": 0.1, "b": 0.5, "c": 0.3, "d": 0.05}) == ", ".join(["b", "c", "a"][:gc.TOP_CLASSES])
    assert gc.top_classes(None) == "" and gc.top_classes("b") == ""


def test_as_class_reconstructions_differ_by_class(cvae):
    features = cvae.features(torch.rand(1, 1, 28, 28))
    pictures = gc.as_class(cvae, features, [2, 0])
    assert pictures.shape == (2, 1, 28, 28) and not torch.equal(pictures[0], pictures[1])
    alone = gc.as_class(cvae, features, [0])[0]
    torch.testing.assert_close(pictures[1], alone, atol=1e-2, rtol=0)  # bf16 kernels may differ by batch


def test_verdict_marks_a_disagreement():
    assert gc.verdict({"generative_pick": "a", "discriminative_pick": "b", "agree": False}).startswith("**They disagree:**")
    assert gc.verdict({"generative_pick": "a", "discriminative_pick": "a", "agree": True}) == "**Both models say a.**"
    for agree in (True, False):  # no glyph a page without an emoji font cannot draw
        text = gc.verdict({"generative_pick": "a", "discriminative_pick": "b", "agree": agree})
        assert all(ord(c) < 0x2000 for c in text), text


def test_scoring_runs_in_bf16_only_where_the_cpu_computes_it_natively(monkeypatch):
    for native, expected in ((True, torch.bfloat16), (False, torch.float32)):
        monkeypatch.setattr(precision, "native_bf16", lambda device="cpu", native=native: native)
        with torch.inference_mode(), precision.scoring_autocast():
            out = torch.nn.Linear(4, 4)(torch.rand(2, 4))
        assert out.dtype == expected and precision.scoring_precision() == ("bf16" if native else "fp32")


def test_scoring_in_overrides_the_machine_rule_only_inside_its_block():
    machine = precision.scoring_precision()
    for name, expected in (("bf16", torch.bfloat16), ("fp32", torch.float32)):
        with precision.scoring_in(name), torch.inference_mode(), precision.scoring_autocast():
            assert torch.nn.Linear(4, 4)(torch.rand(2, 4)).dtype == expected
            assert precision.scoring_precision() == name
        assert precision.scoring_precision() == machine
    with pytest.raises(ValueError, match="fp32, bf16"):
        with precision.scoring_in("fp16"):
            pass


def test_bf16_scoring_picks_what_fp32_picks_on_real_images():
    """The served precision does not change the answers beyond the noise of close calls."""
    from models.datasets import weights_folder
    from train.lib.data import load_split, to_float
    cvae = ConditionalVAE.from_pretrained(weights_folder("fashion-mnist", "cvae")).eval()
    x = to_float(load_split("fashion-mnist", "test").images[:64])
    picks = {}
    for name in precision.PRECISIONS:
        with precision.scoring_in(name):
            picks[name] = gc.log_likelihoods(cvae, x, generator=torch.Generator().manual_seed(0)).argmax(1)
    assert (picks["bf16"] == picks["fp32"]).float().mean() >= 0.9


def test_the_decoder_stays_in_bf16_between_its_layers_under_autocast(cvae):
    """An fp32 class offset would promote each activation back to fp32, for the next layer to cast
    again: every layer of the decoder must receive bf16 under bf16 autocast."""
    seen = {}
    hooks = [getattr(cvae, name).register_forward_pre_hook(
        lambda module, args, name=name: seen.__setitem__(name, args[0].dtype)) for name in ("c1", "c2", "c3", "out")]
    try:
        with torch.inference_mode(), precision.scoring_in("bf16"), precision.scoring_autocast():
            cvae.decode_logits(torch.randn(5, 4), torch.arange(5) % 4)
    finally:
        for hook in hooks:
            hook.remove()
    assert seen == {"c1": torch.bfloat16, "c2": torch.bfloat16, "c3": torch.bfloat16, "out": torch.bfloat16}


@pytest.mark.parametrize("value, expected", [
    ("", ["a", "b", "c", "d"]), (None, ["a", "b", "c", "d"]), (" , ", ["a", "b", "c", "d"]),
    ("c, A", ["c", "a"]), ("b,b, B", ["b"]),
])
def test_parse_classes(value, expected):
    assert parse_classes(value, ["a", "b", "c", "d"], "toy") == expected


@pytest.mark.parametrize("value, message", [("a, e", "Unknown class 'e' for toy. Accepted: a, b, c, d"),
                                            (3, "classes must be text")])
def test_parse_classes_refuses_what_it_cannot_read(value, message):
    with pytest.raises(InputError, match=message):
        parse_classes(value, ["a", "b", "c", "d"], "toy")
