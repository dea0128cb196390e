"""Shared fixtures: the repository root, the built site, a minimal valid project to break."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"

VALID_PAGE = textwrap.dedent("""\
    ---
    title: Example topic
    description: A page used by the tests, long enough to be a valid description.
    audience: [general]
    reviewed: 2026-11-01
    type: topic
    ---

    # Example topic

    !!! abstract "Key points"

        - One.
        - Two.
        - Three.

    Heroin is an opioid [@nida-heroin].
    """)

VALID_REFERENCES = textwrap.dedent("""\
    - id: nida-heroin
      type: report
      title: Heroin Research Report
      author:
        - literal: National Institute on Drug Abuse
      issued: {date-parts: [[2021]]}
      publisher: National Institute on Drug Abuse
    """)

VALID_TERM = textwrap.dedent("""\
    term: Heroin
    aliases: [diacetylmorphine]
    category: substance
    definition: An opioid drug made from morphine, which comes from the opium poppy.
    pages: [example.md]
    sources: [nida-heroin]
    """)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal valid project (one page, one reference, one term) in a temporary directory."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "glossary").mkdir()
    (tmp_path / "docs" / "example.md").write_text(VALID_PAGE, encoding="utf-8")
    (tmp_path / "references.yml").write_text(VALID_REFERENCES, encoding="utf-8")
    (tmp_path / "glossary" / "heroin.yml").write_text(VALID_TERM, encoding="utf-8")
    shutil.copytree(ROOT / "editorial", tmp_path / "editorial")
    return tmp_path


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site built by `make build` (make test builds first)."""
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is missing: run `make build` (make test does it) before the site tests")
    return SITE


def copy_project(destination: Path) -> Path:
    """Copy the real project sources (not the venv or the build) for build tests."""
    for name in ["docs", "glossary", "editorial", "overrides", "scripts", "references.yml",
                 "mkdocs.yml", "CONTRIBUTING.md"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    return destination
