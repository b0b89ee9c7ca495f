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
