"""The house rules, read from the modules' own imports: which room may import which, and no loops.

Every ``import`` and ``from ... import`` of the project's modules counts, at module level or inside a
function (a lazy import is still a dependency); only imports under ``if TYPE_CHECKING:`` are left out
and even those may not form a loop with a room that is forbidden.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "index", "intake")

# room -> rooms it may never import (a room is a module-name prefix)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "index": ("bot", "intake"),
    "intake": ("bot",),
    "bot.types": ("bot.answering", "bot.question", "bot.telegram", "bot.terminal", "bot.app", "bot.cli", "intake"),
    "bot.question": ("bot.answering", "bot.telegram", "bot.terminal", "bot.app", "bot.cli"),
    "bot.answering": ("bot.telegram", "bot.terminal", "bot.app", "bot.cli"),
    "bot.telegram": ("bot.answering", "bot.question", "bot.terminal", "bot.app", "bot.cli", "intake"),
    "bot.terminal": ("bot.answering", "bot.question", "bot.telegram", "bot.app", "bot.cli"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an imported name refers to (``bot.answering.prompts`` for a name inside it)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_checking_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                type_checking_only.update(id(n) for n in ast.walk(child))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_checking_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for name in names:
            target = _resolve(name)
            if target is not None and target != module:
                found.add(target)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _in_room(module: str, room: str) -> bool:
    return module == room or module.startswith(room + ".")


def test_the_rooms_exist_and_are_read() -> None:
    for room in ("bot.answering", "bot.question", "bot.telegram", "bot.terminal", "index"):
        assert room in MODULES, room
        assert ast.get_docstring(ast.parse(MODULES[room].read_text(encoding="utf-8"))), f"{room} needs a docstring"
    assert "bot.answering.answerer" in GRAPH["bot.app"]  # the reader of imports sees real edges


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_room_imports_only_what_it_may(room: str) -> None:
    broken = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items() if _in_room(module, room)
        for target in targets
        for forbidden in FORBIDDEN[room] if _in_room(target, forbidden)
    )
    assert not broken, "\n".join(broken)


def test_no_import_loops() -> None:
    """No module reaches itself through its imports (Tarjan's strongly connected components)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(module: str) -> None:
        index_of[module] = low[module] = len(index_of)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH.get(module, ()):
            if target not in index_of:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index_of[target])
        if low[module] == index_of[module]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for module in GRAPH:
        if module not in index_of:
            visit(module)
    assert not loops, loops
