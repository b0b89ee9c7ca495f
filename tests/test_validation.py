"""Argument checks: long number text is refused by its length, echoed values are cut, messages name the parameter."""
import pytest

from models.datasets import get as dataset_entry
from models.operations.common.validation import (ECHO_CHARS, InputError, parse_classes, parse_float, parse_int,
                                                 parse_label, parse_seed, shown)
from models.operations.live.live_training import parse_lr, parse_seconds
from models.operations.noise.noise import parse_noise

CLASSES = ["Coat", "Bag"]


@pytest.mark.parametrize("parse, name", [(parse_seed, "seed"), (parse_seconds, "seconds"),
                                         (lambda v: parse_int(v, "count", 1, 64), "count"),
                                         (lambda v: parse_int(v, "samples", 0, 16), "samples")])
def test_5000_digits_of_text_are_refused_by_length_naming_the_parameter(parse, name):
    for text in ("9" * 5000, "-" + "1" * 5000, " +" + "7" * 4301 + " "):
        with pytest.raises(InputError) as caught:
            parse(text)
        message = str(caught.value)
        assert message.startswith(f"{name} must be between") and "digits" in message and len(message) < 200, message


def test_leading_zeros_do_not_count_and_in_range_text_still_parses():
    assert parse_int("0" * 5000 + "12", "count", 1, 64) == 12
    assert parse_seed("4294967295") == 4294967295
    with pytest.raises(InputError, match="seed must be between 0 and 4294967295, got 4294967296"):
        parse_seed("4294967296")  # as many digits as the top of the range: compared as a number


@pytest.mark.parametrize("text", ["+-5", "٣", "²", "1_000", "0x10"])
def test_integer_text_is_ascii_digits_with_one_sign(text):
    with pytest.raises(InputError, match="count must be an integer \\(1 to 64\\), got the text"):
        parse_int(text, "count", 1, 64)


def test_huge_integers_and_long_floats_get_short_messages():
    with pytest.raises(InputError, match="seed must be between 0 and 4294967295, got an integer with thousands"):
        parse_seed(10**5000)
    for value in (10**400, -(10**400)):
        with pytest.raises(InputError, match="noise_scale must be between 0 and 3"):
            parse_float(value, "noise_scale", 0, 3)
    with pytest.raises(InputError, match="noise_scale must be a number from 0 to 3, got a text of 5,000 characters"):
        parse_float("1" * 5000, "noise_scale", 0, 3)
    with pytest.raises(InputError, match="lr \\(learning rate\\) must be from"):
        parse_lr(10**400)
    with pytest.raises(InputError, match="noise entry 1 is"):
        parse_noise([10**400], 8)


@pytest.mark.parametrize("parse", [lambda v: parse_classes(v, CLASSES, "fashion-mnist"),
                                   lambda v: parse_label(v, CLASSES, "fashion-mnist"),
                                   dataset_entry])
def test_a_100_kb_value_is_not_echoed_whole(parse):
    with pytest.raises(InputError) as caught:
        parse("x" * 100_000)
    assert len(str(caught.value)) < 400 and "100,002 characters" in str(caught.value)


def test_every_refusal_of_classes_names_the_parameter():
    for value in ("Coat, unicorn", 5):
        with pytest.raises(InputError, match="classes"):
            parse_classes(value, CLASSES, "fashion-mnist")


def test_shown_cuts_long_values_and_keeps_short_ones():
    assert shown("abc") == "'abc'" and shown(17) == "17" and shown(None) == "None"
    cut = shown(list(range(1000)))
    assert cut.startswith("[0, 1, 2") and len(cut) < ECHO_CHARS + 40 and cut.endswith("characters)")
