"""Train live tab: a small conditional GAN, then a small VAE, trained from scratch while you watch."""
from __future__ import annotations

import gradio as gr

from models.operations.live.live_training import MAX_SECONDS, NOISE_DIM_RANGE, GanSettings
from models.operations.live.live_vae import VaeSettings
from models.operations.live import live_view as view
from space.endpoints import live as api
from space.endpoints import live_line
from space.widgets import stale
from space.widgets.components import RawSlider
from space.i18n import t

INTRO = """### Watch the two networks compete
A small conditional GAN starts from scratch here, on this server's CPU: at step 0 the
generator G turns noise into noise. Press **Start** and watch G's images, one row per class,
for the same fixed noise vectors as it learns; beside them, curves of how strong each network
is. **Pause**, then step by hand: **one D step** or **one G step** is marked on the curves, and
shows G's image of each class before and after it with the discriminator D's P(real) on each.
Only one visitor trains at a time: others wait in a queue and see their position (a short one:
when it is full, you are told when to come back). A run lasts at most two minutes."""

SENTENCES = [f"**{title}.** {sentence}" for title, sentence in zip(("Losses", "D's strength", "G's strength"),
                                                                    view.SENTENCES)]  # one under each curve panel

WATCH_FOR = """**What to watch for.** In the first seconds the rows are grey static; then every row turns
into the same blurry average shape; then the rows part ways, class by class. The images shown
come from a running average of G's weights (steadier than G's latest step; the before/after
pair shows G itself). Every row looking alike means G ignores the class or the noise (mode
collapse). Try a learning rate of 0.01 to see training go unstable, or a noise size of 1."""

VAE_INTRO = """### A VAE learns to reconstruct
The same from-scratch training for a small variational autoencoder: fixed test images, and
under each the VAE's reconstruction of it (decoded from the mean of q(z|x)). They start as
grey blurs and become the right objects. The curves are the two terms of its loss, each on its
own axis: the reconstruction term (how badly it redraws the image) falls fast; the KL term (how far
q(z|x) strays from the prior N(0, I)) first rises as the code starts to carry information."""

PICTURE = dict(format="png", interactive=False, show_label=False, buttons=[], container=False)


def _picture(elem_id: str, wide: bool, crisp: bool = True, **extra) -> gr.Image:
    """An image with nothing over it (no label badge, no toolbar), shown on computers or on phones only;
    `crisp`: enlarged pixel by pixel (images of 28x28 pixels; not text)."""
    classes = ["live-wide" if wide else "live-narrow", *(["live-crisp"] if crisp else [])]
    return gr.Image(elem_id=elem_id, elem_classes=classes, **PICTURE, **extra)


def _click_times(start: gr.Button, pause: gr.Button) -> list[gr.Number]:
    """The browser's clock (ms) at the last Start and Pause clicks, set in the page at once (no round
    trip): a Pause pressed while Start's new session is on its way pauses that run (api.paused_in_between)."""
    times = [gr.Number(visible=False, elem_id=f"{button.elem_id}-clicked") for button in (start, pause)]
    for button, at in zip((start, pause), times):
        button.click(None, None, at, js="() => Date.now()", api_visibility="private")
    return times


