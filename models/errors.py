"""The two kinds of failure a caller of models/ must tell apart, in one place.

`InputError`: a bad argument from a user or a client program (the message is meant for them; the
app shows it as is). `WeightsError`: a model's files are missing or unreadable (the message names
the file). space/endpoints/errors.py turns both, and anything unexpected, into the user's message.
"""


ECHO_CHARS = 60  # a refused value is shown in a message up to this many characters, then cut


def shown(value) -> str:
    """How a refused value appears in a message: its repr, cut after ECHO_CHARS characters (a client
    may send 100 KB of text; the message names it without sending it back)."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long for Python to write out
        return "an integer with thousands of digits"
    if len(text) <= ECHO_CHARS:
        return text
    return f"{text[:ECHO_CHARS]}... ({len(text):,} characters)"


class InputError(ValueError):
    """A bad argument from a user or client program; the message is meant for them."""


class WeightsError(RuntimeError):
    """A model's files are missing or unreadable; the message names the file."""
