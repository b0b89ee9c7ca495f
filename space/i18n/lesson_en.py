"""The Lesson tab in English: STATIC texts for the page (gr.I18n), SAY templates the server fills in.

Same keys as lesson_ko.py (tests/test_i18n.py). Static texts must not contain braces.
"""

STATIC = {
    "lesson_tab": "Lesson",
    "lesson_intro": (
        "### The lesson, step by step\n"
        "The introduction to generative models, one claim at a time, tried on real models trained here on "
        "animal silhouettes (Animal-MNIST: cats, dogs and eight more animals). Each step has a few sentences, "
        "**one** button and its answer right under it; the link at the end of a step opens the lab tab that "
        "goes deeper. The lesson's own numbers are here too: the noise vector `[-5 3 2.6]` becomes a dog in "
        "step 3. The lesson always uses the animal models; the dataset switch above is for the lab tabs."),
    "language_label": "Language",
    "nav_back": "← Back",
    "nav_next": "Next →",
    "more_classify": "More in the Classify tab →",
    "more_about": "More in the About tab →",
    "more_generate": "More in the Generate tab →",
    "more_reconstruct": "More in the Reconstruct tab →",
    "more_explore": "More in the Explore tab →",
    "more_train_live": "More in the Train live tab →",
    "more_compare": "More in the Compare tab →",
    "more_real_or_fake": "Be the discriminator yourself: the Real or fake? tab →",

    "s1_title": "Discriminative: P(Y|X)",
    "s1_text": (
        "A **discriminative** model looks at an image *x* and answers one question: which class *y* is it? "
        "Its answer is a probability for every class, **P(Y|X)**. Press a button: the classifier judges a dog "
        "(or a cat) it never saw in training, and the coloured picture shows *what it looked at*: the pixels "
        "that raised the probability of its answer, the lesson's \"features X\" made visible."),
    "s1_dog": "Classify the dog",
    "s1_cat": "Classify the cat",
    "s1_seen": "What the model saw (28×28)",
    "s1_saliency": "What raised the probability of its answer",
    "s1_probabilities": "P(class | image)",

    "s2_title": "It needs labels",
    "s2_text": (
        "To learn P(Y|X), the classifier was shown every training image **together with its answer**, "
        "\"this is a dog\": a **label**, written by a person. Labels cost work, and a discriminative model "
        "cannot learn without them. Press the button to see how many it learned from, and which of this "
        "Space's models needed labels at all."),
    "s2_button": "Count the labels",

    "s3_title": "Noise in, a dog out",
    "s3_text": (
        "A **generative** model works the other way round: it starts from random numbers, a **noise "
        "vector** *z*, and turns them into an image. The lesson writes one as `[-5 3 2.6]`. This GAN's *z* "
        "has 64 numbers: the ones in the box become its first entries, the rest come from a fixed seed. "
        "Change the numbers if you like, and press the button."),
    "s3_noise": "Noise vector z (its first numbers)",
    "s3_button": "Make a dog from this noise",
    "s3_image": "G(z, dog): the generator's picture",

    "s4_title": "No noise, the same dog; more noise, more dogs",
    "s4_text": (
        "The noise is what makes each picture different. The slider multiplies eight noise vectors: at "
        "**0** there is no noise left, and the eight pictures are the same dog; turn it up and the dogs "
        "part ways. Release the slider to draw them."),
    "s4_scale": "Noise scale (0: no noise, 1: as in training)",
    "s4_gallery": "Eight dogs from eight noise vectors",

    "s5_title": "A generative model learns what dogs look like",
    "s5_text": (
        "A generative model learns **how likely an image is** in each class: p(x | dog), p(x | cat), … "
        "Bayes' rule turns these into P(class | x), the classifier's kind of answer reached the other way "
        "round. Press the button: both models judge the dog, and then an image that is no animal at all, "
        "an ankle boot."),
    "s5_button": "Ask both models",
    "s5_images": "The two images",

    "s6_title": "The encoder gives a distribution, not a point",
    "s6_text": (
        "A VAE's **encoder** does not turn the dog into one point of its latent space but into a "
        "**distribution** q(z|x): a mean and a spread in each of its 32 dimensions. Press the button: on "
        "the left, the latent space seen along its two main directions, the prior p(z) = N(0, I) the "
        "decoder draws from (blue) and the dog's posterior (red); on the right, the posterior enlarged so "
        "its spread shows, with a few samples as dots, decoded below."),
    "s6_button": "Encode the dog",
    "s6_plot": "Latent space: prior p(z) and the dog's posterior q(z|x)",
    "s6_gallery": "The mean and the samples, decoded",

    "s7_title": "At first the decoder is bad",
    "s7_text": (
        "A decoder learns to draw by trial and error. Press the button: a small VAE starts from scratch on "
        "this server and redraws the dog after 0, 10, 20, 40, 80 and 160 training steps (a few seconds). "
        "First it draws noise, then a grey blur, then, step by step, the dog: the lesson's \"red-eyed dog\" "
        "is such a stage, a decoder that has not learned yet."),
    "s7_button": "Train a decoder from scratch",
    "s7_gallery": "The dog, redrawn as training goes on",

    "s8_title": "The decoder alone makes new dogs",
    "s8_text": (
        "Once trained, the decoder needs no image at all: give it a random point of the latent space and "
        "it draws something new. Here the class-conditional VAE's decoder draws eight random points of the "
        "class *dog*. Press again for eight other points."),
    "s8_button": "Decode eight random points as dogs",
    "s8_gallery": "New dogs, from the decoder alone",

    "s9_title": "The discriminator tells real from fake",
    "s9_text": (
        "A GAN trains two networks against each other. The **discriminator** D looks at an image and says "
        "how likely it is a **real** one from the training data rather than a fake made by the generator "
        "G. Press the button: D judges a real dog, a dog G made, and random pixels."),
    "s9_button": "Show D three images",
    "s9_gallery": "D's P(real), as a dog",

    "s10_title": "They compete and both grow stronger",
    "s10_text": (
        "G tries to fool D, and D tries not to be fooled: each one's progress is the other's lesson. Press "
        "the button: a small GAN starts from scratch on this server and trains for 20 seconds. Watch G's "
        "dogs and the curves: D's P(real) on real images (green) and on G's images (red). D pulls the two "
        "apart, G pulls the red one back up."),
    "s10_button": "Start a 20-second match",
    "s10_row": "G's dogs, for eight fixed noise vectors",
    "s10_curves": "Losses, and D's P(real) on real and generated images",

    "s11_title": "Any noise gives a dog",
    "s11_text": (
        "Once G has learned, any noise vector gives a picture of the class you ask for. The lesson's "
        "example is `[-5 6.2 8]`: the button makes a dog from it and from five more vectors. Under each "
        "picture: what the classifier thinks it shows."),
    "s11_noise": "Your noise vector (its first numbers)",
    "s11_button": "Make dogs from these vectors",
    "s11_gallery": "One dog per noise vector",

    "s12_title": "The discriminator is a discriminative model too",
    "s12_text": (
        "D answers a question about an image, just like the classifier: both learn P(answer | image), and "
        "neither can draw anything. Only the question differs: D asks *is this a real dog or a fake?* (two "
        "answers), the classifier asks *which of ten animals is this?* Pick an image to see both answers "
        "side by side."),
    "s12_choice": "The image",
    "s12_real": "a real dog",
    "s12_fake": "a dog made by G",
    "s12_cat": "the cat",
    "s12_noise": "random pixels",
}

