"""Dependencies point one way (DESIGN.md, issue 8).

The pure engines intake.rules and intake.flow import no Django and nothing of the
project but each other and portal.formatting; the programme's side (tenants) and the
knowledge base import nothing of the actors' side but those engines; and no module
imports, directly or through others, a module that imports it back. Imports inside
functions count too: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "tenants", "intake", "knowledge")
ENGINES = ("intake.rules", "intake.flow")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (the longest known prefix), or None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names.update(f"{base}.{alias.name}" for alias in node.names)
    resolved = {_resolve(name) for name in names}
    # A module of a package importing a sibling through the package ("from . import x")
    # runs the package's __init__ first, which is not a dependency between capabilities.
    return {name for name in resolved if name and name != module and not module.startswith(name + ".")}


GRAPH = {module: _imports(module) for module in MODULES}


def _all_imports_of(prefix: str) -> set[tuple[str, str]]:
    return {(module, imported) for module, targets in GRAPH.items() if module.startswith(prefix)
            for imported in targets}


@pytest.mark.parametrize("side", ["tenants", "knowledge"])
def test_the_programme_and_the_knowledge_base_use_only_the_engines_of_the_actors_side(side):
    wrong = sorted((module, imported) for module, imported in _all_imports_of(side)
                   if imported.startswith("intake") and not imported.startswith(ENGINES))
    assert wrong == []


def test_the_engines_are_pure():
    allowed = ENGINES + ("portal.formatting",)
    wrong = []
    for engine in ENGINES:
        for module, path in MODULES.items():
            if not module.startswith(engine):
                continue
            source = path.read_text(encoding="utf-8")
            if "import django" in source or "from django" in source:
                wrong.append((module, "django"))
            wrong += [(module, imported) for imported in GRAPH[module] if not imported.startswith(allowed)]
    assert wrong == []


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    assert _cycles() == []


def test_the_checker_finds_a_cycle_when_there_is_one(monkeypatch):
    monkeypatch.setitem(GRAPH, "tenants.services", GRAPH["tenants.services"] | {"intake.services"})
    assert any("tenants.services" in cycle and "intake.services" in cycle for cycle in _cycles())
