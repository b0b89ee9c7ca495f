"""The README's client example runs as written against a live server (only the URL differs)."""
import json
import re
import subprocess
import sys

from conftest import REPO

API_URL_IN_README = "http://127.0.0.1:7860/"


def readme_client_example() -> str:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Use it from a program", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "expected one python example in the README's API section"
    return blocks[0]


def test_readme_client_example_runs(live_server):
    code = readme_client_example()
    assert API_URL_IN_README in code
    code = code.replace(API_URL_IN_README, live_server)
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if not line.startswith("Loaded as API")]
    assert lines[0].startswith("Ankle boot ")
    assert "'mean reconstruction'" in lines[1]
    assert lines[2].startswith("8 decoded prior samples")
    assert all(line.startswith("Sneaker ") for line in lines[3:7])
    assert "'label': 'Bag'" in lines[7]
    assert "Unknown label 'Unicorn'" in lines[8]
    served_k = json.loads((REPO / "weights" / "fashion-mnist-cvae" / "config.json").read_text())["serving"]["importance_samples"]
    assert "Ankle boot" in lines[9] and lines[9].endswith(f" {served_k}"), lines[9]  # generative pick, the CNN's pick, ..., K
    assert "as " in lines[10]
