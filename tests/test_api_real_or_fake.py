"""/real_or_fake_round and /real_or_fake_answer through gradio_client against the live app (conftest.live_server).

The truth of a round is known here from the same pure function the server runs, on the same bundled
weights (models.operations.game.real_or_fake.make_round): the tests play with it and check the scores.
"""
import io
import json

import numpy as np
import pytest
import torch
from gradio_client.exceptions import AppError
from PIL import Image

from models.datasets import DATASETS
from models.loading.loader import load_family
from models.operations.game import real_or_fake as game
from test_api_misuse import call_http

ROUND, ANSWER = "/real_or_fake_round", "/real_or_fake_answer"


@pytest.fixture(scope="module")
def families(monkeypatch_module):
    monkeypatch_module.setenv("HF_HUB_OFFLINE", "1")
    return {d: load_family(d) for d in DATASETS}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def pixels(path: str) -> np.ndarray:
    return np.asarray(Image.open(path))


def truth(fam, seed, strength) -> list[str]:
    return ["real" if r else "fake" for r in game.make_round(fam, seed, strength).real.tolist()]


def test_parameters_and_defaults(client):
    info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert [p["parameter_name"] for p in info[ROUND]["parameters"]] == ["seed", "dataset", "strength"]
    assert [p["parameter_name"] for p in info[ANSWER]["parameters"]] == ["seed", "dataset", "strength", "guesses"]
    defaults = {p["parameter_name"]: p["parameter_default"] for p in info[ANSWER]["parameters"]}
    assert defaults == {"seed": 0, "dataset": "fashion-mnist", "strength": "early", "guesses": ""}
    assert {p["parameter_name"]: p["parameter_default"] for p in info[ROUND]["parameters"]} == \
        {"seed": 0, "dataset": "fashion-mnist", "strength": "early"}


@pytest.mark.parametrize("dataset", DATASETS)
def test_a_seed_fixes_the_round_and_the_images_are_the_rounds(client, families, dataset):
    first = client.predict(seed=21, dataset=dataset, strength="middle", api_name=ROUND)
    again = client.predict(seed=21, dataset=dataset, strength="middle", api_name=ROUND)
    other = client.predict(seed=22, dataset=dataset, strength="middle", api_name=ROUND)
    assert len(first) == game.ROUND_SIZE
    assert [open(p, "rb").read() for p in first] == [open(p, "rb").read() for p in again]
    assert [open(p, "rb").read() for p in first] != [open(p, "rb").read() for p in other]
    played = game.make_round(families[dataset], 21, "middle")
    for path, expected in zip(first, played.images):  # the 28x28 pixels, each shown as a 4x4 block
        assert np.array_equal(pixels(path)[::4, ::4], expected[0].numpy())


def test_the_round_s_payload_holds_no_truth(live_server, families):
    """What the page receives before answering: 8 images of one format, nothing else."""
    fam = families["fashion-mnist"]
    seed = next(s for s in range(100) if 2 <= sum(r == "real" for r in truth(fam, s, "trained")) <= 6)
    event, data = call_http(live_server, "real_or_fake_round",
                            json.dumps({"data": [seed, "fashion-mnist", "trained"]}))
    assert event == "complete" and len(data) == game.ROUND_SIZE
    # the 8 items differ in nothing but where their file is, and no file name tells anything
    besides = [{k: v for k, v in item.items() if k not in ("path", "url")} for item in data]
    assert all(b == besides[0] for b in besides), besides
    words = ["real", "fake", "test", *[n.lower() for n in fam.class_names]]
    names = [item["path"].rsplit("/", 1)[-1].lower() for item in data]
    assert len(set(names)) == 1 and not [w for w in words if w in names[0]], names
    images = [Image.open(io.BytesIO(__import__("httpx").get(item["url"]).content)) for item in data]
    assert {(im.format, im.mode, im.size) for im in images} == {("PNG", "L", (112, 112))}
    assert {tuple(sorted(im.info)) for im in images} == {tuple(sorted(images[0].info))}  # no tell-tale chunk


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_answer_scores_against_the_known_truth(client, families, dataset):
    fam = families[dataset]
    for strength in game.STRENGTHS:
        right = truth(fam, 9, strength)
        flipped = ["fake" if t == "real" else "real" for t in right]
        full = client.predict(seed=9, dataset=dataset, strength=strength, guesses=",".join(right), api_name=ANSWER)
        none = client.predict(9, dataset, strength, " ".join(flipped), api_name=ANSWER)
        assert [d["truth"] for d in full["images"]] == right
        assert (full["your_correct"], full["your_accuracy"]) == (8, 1.0)
        assert (none["your_correct"], none["your_accuracy"]) == (0, 0.0)
        # D's score is its own, whatever the learner guessed, and follows from its P(real)
        assert full["d_correct"] == none["d_correct"] == sum(
            (d["p_real"] >= 0.5) == (d["truth"] == "real") for d in full["images"])
        assert full["d_accuracy"] == full["d_correct"] / 8
        assert full["generator_epoch"] == game.strength_epochs(fam)[strength]
        assert all(d["classifier_class"] in fam.class_names for d in full["images"])


