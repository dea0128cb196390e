"""Dirty rebuilds (``make serve``): the pages an edit can change are rebuilt, and the result is the
same as a clean build of the edited sources (no stale page)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT, VALID_PAGE, VALID_REFERENCES, copy_project
from kb.bibliography.pages import letter_page_text
from kb.build.incremental import Tracker, pages_to_rebuild
from kb.build.site import load_site

REFERENCES = "references/n.md"  # the letter page of both sources (National Institute on ...)


def _write(path: Path, text: str) -> None:
    """Write and move the modification time on, so a rebuild within the same clock tick sees it."""
    stamp = path.stat().st_mtime_ns + 1_000_000_000 if path.exists() else time.time_ns()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def two_pages(project: Path) -> Path:
    """The minimal project with a second page citing a second source, and a references page."""
    extra = VALID_REFERENCES.replace("id: nida-heroin", "id: second-source")
    (project / "references.yml").write_text(VALID_REFERENCES + extra, encoding="utf-8")
    (project / "docs" / "other.md").write_text(
        VALID_PAGE.replace("Example topic", "Other topic") + "Also [@second-source].\n",
        encoding="utf-8")
    (project / "docs" / "references").mkdir()
    (project / "docs" / "references" / "index.md").write_text(
        VALID_PAGE.replace("title: Example topic", "title: References")
        .replace("type: topic", "type: utility").replace("# Example topic", "# References")
        + "\n<!-- kb:references -->\n", encoding="utf-8")
    (project / "docs" / REFERENCES).write_text(letter_page_text("n", "2026-11-30"), encoding="utf-8")
    return project


def test_nothing_changed_rebuilds_nothing_and_a_first_build_rebuilds_all(two_pages: Path) -> None:
    site = load_site(two_pages)
    assert pages_to_rebuild(None, site) is None
    assert pages_to_rebuild(site, load_site(two_pages)) == frozenset()


def test_a_text_edit_rebuilds_the_page_only(two_pages: Path) -> None:
    before = load_site(two_pages)
    page = two_pages / "docs" / "example.md"
    _write(page, page.read_text(encoding="utf-8") + "More words, same sources [@nida-heroin].\n")
    assert pages_to_rebuild(before, load_site(two_pages)) == frozenset({"example.md"})


def test_a_new_citation_also_rebuilds_the_sources_letter_page(two_pages: Path) -> None:
    before = load_site(two_pages)
    page = two_pages / "docs" / "example.md"
    _write(page, VALID_PAGE + "Also [@second-source].\n")
    assert pages_to_rebuild(before, load_site(two_pages)) == frozenset({"example.md", REFERENCES})


@pytest.mark.parametrize("change", ["title", "new page", "references.yml"])
def test_what_other_pages_show_rebuilds_everything(two_pages: Path, change: str) -> None:
    before = load_site(two_pages)
    page = two_pages / "docs" / "example.md"
    if change == "title":
        _write(page, page.read_text(encoding="utf-8").replace("title: Example topic",
                                                              "title: Renamed topic"))
    elif change == "new page":
        _write(two_pages / "docs" / "third.md", VALID_PAGE)
    else:
        bibliography = two_pages / "references.yml"
        _write(bibliography, bibliography.read_text(encoding="utf-8").replace(
            "Heroin Research Report", "Heroin Research Report, revised", 1))
    assert pages_to_rebuild(before, load_site(two_pages)) is None


def test_the_tracker_compares_with_the_last_build_and_watches_the_configuration(
        two_pages: Path) -> None:
    tracker = Tracker()
    (two_pages / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    assert tracker.rebuild(two_pages, load_site(two_pages)) is None
    assert tracker.rebuild(two_pages, load_site(two_pages)) == frozenset()
    _write(two_pages / "mkdocs.yml", "site_name: Test, renamed\n")
    assert tracker.rebuild(two_pages, load_site(two_pages)) is None


def _build(project: Path, site_dir: Path, dirty: bool) -> set[Path]:
    """Build in this process (the tracker keeps the last build, as under ``mkdocs serve``);
    the pages the build wrote."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    if dirty:
        config.plugins.on_startup(command="serve", dirty=True)
    before = {path: path.stat().st_mtime_ns for path in site_dir.rglob("index.html")}
    build(config, dirty=dirty)
    return {path.relative_to(site_dir) for path in site_dir.rglob("index.html")
            if before.get(path) != path.stat().st_mtime_ns}


def test_a_dirty_rebuild_equals_a_clean_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    served, clean = tmp_path / "served", tmp_path / "clean"
    page = project / "docs" / "treatment" / "medications" / "methadone.md"
    key = "who-withdrawal-closed-settings-2009"
    assert f"[@{key}]" not in page.read_text(encoding="utf-8")
    _build(project, served, dirty=True)
    text = page.read_text(encoding="utf-8")

    _write(page, f"{text}\n\nA sentence added by the test [@{key}].\n")
    written = _build(project, served, dirty=True)
    assert written == {Path("treatment/medications/methadone/index.html"),
                       Path("references/w/index.html")}  # the source's letter page, not the index
    _build(project, clean, dirty=False)
    for rebuilt in written:  # the footer and nav name unread pages by their front-matter title
        assert (served / rebuilt).read_bytes() == (clean / rebuilt).read_bytes(), rebuilt

    _write(page, text.replace("title: Methadone", "title: Methadone maintenance", 1))
    written = _build(project, served, dirty=True)
    assert len(written) == len(list(served.rglob("index.html")))
    assert "Methadone maintenance" in (served / "references" / "w" / "index.html").read_text(
        encoding="utf-8")


def test_make_serve_and_the_reload_benchmark_use_the_same_options() -> None:
    from devtools.bench.reload import SERVE_OPTIONS

    serve = next(line for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
                 if "mkdocs serve" in line)
    assert " ".join(SERVE_OPTIONS) in serve


def test_the_benchmark_watches_only_what_the_project_has(tmp_path: Path) -> None:
    from devtools.bench.reload import serve_options

    (tmp_path / "glossary").mkdir()
    assert serve_options(tmp_path) == ["--dirty", "-w", "glossary"]
