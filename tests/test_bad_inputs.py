"""The bad-input corpus: every case fails validation with exactly its expected messages, and
fails the real strict build."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, VALID_PAGE, VALID_REFERENCES
from kb.build.site import load_site
from kb.core.problems import BuildFailed

CASES = sorted((Path(__file__).parent / "fixtures" / "bad").glob("*.yml"))
PLACEHOLDERS = {"@page": VALID_PAGE, "@references": VALID_REFERENCES}
MKDOCS_YML = f"""site_name: Bad input
site_url: https://example.org/
theme: {{name: material, font: false}}
hooks: [{ROOT / "scripts" / "kb" / "build" / "hooks.py"}]
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]
"""


def apply(case: dict[str, Any], project: Path) -> None:
    """Apply a case's edits to the minimal valid project."""
    for name, text in case.get("write", {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(PLACEHOLDERS.get(text, text), encoding="utf-8")
    for name, pairs in case.get("replace", {}).items():
        text = (project / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"case edit does not apply: {old!r}"
            text = text.replace(old, new)
        (project / name).write_text(text, encoding="utf-8")
    for name, text in case.get("append", {}).items():
        with (project / name).open("a", encoding="utf-8") as handle:
            handle.write(PLACEHOLDERS.get(text, text))
    for name, hexdata in case.get("prepend_hex", {}).items():
        (project / name).write_bytes(bytes.fromhex(hexdata) + (project / name).read_bytes())
    for name, hexdata in case.get("append_hex", {}).items():
        (project / name).write_bytes((project / name).read_bytes() + bytes.fromhex(hexdata))
    for name in case.get("crlf", []):
        (project / name).write_bytes((project / name).read_bytes().replace(b"\n", b"\r\n"))
    for name, (text, times) in case.get("repeat", {}).items():
        (project / name).write_text(text * times, encoding="utf-8")


def load_case(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return case


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_reports_exactly_its_problems(path: Path, project: Path) -> None:
    case = load_case(path)
    apply(case, project)
    with pytest.raises(BuildFailed) as caught:
        load_site(project)
    assert [str(p) for p in caught.value.problems] == case["expected"]


@pytest.mark.site
def test_every_case_fails_the_strict_build(tmp_path: Path) -> None:
    """The real `mkdocs build --strict` exits non-zero and prints the first expected message."""
    import shutil

    from conftest import VALID_TERM

    def run(path: Path) -> tuple[str, int, str]:
        project = tmp_path / path.stem
        (project / "docs").mkdir(parents=True)
        (project / "glossary").mkdir()
        (project / "docs" / "example.md").write_text(VALID_PAGE, encoding="utf-8")
        (project / "references.yml").write_text(VALID_REFERENCES, encoding="utf-8")
        (project / "glossary" / "heroin.yml").write_text(VALID_TERM, encoding="utf-8")
        shutil.copytree(ROOT / "editorial", project / "editorial")
        (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        case = load_case(path)
        apply(case, project)
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                                cwd=project, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        return path.stem, result.returncode, result.stdout + result.stderr

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(run, CASES))
    for name, code, output in results:
        expected = load_case(Path(__file__).parent / "fixtures" / "bad" / f"{name}.yml")["expected"]
        assert code != 0, f"{name}: the build succeeded"
        assert expected[0] in output, f"{name}: {output[-2000:]}"