def build(dataset: gr.Dropdown) -> None:
    with gr.Tab(t("tab_train_live"), id="train-live", elem_id="train-live-tab") as tab:
        gr.Markdown(INTRO)
        gan_state = gr.State(None, time_to_live=api.STATE_TTL)
        with gr.Row():
            seconds = RawSlider(1, MAX_SECONDS, value=60, step=1, label="Run length (seconds)", elem_id="live-seconds")
            seed = gr.Number(value=0, precision=None, label="Seed", elem_id="live-seed")
            lr = gr.Number(value=GanSettings.lr, label="Learning rate", elem_id="live-lr")
            noise_dim = RawSlider(*NOISE_DIM_RANGE, value=GanSettings.noise_dim, step=1, label="Noise size (length of z)",
                                  elem_id="live-noise")
        with gr.Row():
            start = gr.Button(t("btn_live_start"), variant="primary", elem_id="live-start")
            pause = gr.Button(t("btn_live_pause"), elem_id="live-pause")
            resume = gr.Button(t("btn_live_resume"), elem_id="live-resume")
            reset = gr.Button(t("btn_live_reset"), elem_id="live-reset")
            step_d = gr.Button(t("btn_live_step_d"), elem_id="live-step-d")
            step_g = gr.Button(t("btn_live_step_g"), elem_id="live-step-g")
        step_text = gr.Markdown(elem_id="live-step-text")
        with gr.Column(visible=False, elem_id="live-pair-box") as pair_box:
            pair = [_picture("live-pair", True), _picture("live-pair-narrow", False)]
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=300):
                grids = [_picture("live-grid", True), _picture("live-grid-narrow", False)]
            with gr.Column(scale=1, min_width=300):
                wide, narrow = [], []
                for i, sentence in enumerate(SENTENCES):
                    wide.append(_picture(f"live-curves-{i}", True, crisp=False))
                    narrow.append(_picture(f"live-curves-{i}-narrow", False, crisp=False))
                    gr.Markdown(sentence, elem_classes=["live-sentence"])
        stats = gr.JSON(label="Numbers", elem_id="live-stats")
        gr.Markdown(WATCH_FOR)
        settings = [dataset, seed, lr, noise_dim]
        shown = [gan_state, *grids, *wide, *narrow, stats]  # the order of api.tab_view
        paired = [*shown, step_text, pair_box, *pair]
        run = dict(concurrency_limit=1, concurrency_id=api.CONCURRENCY_ID, time_limit=MAX_SECONDS + 30,
                   api_visibility="private", show_progress="minimal")
        clicked = _click_times(start, pause)
        started = start.click(api.new_gan, settings, paired, api_visibility="private", show_progress="hidden").then(
            api.run_gan, [gan_state, seconds, *settings, *clicked], shown, validator=live_line.admit_gan_start, **run)
        resumed = resume.click(api.resume_gan, [gan_state, seconds, *settings], shown, validator=live_line.admit_gan_run,
                               **run)
        quiet = dict(api_visibility="private", show_progress="hidden")
        pause.click(api.pause, gan_state, None, **quiet)
        reset.click(api.new_gan, settings, paired, api_visibility="private", cancels=[started, resumed])
        for button, network in ((step_d, "discriminator"), (step_g, "generator")):
            button.click(api.step_gan, [gan_state, gr.State(network), *settings], paired,
                         api_visibility="private", cancels=[started, resumed])
        # the public stream: no page state; a captioned gallery, one picture of the curves, the numbers
        api_outputs = [gr.Gallery(visible=False, format="png"), gr.Image(visible=False, format="png"), gr.JSON(visible=False)]
        gr.Button(visible=False).click(api.train_live, [seconds, seed, dataset], api_outputs,
                                       api_name="train_live", concurrency_limit=1, concurrency_id=api.CONCURRENCY_ID,
                                       time_limit=MAX_SECONDS + 30, validator=live_line.admit_train_live)

        gr.Markdown(VAE_INTRO)
        vae_state = gr.State(None, time_to_live=api.STATE_TTL)
        with gr.Row():
            vae_lr = gr.Number(value=VaeSettings.lr, label="Learning rate", elem_id="live-vae-lr")
            vae_start = gr.Button(t("btn_vae_start"), variant="primary", elem_id="live-vae-start")
            vae_pause = gr.Button(t("btn_vae_pause"), elem_id="live-vae-pause")
            vae_resume = gr.Button(t("btn_vae_resume"), elem_id="live-vae-resume")
        vae_pictures = [_picture("live-vae-images", True), _picture("live-vae-images-narrow", False)]
        vae_curves = [_picture("live-vae-curves", True, crisp=False), _picture("live-vae-curves-narrow", False, crisp=False)]
        vae_stats = gr.JSON(label="Numbers", elem_id="live-vae-stats")
        vae_settings = [dataset, seed, vae_lr]
        vae_shown = [vae_state, vae_pictures[0], vae_pictures[1], vae_curves[0], vae_curves[1], vae_stats]  # api.vae_view
        vae_clicked = _click_times(vae_start, vae_pause)
        vae_started = vae_start.click(api.new_vae, vae_settings, vae_shown, api_visibility="private").then(
            api.run_vae, [vae_state, seconds, *vae_settings, *vae_clicked], vae_shown, validator=live_line.admit_vae_start, **run)
        vae_resumed = vae_resume.click(api.resume_vae, [vae_state, seconds, *vae_settings], vae_shown,
                                       validator=live_line.admit_vae_run, **run)
        vae_pause.click(api.pause, vae_state, None, **quiet)
        # read the dataset's files while the visitor reads the intro, not when they press Start
        tab.select(api.preload, dataset, None, api_visibility="private", show_progress="hidden")
        # another dataset: both sessions end and every output of the tab is emptied (api.cleared)
        dataset.change(stale.at_the_switch(api.cleared), None, [*paired, *vae_shown], api_visibility="private",
                       cancels=[started, resumed, vae_started, vae_resumed])
