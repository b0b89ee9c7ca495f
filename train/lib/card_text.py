"""The prose of the model cards, per model kind; train/lib/card.py fills in the numbers (and the
dataset's own text from models/datasets.py).

Architecture lines are formatted from config.json, so they follow the saved model.
"""

TITLES = {"classifier": "classifier", "vae": "variational autoencoder (VAE)", "gan": "class-conditional GAN"}

PIPELINE_TAGS = {
    "classifier": "image-classification",
    "vae": "unconditional-image-generation",
    # There is no class-conditional tag on the Hub; with "any" class it generates unconditionally.
    "gan": "unconditional-image-generation",
    "cvae": "image-classification",  # its new job here; it also generates a chosen class
}

TAGS = {
    "classifier": ["image-classification", "cnn"],
    "vae": ["vae", "variational-autoencoder", "generative-models"],
    "gan": ["gan", "conditional-gan", "generative-models"],
    "cvae": ["vae", "conditional-vae", "generative-classifier", "generative-models"],
}

SUMMARY = {
    "classifier": "A small CNN that predicts which of the {n} {dataset} classes a 28×28 grayscale image shows "
                  "(the discriminative model, P(Y|X)).",
    "vae": "A convolutional variational autoencoder for {dataset}: it encodes an image to a distribution over a "
           "{latent_dim}-dimensional latent space and decodes latent points back to images, so it can "
           "reconstruct, interpolate and sample new images from the prior.",
    "gan": "A class-conditional generative adversarial network for {dataset}: the generator G(z, y) turns noise "
           "and a class into a 28×28 image, the discriminator D(x, y) scores real vs generated. Both networks "
           "are in this folder; the generator alone is used for sampling.",
}

INTENDED_USE = {
    "classifier": "Teaching and demos: classifying images like the training data, and serving as the feature "
                  "extractor for this project's Fréchet distances and label fidelity. Photos or drawings must "
                  "first be preprocessed like the dataset (grayscale, light object on black, centred, 28×28).",
    "vae": "Teaching and demos of latent-variable generative models: reconstructions, latent interpolation, "
           "samples from the prior. Not a density model for anything but images like the training data.",
    "gan": "Teaching and demos of conditional generation: sample an image of a requested class (or of a random "
           "class). Samples are synthetic 28×28 images, not photos.",
}

ARCHITECTURE = {
    "classifier": "VGG-style CNN: {stages} stages of two 3×3 convolution–batch-norm–ReLU layers (widths "
                  "{widths}) with 2×2 max-pooling between stages, global average pooling, a {feature_dim}-unit "
                  "ReLU embedding (the penultimate features used for Fréchet distances), dropout {dropout}, and a "
                  "linear head over {n} classes. Inputs in [0, 1] are standardised with mean {mean} and std {std} "
                  "inside the model.",
    "vae": "Encoder: two stride-2 4×4 convolutions (28→14→7, widths {width} and {width2}), a 3×3 convolution and "
           "a linear layer giving the mean and log-variance of a diagonal Gaussian q(z|x) over {latent_dim} "
           "dimensions. Decoder: the mirror image with transposed convolutions, SiLU activations, ending in "
           "per-pixel means (a sigmoid). Likelihood: {likelihood_text}. Prior: standard normal N(0, I).",
    "gan": "Generator: {noise_dim}-dimensional standard-normal noise, a linear layer to 7×7×{g_width4}, two "
           "nearest-neighbour-upsample + 3×3-convolution blocks (7→14→28) with class-conditional batch-norm, "
           "tanh output. Discriminator: spectral-normalised CNN (base width {d_width}) with a projection head for "
           "the class (Miyato & Koyama 2018); trained with the hinge loss.",
}

METRIC_NOTES = {
    "classifier": [
        "Accuracy over the full test split; the confusion matrix counts true classes (rows) against "
        "predictions (columns).",
    ],
    "vae": [
        "**Likelihood:** as stated under Architecture (config.json's `likelihood`), with a standard normal "
        "prior N(0, I). The negative ELBO is estimated with **one posterior sample per image** for the "
        "reconstruction term and the **analytic** Gaussian KL. Pixel intensities are treated as continuous, so "
        "the figure is comparable only between models scored the same way.",
        "Reconstruction MSE and the classifier's accuracy use the **posterior-mean** reconstruction "
        "decode(μ(x)); the accuracy on the same original test images is shown for reference.",
        "FD: Fréchet distance between decoded prior samples and the test split in the penultimate features of "
        "this project's classifier (Inception weights are not available here), so numbers are comparable "
        "within this project only; the FD of real train images vs test is the floor.",
    ],
    "gan": [
        "**Label fidelity:** the share of class-balanced generated samples that this project's classifier "
        "assigns to the requested class.",
        "**FD:** Fréchet distance to the test split in the penultimate features of this project's classifier "
        "(Inception weights are not available here), with the same features and the same number of images for "
        "GAN samples, VAE prior samples and real train images (the floor). Comparable within this project "
        "only, not with published FIDs.",
        "Samples come from the generator in eval mode (the weights and mode the app serves).",
    ],
}

LOAD = {
    "classifier": ("from models.networks.classifier import Classifier",
                   'model = Classifier.from_pretrained("{repo}").eval()',
                   "probs = model.predict_proba(images)  # images: (B, 1, 28, 28) floats in [0, 1]; "
                   "calibrated: softmax(logits / temperature), then config.json's top-label map if it has one"),
    "vae": ("from models.networks.vae import VAE",
            'vae = VAE.from_pretrained("{repo}").eval()',
            "images = vae.sample_prior(16)  # (16, 1, 28, 28) in [0, 1]; vae.encode / vae.decode too"),
    "gan": ("from models.networks.gan import ConditionalGAN",
            'gan = ConditionalGAN.from_pretrained("{repo}").eval()',
            "images = gan.generate(gan.noise(8), gan.random_labels(8))  # (8, 1, 28, 28) in [0, 1]"),
}

LIMITATIONS = {
    "classifier": [
        "Knows only the 10 classes of its dataset and always answers one of them, also for unrelated images.",
        "Trained on centred, light-on-black 28×28 images; real photos need the same preprocessing and "
        "still differ from the data, so expect lower accuracy on them.",
    ],
    "vae": [
        "Reconstructions lose fine texture and prior samples are blurrier than the GAN's, as usual for a VAE "
        "with a pixel-wise likelihood.",
        "Only meaningful for 28×28 grayscale images like its training data.",
    ],
    "gan": [
        "Samples can show artefacts or drift between classes; label fidelity and FD above quantify this.",
        "Can reproduce biases and gaps of its training images; it has no notion of real objects.",
        "Only 28×28 grayscale images.",
    ],
}

COMMON_LIMITATIONS = [
    "Fréchet distances and label fidelity are measured with this project's own classifier, so they inherit its "
    "errors and are not comparable with published (Inception-based) FID numbers.",
]
