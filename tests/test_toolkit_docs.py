"""Every public module, class and function of the toolkit has a docstring, so the toolkit
reference page (mkdocstrings) is complete, and every module is on that page."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "kb"


def public_definitions(path: Path) -> list[tuple[str, ast.AST]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, ast.AST]] = [(path.stem, tree)]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            found.append((node.name, node))
            if isinstance(node, ast.ClassDef):
                found += [(f"{node.name}.{item.name}", item) for item in node.body
                          if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")]
    return found


def test_every_public_definition_has_a_docstring() -> None:
    missing = [f"{path.relative_to(ROOT)}: {name}"
               for path in sorted(PACKAGE.rglob("*.py"))
               for name, node in public_definitions(path)
               if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
               and not ast.get_docstring(node)]
    assert missing == []


def test_every_module_is_on_the_toolkit_page() -> None:
    page = (ROOT / "docs" / "about" / "toolkit.md").read_text(encoding="utf-8")
    modules = {f"kb.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    modules |= {f"kb.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert sorted(m for m in modules if f"::: {m}\n" not in page) == []
