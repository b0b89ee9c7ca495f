"""Real or fake? tab: the learner plays the discriminator against an early, a halfway and the trained generator.

The page holds only the round's images until the learner checks: the round that was shown
(seed, dataset, strength) is kept in a State and sent with the guesses to /real_or_fake_answer,
so editing the seed box before checking cannot score another round. Marking an image runs in
the browser alone (a tap flips its button between real and fake), with no request.
"""
from __future__ import annotations

import json

import gradio as gr

from models.datasets import DEFAULT_DATASET
from models.errors import InputError, WeightsError
from models.operations.game import real_or_fake as game
from models.operations.game.real_or_fake import ROUND_SIZE, STRENGTHS
from space.endpoints import real_or_fake as api
from space.endpoints.errors import user_errors
from space.tabs.generate import pick_seed
from space.tabs.real_or_fake_texts import TEXTS
from space.widgets.components import RawRadio, RawTextbox

T = TEXTS["en"]  # the lesson's language switch (issue 36) will choose the dict; English until it does
FIRST_STRENGTH = "early"  # start where D, and the learner, should win
AFTER_ROUND = 1 + ROUND_SIZE + 4  # what `fresh` sets: the shown round, 8 buttons, score, table, result, record


def toggle_js(texts: dict = T) -> str:
    """A tap's whole work, in the browser: "?" or fake -> real, real -> fake; a revealed answer stays."""
    real, fake, unmarked = (json.dumps(texts[k]) for k in ("real", "fake", "unmarked"))
    return f"(v) => v === {real} ? {fake} : (v === {fake} || v === {unmarked}) ? {real} : v"


def answer_word(label) -> str | None:
    """"real" or "fake" for a button's label in any language; None for an unmarked one."""
    for texts in TEXTS.values():
        for word in ("real", "fake"):
            if label == texts[word]:
                return word
    return None


@user_errors
def collect(shown, *labels):
    """The shown round and the buttons' marks -> the four arguments of /real_or_fake_answer."""
    if not shown:
        raise InputError(T["no_round"])
    words = [answer_word(label) for label in labels]
    missing = [str(i) for i, word in enumerate(words, 1) if word is None]
    if missing:
        raise InputError(T["unmarked_error"].format(places=", ".join(missing)))
    return shown["seed"], shown["dataset"], shown["strength"], ",".join(words)


def strength_labels(epochs: dict) -> list[tuple[str, str]]:
    return [(T[s].format(epoch=epochs[s], epochs=epochs["epochs"]), s) for s in STRENGTHS]


def first_labels(family) -> list[tuple[str, str]]:
    try:
        return strength_labels({"epochs": game.training_epochs(family), **game.strength_epochs(family)})
    except WeightsError:
        return [(s, s) for s in STRENGTHS]  # the tab still builds; playing a round answers with the error


@user_errors
def strength_choices(dataset=DEFAULT_DATASET):
    """The strength buttons named with the epochs of this dataset's generators."""
    return gr.update(choices=strength_labels(api.strength_epochs(dataset)))


def record_text(record: dict | None) -> str:
    if record is None:
        return ""  # not measured for the served weights: say nothing rather than something untrue
    d = record["d_accuracy"]
    return (T["record"].format(rounds=record["rounds"], first=record["seeds"][0], last=record["seeds"][1], d=d,
                               real=record["real_called_real"], fake=record["fake_called_fake"])
            + " " + T["record_beat"].format(per_round=d * ROUND_SIZE))


@user_errors
def fresh(seed, dataset, strength):
    """After a round is shown: remember it, every button back to "?", no answer on show, D's record at this level."""
    shown = {"seed": seed, "dataset": dataset, "strength": strength}
    unmarked = [gr.update(value=T["unmarked"], variant="secondary") for _ in range(ROUND_SIZE)]
    return (shown, *unmarked, "", gr.update(value=None, visible=False), None, record_text(api.d_record(dataset, strength)))


def reveal(result: dict, tally: dict):
    """The answer: each button shows the truth and whether the learner was right; the table; the scores."""
    buttons, rows = [], []
    for d in result["images"]:
        buttons.append(gr.update(value=f'{"✓" if d["guess_right"] else "✗"} {T[d["truth"]]}',
                                 variant="primary" if d["guess_right"] else "stop"))
        made = (T["made_real"].format(index=d["test_index"]) if d["truth"] == "real"
                else T["made_fake"].format(name=d["asked_class"]))
        rows.append([d["index"], T[d["truth"]], f'{T[d["guess"]]} {"✓" if d["guess_right"] else "✗"}',
                     f'{d["p_real"]:.2f}', f'{T[d["d_says"]]} {"✓" if d["d_right"] else "✗"}',
                     f'{d["classifier_class"]} ({d["classifier_p"]:.2f})', made])
    key = f'{result["dataset"]}/{result["strength"]}/{result["seed"]}'
    tally = dict(tally or {"rounds": [], "yours": 0, "ds": 0})
    if key not in tally["rounds"]:  # checking one round twice counts once
        tally = {"rounds": [*tally["rounds"], key], "yours": tally["yours"] + result["your_correct"],
                 "ds": tally["ds"] + result["d_correct"]}
    images = len(tally["rounds"]) * ROUND_SIZE
    score = T["score"].format(yours=result["your_correct"], ds=result["d_correct"]) + "\n\n" + T["tally"].format(
        rounds=len(tally["rounds"]), yours=tally["yours"] / images, ds=tally["ds"] / images)
    return (*buttons, score, gr.update(value=rows, visible=True), tally)


