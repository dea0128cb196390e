"""The layering of ARCHITECTURE.md, read from the import statements: no cycle, and every import
points down the layers (devtools -> kb CLI -> kb.build -> content packages -> kb.core)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SCRIPTS = ROOT / "scripts"
# Lower number = lower layer. A module may import only from its own layer's package or a lower layer.
LAYERS = {"kb.core": 0, "kb.pages": 1, "kb.glossary": 1, "kb.bibliography": 1, "kb.facts": 1,
          "kb.corrections": 1, "kb.instruments": 1,
          "kb.build": 2, "kb.__main__": 3, "devtools": 4}


def module_name(path: Path) -> str:
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Project modules imported by the file at ``path`` (kb.* and devtools.*), at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] in ("kb", "devtools")}


def import_graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p)
            for package in ("kb", "devtools") for p in sorted((SCRIPTS / package).rglob("*.py"))}


def layer_of(module: str) -> tuple[str, int]:
    if module == "kb":  # the package docstring only; matched exactly so a new subpackage is not waved through
        return "kb", LAYERS["kb.__main__"]
    for prefix, layer in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, layer
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS and ARCHITECTURE.md")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle between modules, found by depth-first search."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in graph:
                continue
            if state.get(target) == 1:
                found.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def layering_violations(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in sorted(graph.items()):
        package, layer = layer_of(module)
        for target in sorted(targets):
            target_package, target_layer = layer_of(target)
            sideways = target_layer == layer and target_package != package
            if target_layer > layer or sideways:
                bad.append(f"{module} imports {target}")
    return bad


def test_every_module_belongs_to_a_layer() -> None:
    for module in import_graph():
        layer_of(module)


def test_there_is_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_imports_point_down_the_layers() -> None:
    assert layering_violations(import_graph()) == []


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    graph = {"kb.core.a": {"kb.core.b"}, "kb.core.b": {"kb.core.a"},
             "kb.glossary.terms": {"kb.pages.frontmatter"}, "kb.pages.frontmatter": set(),
             "kb.build.site": {"devtools.scaffold"}, "devtools.scaffold": set()}
    assert cycles(graph) == [["kb.core.a", "kb.core.b", "kb.core.a"]]
    assert layering_violations(graph) == ["kb.build.site imports devtools.scaffold",
                                          "kb.glossary.terms imports kb.pages.frontmatter"]
