"""The generative answer's likelihoods for a learner: behind the best class, per pixel, plain and tempered Bayes."""
import math

import pytest

from models.operations.classify import likelihood_view as view
from space.tabs.classify import GENERATIVE, answer_notes


def test_gaps_are_measured_from_the_likeliest_class_and_spread_over_784_pixels():
    gaps = view.nats_behind_best({"Bag": 1520.0, "Sneaker": 1493.0, "Sandal": 1400.5})
    assert gaps == {"Bag": 0.0, "Sneaker": 27.0, "Sandal": 119.5}
    assert view.bits_per_pixel(27.0) == pytest.approx(27.0 / (784 * math.log(2)))
    assert view.as_power_of_ten(0.0) == "1" and view.as_power_of_ten(math.log(20)) == "1/20"
    assert view.as_power_of_ten(27.0) == "10^-12"


def test_the_table_shows_readable_units_both_answers_and_the_temperature():
    details = {"log_px_given_y_nats": {"Bag": 1520.0, "Sneaker": 1493.0, "Sandal": 1400.5},
               "plain_bayes_probabilities": {"Bag": 1.0, "Sneaker": 0.0, "Sandal": 0.0},
               "likelihood_temperature": 9.5}
    table = view.likelihood_table({"Bag": 0.93, "Sneaker": 0.06, "Sandal": 0.01}, details)
    rows = table.splitlines()
    assert all(row.count(" | ") == 4 for row in [rows[0], *rows[2:4]]), "five cells in every row: the bar of p(x|class) escaped"
    assert rows[2] == "| Bag | the likeliest | – | 100.0% | 93.0% |"
    assert rows[3] == "| Sneaker | 10^-12 as likely (27.0 nats less) | 0.050 bits less | 0.0% | 6.0% |"
    assert "T = 9.5" in table and "1520" not in table, "raw nats stay in the details"
    assert view.likelihood_table(None, None) == "" and view.likelihood_table({}, {}) == ""


def test_the_tab_says_why_plain_bayes_is_sure_and_what_tempering_does():
    assert view.WHY_SO_SURE in GENERATIVE
    assert "784 pixels" in view.WHY_SO_SURE and "tens of nats" in view.WHY_SO_SURE and "tempered" in view.WHY_SO_SURE
    details = {"log_px_given_y_nats": {"Bag": 0.0, "Coat": -40.0}, "plain_bayes_probabilities": {"Bag": 1.0},
               "likelihood_temperature": 4.0, "generative_pick": "Bag", "discriminative_pick": "Bag", "agree": True}
    verdict, top, table = answer_notes({"Bag": 0.9, "Coat": 0.1}, details)
    assert "Both models say Bag" in verdict and top.startswith("Bag") and "| Coat |" in table
