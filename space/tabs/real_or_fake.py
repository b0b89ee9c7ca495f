"""Real or fake? tab: the learner plays the discriminator against an early, a halfway and the trained generator.

The page holds only the round's images until the learner checks: the round that was shown
(seed, dataset, strength) is kept in a State and sent with the guesses to /real_or_fake_answer,
so editing the seed box before checking cannot score another round. Marking an image runs in
the browser alone (a tap flips its button between real and fake), with no request.

Languages: the static words through gr.I18n (space/i18n/real_or_fake_*.py); every sentence the handlers
write takes the page's language as its last input, and a switch rewrites what is on show (marks,
answers, scores, D's record, the strength and seed labels) without playing the round again. The two
endpoints' outputs are the same in every language: the words are put in here, not in the API.
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
from space.i18n import DEFAULT, LANGUAGES, SAY, say, t
from space.tabs.generate import pick_seed
from space.widgets import stale
from space.widgets.components import RawRadio, RawTextbox

FIRST_STRENGTH = "early"  # start where D, and the learner, should win
UNMARKED = "?"  # a button not marked yet, in every language
COLUMNS = ("index", "truth", "you", "p_real", "d_says", "classifier", "made_by")


def toggle_js() -> str:
    """A tap's whole work, in the browser: "?" or fake -> real, real -> fake, in the page's language (a mark
    left in the other one counts too); a revealed answer stays."""
    words = json.dumps({lang: {w: SAY[lang][f"rof_{w}"] for w in ("real", "fake")} for lang in LANGUAGES},
                       ensure_ascii=False)
    return (f"(v, lang) => {{ const W = {words}, w = W[lang] || W[{json.dumps(DEFAULT)}]; "
            "const all = (word) => Object.values(W).some((x) => x[word] === v); "
            f"return all('real') ? w.fake : (all('fake') || v === {json.dumps(UNMARKED)}) ? w.real : v; }}")


def answer_word(label) -> str | None:
    """"real" or "fake" for a button's label in any language; None for an unmarked one."""
    for lang in LANGUAGES:
        for word in ("real", "fake"):
            if label == SAY[lang][f"rof_{word}"]:
                return word
    return None


def mark(word: str | None, lang) -> str:
    return UNMARKED if word is None else say(lang, f"rof_{word}")


def class_name(name: str, lang) -> str:
    """A class as the page's language says it (the datasets' names are English; a class with no text stays so)."""
    key = f"class_{name}"
    return say(lang, key) if key in SAY[DEFAULT] else name


@user_errors
def collect(shown, *marks):
    """The shown round and the buttons' marks (then the page's language) -> the four arguments of
    /real_or_fake_answer."""
    *labels, lang = marks
    if not shown:
        raise InputError(say(lang, "rof_no_round"))
    words = [answer_word(label) for label in labels]
    missing = [str(i) for i, word in enumerate(words, 1) if word is None]
    if missing:
        raise InputError(say(lang, "rof_unmarked_error", places=", ".join(missing)))
    return shown["seed"], shown["dataset"], shown["strength"], ",".join(words)


def strength_labels(epochs: dict, lang=DEFAULT) -> list[tuple[str, str]]:
    return [(say(lang, f"rof_{s}", epoch=epochs[s], epochs=epochs["epochs"]), s) for s in STRENGTHS]


def first_labels(family) -> list[tuple[str, str]]:
    try:
        return strength_labels({"epochs": game.training_epochs(family), **game.strength_epochs(family)})
    except WeightsError:
        return [(s, s) for s in STRENGTHS]  # the tab still builds; playing a round answers with the error


@user_errors
def strength_choices(dataset=DEFAULT_DATASET, lang=DEFAULT):
    """The strength buttons named with the epochs of this dataset's generators, in the page's language."""
    return gr.update(choices=strength_labels(api.strength_epochs(dataset), lang), label=say(lang, "rof_strength"))


def record_text(record: dict | None, lang=DEFAULT) -> str:
    if record is None:
        return ""  # not measured for the served weights: say nothing rather than something untrue
    d = record["d_accuracy"]
    return (say(lang, "rof_record", rounds=record["rounds"], first=record["seeds"][0], last=record["seeds"][1], d=d,
                real=record["real_called_real"], fake=record["fake_called_fake"])
            + " " + say(lang, "rof_record_beat", per_round=d * ROUND_SIZE))


@user_errors
def fresh(seed, dataset, strength, lang=DEFAULT):
    """After a round is shown: remember it, every button back to "?", no answer on show, D's record at this level."""
    shown = {"seed": seed, "dataset": dataset, "strength": strength}
    unmarked = [gr.update(value=UNMARKED, variant="secondary") for _ in range(ROUND_SIZE)]
    return (shown, *unmarked, "", gr.update(value=None, visible=False), None,
            record_text(api.d_record(dataset, strength), lang))


