"""Every public module, class and function of the toolkit has a docstring, so the toolkit
reference page (mkdocstrings) is complete, and every module is on that page."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SCRIPTS = ROOT / "scripts"
PACKAGES = [SCRIPTS / "kb", SCRIPTS / "devtools"]


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
               for package in PACKAGES for path in sorted(package.rglob("*.py"))
               for name, node in public_definitions(path)
               if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
               and not ast.get_docstring(node)]
    assert missing == []


def documented_modules() -> set[str]:
    """Every module of kb's subpackages and devtools' top level, and devtools.bench as one package."""
    kb = {".".join(p.relative_to(SCRIPTS).with_suffix("").parts)
          for p in (SCRIPTS / "kb").glob("*/*.py") if p.stem != "__init__"}
    kb |= {f"kb.{p.name}" for p in (SCRIPTS / "kb").iterdir() if (p / "__init__.py").exists()}
    tools = {f"devtools.{p.stem}" for p in (SCRIPTS / "devtools").glob("*.py")
             if p.stem not in ("__init__", "__main__")}
    tools |= {f"devtools.{p.name}" for p in (SCRIPTS / "devtools").iterdir() if (p / "__init__.py").exists()}
    return kb | tools | {"devtools"}


def test_every_module_is_on_the_toolkit_page() -> None:
    page = (ROOT / "docs" / "about" / "toolkit.md").read_text(encoding="utf-8")
    assert sorted(m for m in documented_modules() if f"::: {m}\n" not in page) == []


def test_the_toolkit_page_has_one_section_per_subpackage() -> None:
    page = (ROOT / "docs" / "about" / "toolkit.md").read_text(encoding="utf-8")
    subpackages = [f"kb.{p.name}" for p in sorted((SCRIPTS / "kb").iterdir()) if (p / "__init__.py").exists()]
    assert [s for s in [*subpackages, "devtools"] if f"## `{s}`:" not in page] == []
