"""The layers of DESIGN §3, checked from the code: nothing imports upward, only the UI
imports Qt, and the UI's modules import one another without loops.

Every ``import`` counts, at module level or inside a function, except those under
``if TYPE_CHECKING:`` (annotations only, never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Layer of each package, lowest first; a module may import its own layer or lower ones.
LAYERS = {
    "db": 0,
    "desktop.core": 1,
    "desktop.ingest": 2,
    "desktop.assist": 2,
    "desktop.services": 3,
    "desktop.brief": 4,
    "desktop.sharing": 4,
    "desktop.exports": 5,
    "desktop.ui": 6,
    "desktop.cli": 6,
}
# The entry points sit above everything (the GUI, the CLI, the self-test).
ENTRY = {"desktop", "desktop.app", "desktop.selftest", "desktop.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def _layer(module: str) -> str | None:
    best = None
    for name in LAYERS:
        if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > len(best)):
            best = name
    return best


def _sources() -> dict[str, Path]:
    files = [*REPO.joinpath("db").rglob("*.py"), *REPO.joinpath("desktop").rglob("*.py")]
    return {_module_name(p): p for p in files if "migrations" not in p.parts}


def upward(module: str, targets: list[str]) -> list[str]:
    own = _layer(module)
    if own is None or module in ENTRY:
        return []
    return [f"{module} imports {t}" for t in targets
            if (other := _layer(t)) is not None and LAYERS[other] > LAYERS[own]]


def find_loops(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    loops: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loops.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return loops


def test_the_checks_catch_what_they_look_for() -> None:
    assert upward("desktop.core.context", ["desktop.sharing.syncstate"])
    assert upward("desktop.services.claims", ["desktop.ui.actions"])
    assert not upward("desktop.brief.data", ["desktop.services.chronology", "db.models"])
    assert find_loops({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a -> b -> c -> a"]
    assert find_loops({"a": {"b"}, "b": set()}) == []


def test_nothing_imports_a_layer_above_its_own() -> None:
    wrong = [line for module, path in _sources().items()
             for line in upward(module, _imports(path))]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_only_the_ui_imports_qt() -> None:
    wrong = [f"{module} imports {target}" for module, path in _sources().items()
             if _layer(module) not in ("desktop.ui", None) or module.startswith("db")
             for target in _imports(path) if target.split(".")[0] in ("PySide6", "shiboken6")]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_ui_modules_import_one_another_without_loops() -> None:
    modules = {m: p for m, p in _sources().items() if m.startswith("desktop.ui")}
    graph = {m: {t for t in _imports(p) if t in modules and t != m} for m, p in modules.items()}
    loops = find_loops(graph)
    assert not loops, "\n".join(loops)
