"""The app as a fresh machine runs it (`pip install -r requirements.txt && python app.py`): no dataset files,
no `animal_mnist` package, no network. Every endpoint answers for both datasets, Train live included,
and the Train live tab trains on both (tests/fresh_machine.py sets the machine up)."""
from __future__ import annotations

import time

import pytest
from gradio_client import Client, handle_file
from playwright.sync_api import expect

from conftest import EXAMPLES, app_env, free_port, start_app, stop, wait_until_up
from fresh_machine import fresh_env
from models import datasets
from test_browser import browser_page, open_tab
from test_browser_animals import ANIMALS_LABEL, FASHION_LABEL, choose_dataset

IMAGE = {"fashion-mnist": EXAMPLES / "test-0000-ankle-boot.png", "animal-mnist": EXAMPLES / "animal-test-0746-dog.png"}


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("fresh-machine")
    port = free_port()
    proc = start_app(fresh_env(tmp, app_env(port)), tmp / "app.log")
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(proc, url, tmp / "app.log", timeout=180)
        yield url
    finally:
        stop(proc)
    assert "animal_mnist" not in (tmp / "app.log").read_text()


@pytest.fixture(scope="module")
def fresh_client(fresh_server):
    return Client(fresh_server, verbose=False)


@pytest.mark.parametrize("dataset", datasets.DATASETS)
def test_every_endpoint_answers_without_the_datasets(fresh_client, dataset, processes):
    names = datasets.class_names(dataset)
    image = handle_file(str(IMAGE[dataset]))
    assert fresh_client.predict(image, dataset=dataset, api_name="/classify")["label"] in names
    assert len(fresh_client.predict(image, samples=2, seed=0, dataset=dataset, api_name="/reconstruct")) >= 2
    assert len(fresh_client.predict(seed=0, count=3, dataset=dataset, api_name="/sample_vae")) == 3
    gallery, _ = fresh_client.predict(seed=0, count=4, label=names[0], dataset=dataset, api_name="/generate")
    assert len(gallery) == 4
    label, _ = fresh_client.predict(image, dataset=dataset, api_name="/classify_generative")
    assert label["label"] in names
    job = fresh_client.submit(3, 0, dataset, api_name="/train_live")
    job.result(timeout=300)
    gallery, _, stats = job.outputs()[-1]
    assert stats["step"] >= 1 and [item["caption"] for item in gallery] == names


@pytest.fixture(scope="module")
def fresh_page(fresh_server):
    yield from browser_page(fresh_server, "Train live")


def test_the_train_live_tab_trains_on_both_datasets(fresh_page):
    page = fresh_page
    for label in (FASHION_LABEL, ANIMALS_LABEL):
        choose_dataset(page, label)
        open_tab(page, "Train live")
        field = page.locator("#live-seconds input[type=number]")
        field.fill("3")
        field.press("Enter")
        page.locator("#live-start").click()
        page.wait_for_function(r"""() => { const m = document.querySelector('#live-stats').innerText
                                   .match(/"?g_steps"?\s*:\s*(\d+)/); return m && Number(m[1]) >= 1; }""",
                               timeout=120_000)
        expect(page.locator("#live-grid img")).to_be_visible()
        expect(page.get_by_text("Data not available")).to_have_count(0)
        time.sleep(3)  # the 3 s run ends before the next dataset is chosen
    choose_dataset(page, FASHION_LABEL)