@pytest.mark.parametrize("guesses, says", [
    ("real,fake,real", "guesses must be 8 answers, one per image, each 'real' or 'fake'"),
    ("real," * 9, "got 9"),
    ("", "got 0"),
    ("real,fake,real,fake,real,fake,real,maybe", "guesses: answer 8 is 'maybe'"),
])
def test_bad_guesses_are_refused_clearly(client, guesses, says):
    with pytest.raises(AppError) as caught:
        client.predict(seed=1, dataset="fashion-mnist", strength="early", guesses=guesses.rstrip(","), api_name=ANSWER)
    assert says in str(caught.value) and "Traceback" not in str(caught.value)
    assert len(client.predict(seed=1, api_name=ROUND)) == 8  # still serving


@pytest.mark.parametrize("api, kwargs, says", [
    (ROUND, {"strength": "expert"}, "strength must be one of early, middle, trained; got 'expert'"),
    (ANSWER, {"strength": 3, "guesses": "real," * 7 + "real"}, "strength must be one of early, middle, trained"),
    (ROUND, {"seed": -4}, "seed must be between 0 and 4294967295, got -4"),
    (ANSWER, {"dataset": "mnist", "guesses": "real," * 7 + "real"}, "Unknown dataset 'mnist'"),
])
def test_bad_rounds_are_refused_clearly(client, api, kwargs, says):
    with pytest.raises(AppError) as caught:
        client.predict(**kwargs, api_name=api)
    assert says in str(caught.value)


def test_a_guess_list_from_raw_http(live_server, families):
    """Clients that post JSON may send the guesses as a list."""
    right = truth(families["fashion-mnist"], 4, "early")
    event, data = call_http(live_server, "real_or_fake_answer", json.dumps({"data": [4, "fashion-mnist", "early", right]}))
    assert event == "complete" and data[0]["your_correct"] == 8
    assert torch.tensor([d["truth"] == "real" for d in data[0]["images"]]).tolist() == [r == "real" for r in right]


def test_the_docs_example_runs(live_server, processes, families):
    """docs/real-or-fake.md's example, as written (only the server address differs)."""
    import re
    import subprocess
    import sys

    from conftest import REPO

    (code,) = re.findall(r"```python\n(.*?)```", (REPO / "docs" / "real-or-fake.md").read_text(), flags=re.S)
    run = subprocess.run([sys.executable, "-c", code.replace("http://127.0.0.1:7860/", live_server)], cwd=REPO,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if not line.startswith("Loaded as API")]
    assert lines[0].startswith("8 images, e.g. ") and lines[0].endswith(".png")
    right = sum(g == t for g, t in zip(["real", "fake"] * 4, truth(families["fashion-mnist"], 7, "early")))
    assert re.fullmatch(rf"you {right}/8, D \d/8", lines[1]), lines[1]
    assert len(lines) == 10 and lines[2].startswith("1 ")
