"""The two kinds of failure a caller of models/ must tell apart, in one place.

`InputError`: a bad argument from a user or a client program (the message is meant for them; the
app shows it as is). `WeightsError`: a model's files are missing or unreadable (the message names
the file). space/endpoints/errors.py turns both, and anything unexpected, into the user's message.
"""


class InputError(ValueError):
    """A bad argument from a user or client program; the message is meant for them."""


class WeightsError(RuntimeError):
    """A model's files are missing or unreadable; the message names the file."""
