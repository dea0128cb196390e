"""Shared fixtures: the repository root, the built site, a minimal valid project to break, and
the served site with a headless Chromium for the browser tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from devtools.search_eval import chromium_path, launch_chromium, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
SITE_OFFLINE = ROOT / "site-offline"
ARTIFACTS = ROOT / "test-artifacts"
_SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
BASE_PATH = urlsplit(_SITE_URL.group(1) if _SITE_URL else "/").path or "/"

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
    # The language and claims rules, but not the real corrections log (it names real pages).
    shutil.copytree(ROOT / "editorial", tmp_path / "editorial",
                    ignore=shutil.ignore_patterns("corrections.yml"))
    return tmp_path


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site built by `make build` (make test builds first)."""
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is missing: run `make build` (make test does it) before the site tests")
    return SITE


def build_fixture(project: Path, timeout: float) -> Path:
    """``mkdocs build --strict`` of a fixture project (its own ``mkdocs.yml``) in a new process,
    as a contributor runs it; fails the test with the build's own messages. Returns its site."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def copy_project(destination: Path) -> Path:
    """Copy the real project sources (not the venv or the build) for build tests."""
    for name in ["docs", "glossary", "editorial", "facts", "instruments", "overrides", "scripts",
                 "references.yml", "mkdocs.yml", "CONTRIBUTING.md", "ARCHITECTURE.md"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    return destination


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a URL relative to its root: "", "glossary/", "404.html"."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if "assets" in relative.parts:
            continue
        url = relative.as_posix()
        pages.append(url.removesuffix("index.html") if path.name == "index.html" else url)
    return pages


def open_in_place(page: Page, url: str) -> None:
    """Follow a link to ``url`` from the page in hand, so Material's instant navigation loads it
    in place (as a reader's click would) rather than the browser."""
    page.evaluate("""url => {
      const link = document.createElement("a")
      link.href = url
      link.textContent = "a link"
      document.querySelector("article").prepend(link)
      link.click()
    }""", url)


def letter_page_link(page: Page, selector: str, folder: str) -> tuple[Locator, str, str]:
    """The first link on the page matching ``selector``, which must go to an entry on a letter
    page of ``folder`` (glossary, references); with the letter and the entry's id."""
    link = page.locator(selector).first
    href = link.get_attribute("href") or ""
    # Material's instant navigation makes the href absolute: glossary/o/#opioid either way.
    # A letter split into parts: glossary/t-2/#slug.
    match = re.search(rf"(?:^\.\./\.\./|/){folder}/((?:[a-z]|0-9)(?:-[0-9]+)?)/#([a-z0-9-]+)$",
                      href)
    assert match, href
    return link, match[1], match[2]


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, also under its deployed base path (404.html links there)."""
    with serve(built_site, BASE_PATH) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (Playwright's own browser download is not used)."""
    try:
        chromium_path()
    except FileNotFoundError as error:
        pytest.fail(str(error))
    with sync_playwright() as playwright:
        instance = launch_chromium(playwright)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized page in the shared browser."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    yield page
    page.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ (gitignored): screenshots, the printed PDF, the search report."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