SAY = {
    "class_bear": "bear", "class_bird": "bird", "class_cat": "cat", "class_cow": "cow", "class_dog": "dog",
    "class_elephant": "elephant", "class_giraffe": "giraffe", "class_horse": "horse", "class_sheep": "sheep",
    "class_zebra": "zebra",

    "s2_counts": (
        "The classifier learned from **{train:,}** labelled images, each seen {epochs} times: "
        "**{looks:,}** looks at a label. {validation:,} more labelled images were kept aside to check it "
        "during training."),
    "s2_header": "| model | learns | labels? |\n|---|---|---|",
    "s2_row_classifier": "| CNN classifier | P(Y\\|X) | {uses}: the answer it learns *is* the label |",
    "s2_row_vae": "| VAE | p(X), images alone | {uses} |",
    "s2_row_cvae": "| class-conditional VAE | p(X\\|Y) | {uses}, so that you can ask for a dog |",
    "s2_row_gan": "| conditional GAN | images of a chosen class | {uses}, so that you can ask for a dog |",
    "yes": "**yes**",
    "no": "**no**",
    "s2_after": (
        "The VAE learned from the pictures alone. Generative models need no labels to make images; the "
        "class-conditional ones here use them only to make the class you ask for."),

    "s3_vector": "The whole noise vector z it came from ({length} numbers, yours first):",
    "s3_verdict": "The classifier says: **{says}** ({p:.0%}).",

    "s4_spread": (
        "Scale **{scale:g}**: the eight dogs differ by **{spread:.3f}** on average (root-mean-square pixel "
        "difference; 0 = identical pictures)."),

    "s5_dog": "the dog",
    "s5_boot": "an ankle boot",
    "s5_table": (
        "| | {dog} | {boot} |\n|---|---|---|\n"
        "| log p(x \\| {dog_class}), nats | {dog_as_dog:.0f} | {boot_as_dog:.0f} |\n"
        "| likeliest class, log p(x \\| y) | {dog_best} ({dog_best_log_p:.0f}) | {boot_best} ({boot_best_log_p:.0f}) |\n"
        "| generative P(y \\| x) | {dog_best} {dog_gen_p:.0%} | {boot_best} {boot_gen_p:.0%} |\n"
        "| CNN's P(Y \\| X) | {dog_cnn} {dog_cnn_p:.0%} | {boot_cnn} {boot_cnn_p:.0%} |"),
    "s5_apart": (
        "The boot is **{gap:.0f} nats** less likely under its likeliest class than the dog as a dog: "
        "e^{gap:.0f} times less likely, unlike every animal the generative model learned. The CNN still answers "
        "**{boot_cnn}** with {boot_cnn_p:.0%}: it learned only the borders between classes, so it must pick one."),
    "s5_close": (
        "Here the boot comes out only {gap:.0f} nats below the dog: whole-image likelihoods of deep "
        "generative models can rank unfamiliar images wrongly (Nalisnick et al. 2019), so this is no proof "
        "either way. The CNN answers **{boot_cnn}** with {boot_cnn_p:.0%}."),
    "s5_units": "log p in nats (a density over pixels, so it can be above 0): d nats apart = e^d times as likely.",

    "s6_mean": "mean μ",
    "s6_sample": "sample {number}",
    "s6_numbers": (
        "The encoder's spread σ: **{mean_sigma:.3f}** on average over the {dims} dimensions (from "
        "{min_sigma:.3f} to {max_sigma:.3f}), against 1 for the prior. It is sure of this dog, so its samples "
        "decode to nearly the same picture: they differ from the mean's by {spread:.3f} (root-mean-square "
        "pixel difference). The zoom enlarges the posterior {zoom}×."),

    "s7_step": "after {steps} steps",
    "s7_original": "the dog",
    "s7_trained": "the trained VAE ({epochs} epochs)",
    "s7_progress": "Training: **{steps}** of {total} steps, {seconds:.1f} s.",
    "s7_done": (
        "Done: **{total}** steps in {seconds:.1f} s. The last picture is the Space's own VAE, trained for "
        "{epochs} epochs, for comparison."),

    "s8_seed": "Eight random points of the class dog (seed {seed}); press again for others.",
    "s8_caption": "dog {number}",

    "s9_real": "a real dog",
    "s9_fake": "a dog made by G",
    "s9_noise": "random pixels",
    "s9_caption": "{what} · P(real) = {p:.2f}",
    "s9_note": (
        "D gives the real dog **{real:.2f}**, G's dog **{fake:.2f}**, random pixels **{noise:.2f}**."),
    "s9_noise_low": " Random pixels come out least real, as they should.",
    "s9_noise_high": (
        " Random pixels come out *more* real than G's dog: in training D saw only real animals and G's "
        "pictures, never random pixels, and outside what it was trained on its answer means nothing. D "
        "learned to tell real from G's fakes, not what \"real\" means."),

    "s10_stats": (
        "**{seconds:.0f} s**, {steps} steps. D's P(real): **{d_real:.2f}** on real images, **{d_fake:.2f}** on "
        "G's. Losses: D {d_loss:.2f}, G {g_loss:.2f}."),
    "s10_start": "Step 0: G has not learned anything yet; its dogs are noise.",

    "s10_done": (
        "Done: **{steps}** steps in {seconds:.0f} s of training. D's P(real): **{d_real:.2f}** on real images, "
        "**{d_fake:.2f}** on G's. Compare the first and the last dogs: both players grew stronger together."),

    "s11_caption": "{noise} · classifier: {says} {p:.0%}",

    "s12_d_question": "D asks: is this a real image of a dog?",
    "s12_cnn_question": "The classifier asks: which animal is this?",
    "s12_real": "real",
    "s12_fake": "fake",
    "s12_difference": (
        "Both answers are probabilities of an *answer* given the image: P(real | x) and P(class | x). "
        "Neither model can say how a dog looks; that takes a generative model."),
}
