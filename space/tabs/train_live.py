"""Train live tab: a small conditional GAN, then a small VAE, trained from scratch while you watch."""
from __future__ import annotations

import gradio as gr

from models.operations.live.live_training import MAX_SECONDS, NOISE_DIM_RANGE, GanSettings
from models.operations.live.live_vae import VaeSettings
from space.endpoints import live as api
from space.endpoints import live_line
from space.widgets.components import RawSlider

INTRO = """### Watch the two networks compete
A small conditional GAN starts from scratch here, on this server's CPU: at step 0 the
generator G turns noise into noise. Press **Start** and watch, one row per class, what G
makes of the same fixed noise vectors as it learns. The curves show the competition: the
discriminator D's mean P(real) on a batch of real images (green) and on a batch of G's
images (red). D pulls them apart, G pulls the red one back up; neither loss goes to zero.
**Pause**, then step by hand: **one D step** lowers D's P(real) on G's images, **one G step**
raises it. Only one visitor trains at a time: if someone else is training, you wait in a queue
and see your position (a short one: when it is full, you are told when to come back). A run lasts
at most two minutes."""

WATCH_FOR = """**What to watch for.** In the first seconds the rows are grey static; then every row turns
into the same blurry average shape; then the rows part ways, class by class. D's P(real) on real
images starts high and the red curve low; when G catches up the two curves come together
(around 0.5) and wobble: the competition, not a failure. A curve stuck with red at 0 means D has
won and G learns nothing; every row looking alike means G ignores the class or the noise (mode
collapse). Try a learning rate of 0.01 to see training go unstable, or a noise size of 1."""

VAE_INTRO = """### A VAE learns to reconstruct
The same from-scratch training for a small variational autoencoder: the top row are fixed test
images, the bottom row the VAE's reconstruction of each (decoded from the mean of q(z|x)). They
start as grey blurs and become the right objects. The curves are the two terms of its loss:
the reconstruction term (how badly it redraws the image) falls fast; the KL term (how far q(z|x)
strays from the prior N(0, I)) first rises as the code starts to carry information."""


def build(dataset: gr.Dropdown) -> None:
    with gr.Tab("Train live", id="train-live") as tab:
        gr.Markdown(INTRO)
        gan_state = gr.State(None, time_to_live=api.STATE_TTL)
        with gr.Row():
            seconds = RawSlider(1, MAX_SECONDS, value=60, step=1, label="Run length (seconds)", elem_id="live-seconds")
            seed = gr.Number(value=0, precision=None, label="Seed", elem_id="live-seed")
            lr = gr.Number(value=GanSettings.lr, label="Learning rate", elem_id="live-lr")
            noise_dim = RawSlider(*NOISE_DIM_RANGE, value=GanSettings.noise_dim, step=1, label="Noise size (length of z)",
                                  elem_id="live-noise")
        with gr.Row():
            start = gr.Button("Start", variant="primary", elem_id="live-start")
            pause = gr.Button("Pause", elem_id="live-pause")
            resume = gr.Button("Resume", elem_id="live-resume")
            reset = gr.Button("Reset", elem_id="live-reset")
            step_d = gr.Button("One D step", elem_id="live-step-d")
            step_g = gr.Button("One G step", elem_id="live-step-g")
        step_text = gr.Markdown(elem_id="live-step-text")
        with gr.Row():
            gallery = gr.Gallery(label="G's images for fixed noise, one row per class", columns=1, format="png",
                                 object_fit="contain", elem_classes=["pixelated"], elem_id="live-gallery", height=640)
            with gr.Column():
                curves = gr.Image(label="Losses and D's P(real)", format="png", interactive=False, elem_id="live-curves")
                stats = gr.JSON(label="Numbers", elem_id="live-stats")
        gr.Markdown(WATCH_FOR)
        settings = [dataset, seed, lr, noise_dim]
        shown = [gan_state, gallery, curves, stats]
        run = dict(concurrency_limit=1, concurrency_id=api.CONCURRENCY_ID, time_limit=MAX_SECONDS + 30,
                   api_visibility="private", show_progress="minimal")
        started = start.click(api.new_gan, settings, [*shown, step_text], api_visibility="private").then(
            api.run_gan, [gan_state, seconds, *settings], shown, validator=live_line.admit_gan_run, **run)
        resumed = resume.click(api.run_gan, [gan_state, seconds, *settings], shown, validator=live_line.admit_gan_run,
                               **run)
        pause.click(None, cancels=[started, resumed])
        reset.click(api.new_gan, settings, [*shown, step_text], api_visibility="private", cancels=[started, resumed])
        for button, network in ((step_d, "discriminator"), (step_g, "generator")):
            button.click(api.step_gan, [gan_state, gr.State(network), *settings], [*shown, step_text],
                         api_visibility="private", cancels=[started, resumed])
        # the public stream: no page state, the same outputs (a hidden trigger: the API is its only caller)
        gr.Button(visible=False).click(api.train_live, [seconds, seed, dataset], [gallery, curves, stats],
                                       api_name="train_live", concurrency_limit=1, concurrency_id=api.CONCURRENCY_ID,
                                       time_limit=MAX_SECONDS + 30, validator=live_line.admit_train_live)

        gr.Markdown(VAE_INTRO)
        vae_state = gr.State(None, time_to_live=api.STATE_TTL)
        with gr.Row():
            vae_lr = gr.Number(value=VaeSettings.lr, label="Learning rate", elem_id="live-vae-lr")
            vae_start = gr.Button("Start VAE", variant="primary", elem_id="live-vae-start")
            vae_pause = gr.Button("Pause VAE", elem_id="live-vae-pause")
            vae_resume = gr.Button("Resume VAE", elem_id="live-vae-resume")
        with gr.Row():
            vae_gallery = gr.Gallery(label="Test images and their reconstructions", columns=1, format="png",
                                     object_fit="contain", elem_classes=["pixelated"], elem_id="live-vae-gallery")
            with gr.Column():
                vae_curves = gr.Image(label="Loss terms", format="png", interactive=False, elem_id="live-vae-curves")
                vae_stats = gr.JSON(label="Numbers", elem_id="live-vae-stats")
        vae_settings = [dataset, seed, vae_lr]
        vae_shown = [vae_state, vae_gallery, vae_curves, vae_stats]
        vae_started = vae_start.click(api.new_vae, vae_settings, vae_shown, api_visibility="private").then(
            api.run_vae, [vae_state, seconds, *vae_settings], vae_shown, validator=live_line.admit_vae_run, **run)
        vae_resumed = vae_resume.click(api.run_vae, [vae_state, seconds, *vae_settings], vae_shown,
                                       validator=live_line.admit_vae_run, **run)
        vae_pause.click(None, cancels=[vae_started, vae_resumed])
        # read the dataset's files while the visitor reads the intro, not when they press Start
        tab.select(api.preload, dataset, None, api_visibility="private", show_progress="hidden")
        # another dataset: this page's sessions end (the next Start trains on the new data)
        dataset.change(lambda: (None, None), None, [gan_state, vae_state], api_visibility="private",
                       cancels=[started, resumed, vae_started, vae_resumed])
