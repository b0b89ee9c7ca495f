"""The real-or-fake game's pure functions, in-process on the bundled models of both datasets."""
import json

import pytest
import torch

from models.datasets import DATASETS
from models.loading.loader import load_family
from models.operations.common.dataset_files import load_split
from models.errors import InputError
from models.operations.game import real_images, real_or_fake as game
from models.operations.gan import snapshots
from models.operations.game.real_or_fake import ROUND_SIZE
from space.tabs import real_or_fake as tab


@pytest.fixture(scope="module", params=DATASETS)
def fam(request, monkeypatch_module):
    monkeypatch_module.setenv("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(1)
    return load_family(request.param)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_a_seed_fixes_the_round(fam):
    a, b = game.make_round(fam, 7, "early"), game.make_round(fam, 7, "early")
    assert torch.equal(a.images, b.images) and torch.equal(a.real, b.real) and a.test_indices == b.test_indices
    others = [game.make_round(fam, seed, "early") for seed in range(8, 12)]
    assert all(not torch.equal(o.images, a.images) for o in others)
    assert a.images.dtype == torch.uint8 and a.images.shape == (game.ROUND_SIZE, 1, 28, 28)


def test_rounds_mix_real_and_fake_over_seeds(fam):
    reals = torch.stack([game.make_round(fam, seed, "trained").real for seed in range(40)])
    assert 0.35 < reals.float().mean() < 0.65  # about half of all places are real
    assert reals.any(1).sum() > 30 and (~reals).any(1).sum() > 30  # most rounds hold both


def test_strength_changes_only_the_fakes(fam):
    rounds = {s: game.make_round(fam, 3, s) for s in game.STRENGTHS}
    early, trained = rounds["early"], rounds["trained"]
    assert torch.equal(early.real, trained.real) and early.test_indices == trained.test_indices
    assert torch.equal(early.images[early.real], trained.images[trained.real])
    fakes = ~early.real
    assert fakes.any() and not torch.equal(early.images[fakes], trained.images[fakes])
    epochs = game.strength_epochs(fam)
    assert epochs["early"] < epochs["middle"] < epochs["trained"] == game.training_epochs(fam)
    assert (early.epoch, rounds["middle"].epoch, trained.epoch) == (epochs["early"], epochs["middle"], epochs["trained"])


def test_the_real_images_are_the_test_split_s(fam):
    pool = real_images.load(fam)
    test = load_split(fam.dataset, "test")
    assert torch.equal(pool.images, test.images[pool.test_indices]) and torch.equal(pool.labels, test.labels[pool.test_indices])
    assert pool.metadata["split"] == "test" and pool.metadata["images_sha256"] == real_images.digest(pool.images)
    assert len(pool.labels) == 200 and torch.bincount(pool.labels).tolist() == [20] * 10
    played = game.make_round(fam, 5, "middle")
    for i in torch.nonzero(played.real).flatten().tolist():
        assert torch.equal(played.images[i], test.images[played.test_indices[i]])


def test_scoring_against_the_known_truth(fam):
    played = game.make_round(fam, 11, "early")
    truth = ["real" if r else "fake" for r in played.real.tolist()]
    flipped = ["fake" if t == "real" else "real" for t in truth]
    right, wrong = game.score(fam, 11, "early", truth), game.score(fam, 11, "early", ",".join(flipped))
    assert right["your_correct"] == 8 and right["your_accuracy"] == 1.0
    assert wrong["your_correct"] == 0 and wrong["your_accuracy"] == 0.0
    assert [d["truth"] for d in right["images"]] == truth
    half = truth[:4] + flipped[4:]
    assert game.score(fam, 11, "early", half)["your_correct"] == 4
    # D's verdicts follow from its P(real), and its score from those verdicts and the truth
    for d in right["images"]:
        assert d["d_says"] == ("real" if d["p_real"] >= 0.5 else "fake")
        assert d["d_right"] == (d["d_says"] == d["truth"])
        assert (d["test_index"] is None) == (d["truth"] == "fake") and (d["asked_class"] is None) == (d["truth"] == "real")
    assert right["d_correct"] == sum(d["d_right"] for d in right["images"]) == wrong["d_correct"]
    probs, p_real = game.judge(fam, played.images)
    assert [d["p_real"] for d in right["images"]] == [round(float(p), 4) for p in p_real]
    assert [d["classifier_class"] for d in right["images"]] == [fam.class_names[i] for i in probs.argmax(1)]


@pytest.mark.parametrize("guesses, says", [
    ("real,fake", "got 2"), (["real"] * 9, "got 9"), ("", "got 0"), (None, "got None"), (42, "got 42"),
    ("real,fake,maybe,real,real,fake,real,fake", "answer 3 is 'maybe'"), (["real"] * 7 + [1], "answer 8 is 1"),
])
def test_bad_guesses_are_refused_naming_guesses(guesses, says):
    with pytest.raises(InputError, match="guesses") as err:
        game.parse_guesses(guesses)
    assert says in str(err.value)


def test_guesses_in_every_spelling():
    expected = [True, False] * 4
    for value in ("real,fake," * 4, "REAL fake Real fake real fake real fake", ["real", " Fake "] * 4):
        assert game.parse_guesses(value.rstrip(",") if isinstance(value, str) else value) == expected


def test_bad_strength_and_seed_are_refused(fam):
    with pytest.raises(InputError, match="strength must be one of early, middle, trained"):
        game.make_round(fam, 0, "strongest")
    with pytest.raises(InputError, match="seed"):
        game.make_round(fam, -1, "early")


def test_d_record_counts_what_score_reports(fam):
    record = game.d_record(fam, "early", rounds=6, first_seed=20)
    scored = [game.score(fam, seed, "early", ["real"] * 8) for seed in range(20, 26)]
    assert record["d_accuracy"] == round(sum(s["d_correct"] for s in scored) / 48, 4)
    assert record["real_images"] == sum(s["real_images"] for s in scored)


def test_snapshots_record_how_they_were_made(fam):
    for epoch in snapshots.epochs(fam):
        meta = snapshots.metadata(fam, epoch)
        assert meta["command"].startswith("python -m train.gan_snapshots ") and f"--dataset {fam.dataset}" in meta["command"]
        assert meta["record"]["epoch"] == epoch and "val_fd" in meta["record"]


def test_the_buttons_marks_in_either_language():
    assert [tab.answer_word(w) for w in ("real", "fake", "진짜", "가짜", "?", None)] == \
        ["real", "fake", "real", "fake", None, None]
    shown = {"seed": 4, "dataset": "fashion-mnist", "strength": "early"}
    assert tab.collect.__wrapped__(shown, *(["real", "가짜"] * 4), "en") == \
        (4, "fashion-mnist", "early", ",".join(["real", "fake"] * 4))
    with pytest.raises(InputError, match="image 2, 5 not marked"):
        tab.collect.__wrapped__(shown, "real", "?", "fake", "real", "?", "real", "real", "real", "en")
    with pytest.raises(InputError, match="아직 표시하지 않은 이미지: 2, 5번"):
        tab.collect.__wrapped__(shown, "real", "?", "fake", "real", "?", "real", "real", "real", "ko")
    with pytest.raises(InputError, match="Play a round first"):
        tab.collect.__wrapped__(None, *["real"] * 8, "en")


def test_the_answer_in_korean_says_the_same_figures(fam):
    """The page's words follow its language; the endpoint's result, the numbers and the truth do not."""
    result = game.score(fam, 6, "middle", ["real", "fake"] * 4)
    before = json.dumps(result, sort_keys=True)
    en, ko = tab.reveal(result, None, "en"), tab.reveal(result, None, "ko")
    assert json.dumps(result, sort_keys=True) == before  # the API's answer is left as it was
    assert en[-1] == ko[-1]  # the same tally
    for i, d in enumerate(result["images"]):
        word = {"real": "진짜", "fake": "가짜"}[d["truth"]]
        assert ko[i]["value"] == en[i]["value"].replace(d["truth"], word)
    assert f'여러분은 8장 중 {result["your_correct"]}장' in ko[ROUND_SIZE]
    assert f'판별자는 8장 중 {result["d_correct"]}장' in ko[ROUND_SIZE]
    table_en, table_ko = en[ROUND_SIZE + 1]["value"], ko[ROUND_SIZE + 1]["value"]
    assert table_ko["headers"][1:3] == ["정답", "여러분"] and table_en["headers"][1:3] == ["truth", "you"]
    for row_en, row_ko in zip(table_en["data"], table_ko["data"]):
        assert row_en[0] == row_ko[0] and row_en[3] == row_ko[3]  # index, D's P(real)
    korean_classes = {tab.class_name(name, "ko") for name in fam.class_names}
    assert len(korean_classes) == 10 and not korean_classes & set(fam.class_names)  # every class in Korean
    assert tab.strength_labels({"epochs": 16, "early": 1, "middle": 2, "trained": 16}, "ko")[0] == \
        ("초기: 16에포크 중 1에포크 학습", "early")
    record = game.recorded(fam, "trained")
    assert f'{record["d_accuracy"]:.0%}' in tab.record_text(record, "ko")


def test_a_language_switch_keeps_the_round_and_the_marks(fam):
    shown = {"seed": 6, "dataset": fam.dataset, "strength": "middle"}
    marks = ["real", "?", "fake", "?", "?", "real", "?", "?"]
    out = tab.relabel.__wrapped__(shown, None, None, fam.dataset, *marks, "ko")
    assert [b["value"] for b in out[:ROUND_SIZE]] == ["진짜", "?", "가짜", "?", "?", "진짜", "?", "?"]
    score, table, record, strength, seed = out[ROUND_SIZE:]
    assert record.startswith("**이 수준은 얼마나 어려울까요?**") and strength["label"] == "생성자 수준"
    assert seed["label"] == "판 번호(시드)"
    back = tab.relabel.__wrapped__(shown, None, None, fam.dataset, *[b["value"] for b in out[:ROUND_SIZE]], "en")
    assert [b["value"] for b in back[:ROUND_SIZE]] == marks
    result = game.score(fam, 6, "middle", ["real"] * 8)
    *_, tally = tab.reveal(result, None, "en")
    revealed = tab.relabel.__wrapped__(shown, result, tally, fam.dataset, *marks, "ko")
    assert revealed[:ROUND_SIZE + 2] == tab.reveal(result, tally, "ko")[:ROUND_SIZE + 2]


def test_a_tap_in_the_browser_flips_the_mark_in_the_pages_language():
    script = tab.toggle_js()
    assert script.startswith("(v, lang) =>") and '"진짜"' in script and '"fake"' in script


def test_a_round_checked_twice_counts_once(fam):
    result = game.score(fam, 2, "trained", ["fake"] * 8)
    *_, score, rows, tally = tab.reveal(result, None)
    *_, again, _, tally = tab.reveal(result, tally)
    assert len(tally["rounds"]) == 1 and tally["yours"] == result["your_correct"] and len(rows["value"]["data"]) == 8
    other = game.score(fam, 3, "trained", ["fake"] * 8)
    *_, tally = tab.reveal(other, tally)
    assert len(tally["rounds"]) == 2 and tally["ds"] == result["d_correct"] + other["d_correct"]


def test_the_shipped_record_still_matches_the_models(fam):
    """The figures under the game (python -m benchmarks.real_or_fake) replayed for their first rounds."""
    for strength in game.STRENGTHS:
        record = game.recorded(fam, strength)
        assert record is not None, f"no {game.RECORD_FILE}: run python -m benchmarks.real_or_fake --dataset {fam.dataset}"
        per_round = record["d_correct_per_round"]
        assert len(per_round) == record["rounds"] == 50 and record["seeds"] == [0, 49]
        assert record["d_accuracy"] == round(sum(per_round) / (game.ROUND_SIZE * 50), 4)
        assert game.d_record(fam, strength, rounds=8)["d_correct_per_round"] == per_round[:8]
        assert record["generator_epoch"] == game.strength_epochs(fam)[strength]
    assert tab.record_text(game.recorded(fam, "early")).startswith("**How hard is this level?** Over 50 rounds")