def tile(i: int) -> tuple[gr.Image, gr.Button]:
    with gr.Column(min_width=0, elem_classes=["rof-tile"]):
        image = gr.Image(show_label=False, label=f"image {i}", interactive=False, format="png", buttons=[],
                         container=False, elem_id=f"rof-image-{i}")
        button = gr.Button(T["unmarked"], size="md", elem_id=f"rof-guess-{i}", elem_classes=["rof-guess"])
    button.click(None, button, button, js=toggle_js(), api_visibility="private", queue=False)
    image.select(None, button, button, js=toggle_js(), api_visibility="private", queue=False)  # tap the picture too
    return image, button


def build(dataset: gr.Dropdown, family) -> None:
    """`family`: the default dataset's models, whose generators' epochs name the strength buttons first."""
    with gr.Tab(T["tab"], id="real-or-fake") as tab:
        gr.Markdown(T["intro"], elem_id="rof-intro")
        strength = RawRadio(choices=first_labels(family), value=FIRST_STRENGTH, label=T["strength"],
                            elem_id="rof-strength")
        with gr.Row(equal_height=True):
            seed = gr.Number(value=0, precision=0, label=T["seed"], elem_id="rof-seed", min_width=120)
            play = gr.Button(T["play"], elem_id="rof-play", min_width=120)
            new_round = gr.Button(T["new_round"], variant="primary", elem_id="rof-new", min_width=120)
        with gr.Row(elem_id="rof-tiles"):
            images, buttons = zip(*(tile(i) for i in range(1, ROUND_SIZE + 1)))
        check = gr.Button(T["check"], variant="primary", elem_id="rof-check")
        score = gr.Markdown(elem_id="rof-score")
        table = gr.Dataframe(headers=T["columns"], interactive=False, visible=False, elem_id="rof-table")
        record = gr.Markdown(elem_id="rof-record")
        gr.Markdown(T["how"], elem_id="rof-how")
        with gr.Accordion(T["raw"], open=False):
            result = gr.JSON(label="/real_or_fake_answer")
        # /real_or_fake_answer's four inputs, filled from the round on show and the buttons when checking
        with gr.Group(visible=False):
            answer_seed = gr.Number(value=0, precision=None, label="seed")
            answer_dataset = gr.Dropdown(choices=dataset.choices, value=DEFAULT_DATASET, label="dataset",
                                         allow_custom_value=True)  # the API lists the dataset ids, as elsewhere
            answer_strength = RawTextbox(value=FIRST_STRENGTH, label="strength")
            guesses = RawTextbox(value="", label="guesses")
        shown, tally = gr.State(None), gr.State(None)

        round_inputs, after_round = [seed, dataset, strength], [shown, *buttons, score, table, result, record]
        play.click(api.real_or_fake_round, round_inputs, list(images), api_name="real_or_fake_round").success(
            fresh, round_inputs, after_round, api_visibility="private")
        starts = [new_round.click(pick_seed, None, seed, api_visibility="private").success,
                  dataset.change(strength_choices, dataset, strength, api_visibility="private").success,
                  strength.change, seed.submit]
        for start in starts:  # each shows the round its inputs now name
            start(api.real_or_fake_round, round_inputs, list(images), api_visibility="private").success(
                fresh, round_inputs, after_round, api_visibility="private")
        tab.select(arrive, [shown, *round_inputs], [*images, *after_round], api_visibility="private")

        check.click(collect, [shown, *buttons], [answer_seed, answer_dataset, answer_strength, guesses],
                    api_visibility="private").success(
            api.real_or_fake_answer, [answer_seed, answer_dataset, answer_strength, guesses], result,
            api_name="real_or_fake_answer").success(
            reveal, [result, tally], [*buttons, score, table, tally], api_visibility="private")


@user_errors
def arrive(shown, seed, dataset, strength):
    """On opening the tab: a round if none is on show yet, else everything left as it is."""
    if shown:
        return tuple(gr.skip() for _ in range(ROUND_SIZE + AFTER_ROUND))
    return (*api.real_or_fake_round(seed, dataset, strength), *fresh(seed, dataset, strength))
