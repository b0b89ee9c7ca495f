"""The Real or fake? tab in English (the words it had before it spoke Korean; the browser tests find them by
these). Same keys as real_or_fake_ko.py. STATIC: texts fixed when the page is built (gr.I18n); SAY: what the
tab's handlers write, in the page's language. The labels of the two inputs of /real_or_fake_round that the
learner sets (strength, seed) are plain strings at build time, as every public API label is, and follow the
language through the tab's handlers (rof_strength, rof_seed)."""
from models.datasets import class_names

STATIC = {
    "rof_tab": "Real or fake?",
    "rof_intro": (
        "### Be the discriminator\n"
        "A GAN is a contest: the discriminator D tells real images from generated ones, the generator G "
        "learns to fool it. Here **you** play D. Each round shows 8 images: some are real test images "
        "(the GAN never saw them), the others were drawn by G. **Tap an image or the button under it** to "
        "mark it real or fake, then check your answers. You see how the trained D did on the same 8 images."),
    "rof_how": (
        "The *generator strength* picks G: as it was after its first epoch of training, halfway (the first "
        "epoch at which it drew the class it was asked for at least half the time), or fully trained. "
        "The round number fixes the round: the same number shows the same images, and at another strength "
        "the same real images with fakes drawn from the same noise by a weaker or stronger G."),
    "rof_play": "Play this round",
    "rof_new_round": "New round",
    "rof_check": "Check my answers",
    "rof_raw": "Raw /real_or_fake_answer result (what API clients receive)",
}

SAY = {
    "rof_strength": "Generator strength",
    "rof_early": "early: after epoch {epoch} of {epochs}",
    "rof_middle": "halfway: after epoch {epoch} of {epochs}",
    "rof_trained": "trained: epoch {epoch} of {epochs}",
    "rof_seed": "Round number (seed)",
    "rof_real": "real",
    "rof_fake": "fake",
    "rof_no_round": "Play a round first.",
    "rof_unmarked_error": "Mark every image real or fake first (tap it): image {places} not marked yet.",
    "rof_score": "**You: {yours} of 8 right. The trained discriminator: {ds} of 8** on the same images.",
    "rof_tally": ("Your rounds this visit: {rounds}, you right on {yours:.0%} of the images, "
                  "D on {ds:.0%} of the same images."),
    "rof_record": ("**How hard is this level?** Over {rounds} rounds (round numbers {first} to {last}), the trained "
                   "discriminator was right on **{d:.0%}** of the images: it called {real:.0%} of the real ones real "
                   "and caught {fake:.0%} of the fakes. Guessing at random is right on 50%."),
    "rof_record_beat": "D averages {per_round:.1f} of 8 per round at this level: can you beat it?",
    # the answer table's columns, in order
    "rof_col_index": "#", "rof_col_truth": "truth", "rof_col_you": "you", "rof_col_p_real": "D: P(real)",
    "rof_col_d_says": "D says", "rof_col_classifier": "classifier sees", "rof_col_made_by": "made by",
    "rof_made_real": "test image #{index}",
    "rof_made_fake": "G, asked for {name}",
    # Fashion-MNIST's classes as the registry names them (Animal-MNIST's are the lesson's class_* texts)
    **{f"class_{name}": name for name in class_names("fashion-mnist")},
}
