"""The noise vector's rules without Gradio: typed text, the seeded draw, the scale, the spread of a batch."""
import pytest
import torch

from models.operations.noise import noise
from models.operations.common.validation import InputError

LENGTH = 64

# Every way the lesson (or a client) may write a vector, and what it means.
GOOD = [
    ("[-5 6.2 8]", (-5.0, 6.2, 8.0)),
    ("-5, 6.2, 8", (-5.0, 6.2, 8.0)),
    ("-5 6.2 8", (-5.0, 6.2, 8.0)),
    ("  [ -5,6.2 ,  8 ]  ", (-5.0, 6.2, 8.0)),
    ("(-5 6.2 8)", (-5.0, 6.2, 8.0)),
    ("-5\t6.2\n8", (-5.0, 6.2, 8.0)),
    ("[-5. 6.2 8.]", (-5.0, 6.2, 8.0)),  # numpy prints floats this way
    ("+1 .5 -0.25 1e1 2E-1", (1.0, 0.5, -0.25, 10.0, 0.2)),
    ("100 -100", (100.0, -100.0)),
    ("", ()),
    ("   ", ()),
    ("[]", ()),
    (None, ()),
    ([-5, 6.2, 8], (-5.0, 6.2, 8.0)),
    (" ".join(["0.5"] * LENGTH), (0.5,) * LENGTH),
]

# Text that must be refused, with a word of the message that says why.
BAD = [
    ("abc", "not a number"),
    ("-5 six 8", "entry 2 is 'six', not a number"),
    ("nan", "not a number"),
    ("1 NaN", "not a number"),
    ("inf", "not a number"),
    ("-Infinity", "not a number"),
    ("1e999", "not a finite number between -100 and 100"),
    ("101", "not a finite number between -100 and 100"),
    ("-1e5", "not a finite number between -100 and 100"),
    ("0x10", "not a number"),
    ("1_000", "not a number"),
    ("١٢", "not a number"),  # Arabic-Indic digits: float() would take them
    ("5-3", "not a number"),
    ("1..2", "not a number"),
    ("1,,2", "empty entry"),
    ("1, 2,", "empty entry"),
    (",1", "empty entry"),
    ("[1 2", "does not end with ']'"),
    ("(1 2]", "does not end with ')'"),
    ("[[1 2]]", "not nested"),
    ("1 [2] 3", "not nested"),
    ("1;2", "not a number"),
    ("{'a': 1}", "not a number"),
    (" ".join(["1"] * (LENGTH + 1)), f"{LENGTH + 1} numbers but z has only {LENGTH} entries"),
    ("1 " * 2000, "characters long"),
    ([1, "x"], "entry 2"),
    ([True], "entry 1"),
    ([float("nan")], "not a finite number"),
    ({"a": 1}, "must be text"),
    (5, "must be text"),
]


@pytest.mark.parametrize("text, expected", GOOD)
def test_the_lesson_s_ways_of_writing_a_vector_are_read(text, expected):
    assert noise.parse_noise(text, LENGTH) == pytest.approx(expected)


@pytest.mark.parametrize("text, reason", BAD)
def test_bad_noise_gets_a_message_naming_noise_and_why(text, reason):
    with pytest.raises(InputError) as caught:
        noise.parse_noise(text, LENGTH)
    message = str(caught.value)
    assert message.startswith("noise"), message
    assert reason in message, message


def test_format_noise_reads_back():
    values = (-5.0, 6.2, 8.0, 0.125)
    assert noise.format_noise(values) == "[-5 6.2 8 0.125]"
    assert noise.parse_noise(noise.format_noise(values), LENGTH) == values


class TinyGan:
    noise_dim, num_classes = 6, 3

    def noise(self, n, generator=None):
        return torch.randn(n, self.noise_dim, generator=generator)

    def random_labels(self, n, generator=None):
        return torch.randint(0, self.num_classes, (n,), generator=generator)


def test_draw_scales_the_seeded_noise_keeps_typed_entries_and_classes():
    gan = TinyGan()
    z1, y1 = noise.draw(gan, 7, 5)
    z2, y2 = noise.draw(gan, 7, 5, scale=2.5, typed=(-5.0, 6.2))
    assert torch.equal(y1, y2), "the classes must not depend on the scale or the typed numbers"
    assert torch.equal(z2[:, :2], torch.tensor([[-5.0, 6.2]] * 5))
    assert torch.allclose(z2[:, 2:], 2.5 * z1[:, 2:])
    zero, _ = noise.draw(gan, 7, 5, scale=0.0)
    assert not zero.any()
    z3, y3 = noise.draw(gan, 7, 5, label_index=2)
    assert torch.equal(z3, z1) and set(y3.tolist()) == {2}


def test_spread_counts_pairs_of_one_class_only():
    images = torch.stack([torch.zeros(1, 2, 2), torch.ones(1, 2, 2), torch.zeros(1, 2, 2)])
    assert noise.spread(images, torch.tensor([0, 1, 0])) == 0.0  # the two zeros are one class
    assert noise.spread(images, torch.tensor([0, 0, 1])) == pytest.approx(1.0)
    assert noise.spread(images, torch.tensor([0, 1, 2])) is None
