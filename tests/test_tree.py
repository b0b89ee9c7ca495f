"""The tree says what it holds: imports run one way and no package's modules import each other in a circle."""
import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "space", "train", "benchmarks")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every project module -> the project modules it imports anywhere (top level or inside functions)."""
    files = [p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")] + [REPO / "app.py"]
    modules = {module_name(p): p for p in files}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_circles():
    graph = import_graph()
    state, circles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                circles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_dependencies_run_one_way():
    graph = import_graph()
    models_imports = {t for m, ts in graph.items() if m.startswith("models") for t in ts}
    assert not {t for t in models_imports if t.split(".")[0] in ("space", "train", "benchmarks", "app")}
    app_side = {t for m, ts in graph.items() if m == "app" or m.startswith("space") for t in ts}
    assert not {t for t in app_side if t.startswith("train")}, "the app never imports train/"


def test_the_product_never_imports_benchmarks_or_tests():
    graph = import_graph()
    product = {m: ts for m, ts in graph.items() if m == "app" or m.split(".")[0] in ("models", "space", "train")}
    assert not {(m, t) for m, ts in product.items() for t in ts if t.split(".")[0] == "benchmarks"}
    for path in [REPO / "app.py", *(p for pkg in ("models", "space", "train") for p in (REPO / pkg).rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in ("tests", "conftest") or n.startswith("test_")], path


def top_level_modules(folder: str) -> set[str]:
    return {p.stem for p in (REPO / folder).glob("*.py")} - {"__init__"}


def test_folders_group_by_role_and_feature():
    """space/ by role (tabs, endpoints, widgets, compat, and i18n: the page's words in each language);
    models/operations/ by feature; train/ has its
    entry scripts on top (each runs as `python -m train.<name>`) and their library in train/lib/."""
    assert top_level_modules("space") == set()
    assert {p.name for p in (REPO / "space").iterdir() if p.is_dir() and p.name != "__pycache__"} == \
        {"tabs", "endpoints", "widgets", "compat", "i18n"}
    assert top_level_modules("models/operations") == {"inference"}  # the basic tabs' functions, used by every feature
    for script in top_level_modules("train"):
        assert 'if __name__ == "__main__"' in (REPO / "train" / f"{script}.py").read_text(), script
    for module in top_level_modules("train/lib"):
        assert "__main__" not in (REPO / "train" / "lib" / f"{module}.py").read_text(), module
