"""What each measured figure is called on the page, its unit, and what it means, in one place.

The keys are those of the models' metrics.json files (train/evaluate.py). The About tab
and the Compare tab read their names and meanings here, so no raw key reaches a visitor.
"""
from __future__ import annotations

FD_PLAIN = ("**FD (Fréchet distance)**: how far apart two sets of images are, compared through the "
            "classifier's internal features (their average and their spread). 0 means the two sets "
            "cannot be told apart this way; lower is closer to the real test images.")

# key -> (readable name, unit, one-line meaning). Unit "%" shows a fraction as a percentage;
# "count" a whole number; the VAE's figures are given as positive log-likelihoods.
FIGURES: dict[str, tuple[str, str, str]] = {
    "accuracy": ("Test accuracy", "%", "share of test images whose most likely class is the true one"),
    "baseline_accuracy": ("Baseline test accuracy", "%",
                          "a logistic regression on raw pixels, for comparison: what the CNN adds"),
    "parameters": ("Parameters", "count", "learned numbers in the network"),
    "elbo_nats": ("ELBO (evidence lower bound)", "nats per image",
                  "a lower bound on log p(image); higher is better. A density on continuous pixels, so it can exceed 0"),
    "reconstruction_loglik_nats": ("Reconstruction log-likelihood", "nats per image",
                                   "how well the decoder explains an image from one draw of its code; higher is better"),
    "kl_nats": ("KL divergence, posterior from prior", "nats per image",
                "how much the code of an image says about it; the price paid in the ELBO (ELBO = reconstruction − KL)"),
    "reconstruction_mse_per_pixel": ("Reconstruction error (mean squared, per pixel)", "",
                                     "average squared difference between an image and its reconstruction, pixels in [0, 1]"),
    "classifier_accuracy_on_reconstructions": ("Classifier accuracy on reconstructions", "%",
                                               "how often the classifier still recognises the class after encoding and decoding"),
    "classifier_accuracy_on_originals": ("Classifier accuracy on the same originals", "%",
                                         "the same test images before reconstruction, for comparison"),
    "generator_parameters": ("Generator parameters", "count", "learned numbers in G"),
    "discriminator_parameters": ("Discriminator parameters", "count", "learned numbers in D"),
    "label_fidelity": ("Label fidelity", "%", "how often the classifier recognises the class the generator was asked for"),
    "fd_gan_vs_test": ("FD, GAN samples to test images", "", "lower is closer to real"),
    "fd_vae_prior_vs_test": ("FD, VAE prior samples to test images", "", "lower is closer to real"),
    "fd_train_vs_test": ("FD, real training images to test images", "", "the floor: what two real samples score"),
    "fd_ratio_gan_over_vae": ("FD of the GAN ÷ FD of the VAE", "×", "below 1: the GAN's samples are closer to real than the VAE's"),
    "generative_accuracy": ("Generative classifier test accuracy", "%",
                            "Bayes' rule on p(image | class)·p(class): how often its most likely class is the true one"),
    "classifier_accuracy": ("CNN accuracy on the same test images", "%", "the discriminative answer, for comparison"),
    "k": ("Latent draws (K) for that accuracy", "count", "more draws tighten the bound on log p(image | class)"),
    "app_k": ("Latent draws per likely class (K) in the app", "count", "what /classify_generative uses"),
    "refined_classes": ("Classes given all K draws in the app", "count",
                        "after one draw per class ranks them; the rest keep that one draw"),
    "decodes_per_image": ("Decoder passes per upload", "count", "classes + refined classes × (K − 1)"),
    "seconds_per_image": ("Seconds per upload, generative scoring", "s", "one image, as the app scores it"),
    "ood_images": ("Images per set in the unfamiliar-image test", "count", "other dataset, blank and noise images"),
    "fd_cvae_vs_test": ("FD, conditional VAE samples to test images", "", "lower is closer to real"),
    "fd_cvae_learned_prior_vs_test": ("FD, conditional VAE samples from the learned prior to test images", "",
                                      "the same, drawing codes from the prior training learned (not served)"),
    "label_fidelity_learned_prior": ("Label fidelity, learned prior", "%", "the same, with that prior"),
    "fd_cvae_fitted_prior_vs_test": ("FD, conditional VAE samples from the fitted prior to test images", "",
                                     "the same, drawing codes from mixtures fitted to training codes (not served)"),
    "label_fidelity_fitted_prior": ("Label fidelity, fitted prior", "%", "the same, with that prior"),
    "fitted_components": ("Gaussians per class in the fitted prior", "count", "chosen on the validation split"),
    "fitted_draws": ("Codes drawn per training image for the fitted prior", "count",
                     "0: each image's mean code; more: draws from its posterior, so the prior covers its spread"),
    "fd_ratio_cvae_over_gan": ("FD of the conditional VAE ÷ FD of the GAN", "×",
                               "same run, same sample count; the target is at most 3×"),
    "sample_noise_scale": ("Noise scale of those samples", "", "1: the class's prior itself"),
}

# metrics.json stores the VAE's figures as losses (−log-likelihoods, so "negative ELBO" can be
# negative); shown as log-likelihoods, higher is better, the sign turned once here.
NEGATED = {"negative_elbo_nats": "elbo_nats", "reconstruction_nats": "reconstruction_loglik_nats"}


def readable(metrics: dict) -> list[tuple[str, str, str]]:
    """(name, value with unit, meaning) for every numeric figure of a metrics.json, in FIGURES order."""
    scalars = {NEGATED.get(k, k): (-v if k in NEGATED else v) for k, v in metrics.items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    keys = [k for k in FIGURES if k in scalars] + sorted(k for k in scalars if k not in FIGURES)
    return [(*_name_and_value(k, scalars[k]), FIGURES.get(k, ("", "", ""))[2]) for k in keys]


def _name_and_value(key: str, value: float) -> tuple[str, str]:
    name, unit, _ = FIGURES.get(key, (key.replace("_", " ").capitalize(), "", ""))
    if unit == "%":
        return name, f"{100 * value:.2f} %"
    if unit == "count":
        return name, f"{int(value):,}"
    shown = f"{value:.4g}" if abs(value) < 1000 else f"{value:,.1f}"
    return name, f"{shown} {unit}".strip() if unit != "×" else f"{shown}×"
