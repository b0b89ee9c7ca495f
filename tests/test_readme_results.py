"""The README's Results section is a copy of the generated docs/results-<dataset>.md files, not a hand edit.

`python -m train.evaluate --dataset <dataset>` writes docs/results-<dataset>.md from the models'
metrics.json; the README holds each file verbatim between `<!-- results:<dataset>:start -->` and
`<!-- results:<dataset>:end -->`, with its relative links re-rooted at docs/ (the README sits one
folder up). After a new evaluation, `python tests/test_readme_results.py --write` copies them in.
"""
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
BLOCK = re.compile(r"<!-- results:(?P<dataset>[\w-]+):start -->\n(?P<body>.*?)\n<!-- results:(?P=dataset):end -->", re.S)


def generated(dataset: str) -> str:
    """docs/results-<dataset>.md as the README shows it: links relative to docs/ now start with docs/."""
    text = (DOCS / f"results-{dataset}.md").read_text().rstrip("\n")
    return re.sub(r"\]\((?![a-z]+:|/|#)", "](docs/", text)


def datasets_with_results() -> list[str]:
    return sorted(p.name[len("results-"):-len(".md")] for p in DOCS.glob("results-*.md"))


def readme_blocks(readme: str) -> dict[str, str]:
    return {m["dataset"]: m["body"] for m in BLOCK.finditer(readme)}


def test_every_generated_results_file_has_one_block_in_the_readme():
    readme = README.read_text()
    expected = datasets_with_results()
    assert expected, "no docs/results-*.md: run python -m train.evaluate"
    for dataset in expected:
        assert readme.count(f"<!-- results:{dataset}:start -->") == 1, dataset
        assert readme.count(f"<!-- results:{dataset}:end -->") == 1, dataset
    assert sorted(readme_blocks(readme)) == expected


def test_readme_results_equal_the_generated_files():
    blocks = readme_blocks(README.read_text())
    for dataset in datasets_with_results():
        assert blocks[dataset] == generated(dataset), (
            f"README's {dataset} results differ from docs/results-{dataset}.md: "
            "regenerate with python -m train.evaluate, then python tests/test_readme_results.py --write")


def test_the_copied_tables_come_from_train_evaluate():
    blocks = readme_blocks(README.read_text())
    for dataset, body in blocks.items():
        assert body.startswith(f"<!-- written by `python -m train.evaluate --dataset {dataset}`"), dataset
        assert f"](docs/results-{dataset}.png)" in body  # the figure resolves from the repository root


def write() -> None:
    """Copies each docs/results-<dataset>.md into its README block (the blocks must already exist)."""
    readme = README.read_text()
    missing = [d for d in datasets_with_results() if f"<!-- results:{d}:start -->" not in readme]
    if missing:
        sys.exit(f"add a <!-- results:<dataset>:start --> ... :end --> block to README.md for {missing}")
    readme = BLOCK.sub(lambda m: f"<!-- results:{m['dataset']}:start -->\n{generated(m['dataset'])}\n"
                                 f"<!-- results:{m['dataset']}:end -->", readme)
    README.write_text(readme)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_readme_results.py --write")
    write()
