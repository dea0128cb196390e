"""The real build: bad input fails `mkdocs build --strict` with file:line and a fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

pytestmark = pytest.mark.site


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "-d", str(project / "out")],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_bad_inputs_fail_the_build_with_every_problem(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "docs" / "heroin" / "what-is-heroin.md"
    text = page.read_text()
    page.write_text(text.replace("---\n", "---\ncolour: blue\n", 1))
    (project / "glossary" / "broken.yml").write_text("term: Broken\ncategory: nonsense\n")
    result = build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/heroin/what-is-heroin.md:2: colour: unknown field." in output
    assert "glossary/broken.yml:2: category: Input should be" in output
    assert "glossary/broken.yml:1: definition: required field is missing." in output
    assert not (project / "out" / "index.html").exists(), "a failed build must not write pages"
