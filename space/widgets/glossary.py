"""The words the page uses that the lesson does not explain, each in one line for someone who has read
only the lesson. The About tab lists them all; `term` puts one line on a word where a tab first uses it.
"""
from __future__ import annotations

import html

GLOSSARY: dict[str, str] = {
    "CNN": "a convolutional neural network: a classifier that slides small learned filters over the image",
    "Bayes' rule": "P(class | image) = p(image | class)·P(class) / p(image): turning 'how likely is this image "
                   "for each class' into 'how likely is each class for this image'",
    "nats": "the unit of a natural logarithm (1 nat ≈ 1.44 bits); log-likelihoods of images are counted in it",
    "latent space": "the small space of codes z (a few numbers) from which the decoder or generator makes an image",
    "q(z | image)": "the VAE encoder's answer for one image: a Gaussian over latent codes, not a single code",
    "posterior": "what the codes of one image are believed to be after seeing it: q(z | image) here",
    "prior N(0, I)": "the distribution codes are drawn from before any image is seen: a standard normal in every direction",
    "temperature": "a factor on the noise drawn from the prior: 0 gives its centre, above 1 wilder draws",
    "RMS": "root mean square: the typical size of a pixel difference, 0 when two images are identical",
    "slerp": "spherical interpolation: a path between two noise vectors that keeps their length, as real draws have",
    "conditional batch-norm": "a normalising layer whose scale and shift depend on the class, so one network makes every class",
    "PCA": "principal component analysis: the two directions in which the codes vary most, used to draw them flat",
    "hinge loss": "the GAN's training target: D is pushed to score real images above +1 and fakes below -1, and no further",
    "ELBO": "the evidence lower bound: reconstruction quality minus the KL price, the number a VAE is trained to raise",
    "KL": "Kullback-Leibler divergence: how far the encoder's distribution for an image is from the prior",
    "learning rate": "how big a step each training update takes; too big and training jumps around, too small and it crawls",
}


def markdown() -> str:
    """The whole glossary for the About tab."""
    return "### Words used on this page\n\n" + "\n".join(f"- **{word}**: {meaning}." for word, meaning in GLOSSARY.items())


def term(word: str) -> str:
    """`word` with its one-line meaning shown on hover (HTML the page's Markdown keeps)."""
    return f'<abbr title="{html.escape(GLOSSARY[word])}">{html.escape(word, quote=False)}</abbr>'
