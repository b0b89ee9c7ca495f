"""Every word issue 37 found unexplained on the page has a one-line meaning in About, and hover text where used."""
import html

from space.tabs import about, classify, reconstruct
from space.widgets import glossary

UNEXPLAINED_ON_THE_PAGE = ("CNN", "Bayes' rule", "nats", "latent space", "q(z | image)", "posterior", "prior N(0, I)",
                           "temperature", "RMS", "slerp", "conditional batch-norm", "PCA", "hinge loss", "ELBO", "KL",
                           "learning rate")


def test_every_word_has_a_meaning_in_the_about_tab():
    text = about.about_markdown([])
    for word in UNEXPLAINED_ON_THE_PAGE:
        assert f"**{word}**: " in text and len(glossary.GLOSSARY[word]) > 20, word


def test_a_word_carries_its_meaning_as_hover_text_where_a_tab_uses_it():
    assert glossary.term("KL") == f"<abbr title=\"{html.escape(glossary.GLOSSARY['KL'])}\">KL</abbr>"
    assert glossary.term("Bayes' rule") in classify.GENERATIVE
    assert glossary.term("latent space") in reconstruct.INTRO and glossary.term("posterior") in reconstruct.INTRO
