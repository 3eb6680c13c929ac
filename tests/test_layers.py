"""The package's layers (README, Development): imports run downward only, and never in a circle.

model (what the data is) < domain (what lotse decides) < store (how data is read and cached) <
present (records, views, sheets, HSDS) < cli; errors and i18n under everything. Imports for type
checking only are not counted; imports inside functions are (they run).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lotse"
RANK = {"errors": 0, "i18n": 0, "model": 1, "domain": 2, "store": 3, "present": 4, "output": 4,
        "settings": 4, "cli": 5, "__main__": 6, "": 0}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def runtime_imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, at module level) for every lotse import outside `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    top = {id(n) for n in tree.body}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lotse"):
            known = modules()
            for alias in node.names:  # `from lotse.store.cache import codec` imports a module
                sub = f"{node.module}.{alias.name}"
                found.append((sub if sub in known else node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in top) for a in node.names if a.name.startswith("lotse")]
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_at_most_six_loose_modules_at_the_top():
    assert len(list(PACKAGE.glob("*.py"))) <= 6


def test_imports_run_downward_only():
    upward = [(name, target) for name, path in modules().items() for target, _ in runtime_imports(path)
              if RANK[layer(target)] > RANK[layer(name)]]
    assert upward == []


def test_no_import_cycle_at_module_level():
    graph = {name: {t for t, top in runtime_imports(path) if top and t in modules() and t != name}
             for name, path in modules().items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])