def reveal(result: dict, tally: dict, lang=DEFAULT):
    """The answer: each button shows the truth and whether the learner was right; the table; the scores."""
    tick = lambda right: "✓" if right else "✗"  # noqa: E731
    buttons, rows = [], []
    for d in result["images"]:
        buttons.append(gr.update(value=f'{tick(d["guess_right"])} {mark(d["truth"], lang)}',
                                 variant="primary" if d["guess_right"] else "stop"))
        made = (say(lang, "rof_made_real", index=d["test_index"]) if d["truth"] == "real"
                else say(lang, "rof_made_fake", name=class_name(d["asked_class"], lang)))
        rows.append([d["index"], mark(d["truth"], lang), f'{mark(d["guess"], lang)} {tick(d["guess_right"])}',
                     f'{d["p_real"]:.2f}', f'{mark(d["d_says"], lang)} {tick(d["d_right"])}',
                     f'{class_name(d["classifier_class"], lang)} ({d["classifier_p"]:.2f})', made])
    key = f'{result["dataset"]}/{result["strength"]}/{result["seed"]}'
    tally = dict(tally or {"rounds": [], "yours": 0, "ds": 0})
    if key not in tally["rounds"]:  # checking one round twice counts once
        tally = {"rounds": [*tally["rounds"], key], "yours": tally["yours"] + result["your_correct"],
                 "ds": tally["ds"] + result["d_correct"]}
    images = len(tally["rounds"]) * ROUND_SIZE
    score = (say(lang, "rof_score", yours=result["your_correct"], ds=result["d_correct"]) + "\n\n"
             + say(lang, "rof_tally", rounds=len(tally["rounds"]), yours=tally["yours"] / images, ds=tally["ds"] / images))
    table = {"headers": [say(lang, f"rof_col_{c}") for c in COLUMNS], "data": rows}
    return (*buttons, score, gr.update(value=table, visible=True), tally)


@user_errors
def relabel(shown, result, tally, dataset, *marks):
    """A new language: what is on show said again in it, the same round, the same marks (no request to play)."""
    *labels, lang = marks
    if result:  # the answers are on show
        *buttons, score, table, _ = reveal(result, tally, lang)
    else:
        buttons = [gr.update(value=mark(answer_word(label), lang)) for label in labels]
        score, table = gr.skip(), gr.skip()
    record = record_text(api.d_record(shown["dataset"], shown["strength"]), lang) if shown else gr.skip()
    return (*buttons, score, table, record, strength_choices.__wrapped__(dataset, lang),
            gr.update(label=say(lang, "rof_seed")))


def tile(i: int, lang: gr.Radio) -> tuple[gr.Image, gr.Button]:
    with gr.Column(min_width=0, elem_classes=["rof-tile"]):
        image = gr.Image(show_label=False, label=f"image {i}", interactive=False, format="png", buttons=[],
                         container=False, elem_id=f"rof-image-{i}")
        button = gr.Button(UNMARKED, size="md", elem_id=f"rof-guess-{i}", elem_classes=["rof-guess"])
    button.click(None, [button, lang], button, js=toggle_js(), api_visibility="private", queue=False)
    image.select(None, [button, lang], button, js=toggle_js(), api_visibility="private", queue=False)  # the picture too
    return image, button


def build(dataset: gr.Dropdown, family, lang: gr.Radio) -> None:
    """`family`: the default dataset's models, whose generators' epochs name the strength buttons first;
    `lang`: the page's language switch."""
    with gr.Tab(t("rof_tab"), id="real-or-fake") as tab:
        gr.Markdown(t("rof_intro"), elem_id="rof-intro")
        # public API inputs: plain labels (the API's description), put in the page's language by `relabel`
        strength = RawRadio(choices=first_labels(family), value=FIRST_STRENGTH, label=say(DEFAULT, "rof_strength"),
                            elem_id="rof-strength")
        with gr.Row(equal_height=True):
            seed = gr.Number(value=0, precision=0, label=say(DEFAULT, "rof_seed"), elem_id="rof-seed", min_width=120)
            play = gr.Button(t("rof_play"), elem_id="rof-play", min_width=120)
            new_round = gr.Button(t("rof_new_round"), variant="primary", elem_id="rof-new", min_width=120)
        with gr.Row(elem_id="rof-tiles"):
            images, buttons = zip(*(tile(i, lang) for i in range(1, ROUND_SIZE + 1)))
        check = gr.Button(t("rof_check"), variant="primary", elem_id="rof-check")
        score = gr.Markdown(elem_id="rof-score")
        table = gr.Dataframe(headers=[say(DEFAULT, f"rof_col_{c}") for c in COLUMNS], interactive=False,
                             visible=False, elem_id="rof-table")
        record = gr.Markdown(elem_id="rof-record")
        gr.Markdown(t("rof_how"), elem_id="rof-how")
        with gr.Accordion(t("rof_raw"), open=False):
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
            fresh, [*round_inputs, lang], after_round, api_visibility="private")
        starts = [new_round.click(pick_seed, None, seed, api_visibility="private").success,
                  dataset.change(strength_choices, [dataset, lang], strength, api_visibility="private").success,
                  strength.change, seed.submit]
        for start in starts:  # each shows the round its inputs now name
            start(api.real_or_fake_round, round_inputs, list(images), api_visibility="private").success(
                fresh, [*round_inputs, lang], after_round, api_visibility="private")
        stale.drawn_when_opened(tab)  # the first round comes when the tab is first opened (space.widgets.stale)

        check.click(collect, [shown, *buttons, lang], [answer_seed, answer_dataset, answer_strength, guesses],
                    api_visibility="private").success(
            api.real_or_fake_answer, [answer_seed, answer_dataset, answer_strength, guesses], result,
            api_name="real_or_fake_answer").success(
            reveal, [result, tally, lang], [*buttons, score, table, tally], api_visibility="private")
        lang.change(relabel, [shown, result, tally, dataset, *buttons, lang],
                    [*buttons, score, table, record, strength, seed], api_visibility="private",
                    show_progress="hidden")

