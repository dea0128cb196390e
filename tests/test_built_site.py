"""Checks of the built site: links, anchors, citations, references, glossary, exports."""

from __future__ import annotations

import csv
import json
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html
from lxml.html import HtmlElement

from conftest import ROOT
from kb.glossary.terms import load_glossary

pytestmark = pytest.mark.site

SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
BASE_PATH = urlsplit(SITE_URL.group(1) if SITE_URL else "/").path


@cache
def parse(path: Path) -> HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def ids(path: Path) -> set[str]:
    return {str(e.get("id")) for e in parse(path).iter() if e.get("id")}


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        # 404.html uses absolute links under the deployed base path (site_url's path).
        relative = parts.path.removeprefix(BASE_PATH)
        target = posixpath.normpath(unquote(relative)) if relative else "."
    else:
        target = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(),
                                                   unquote(parts.path)))
    path = site / target
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken = []
    for page in pages(built_site):
        for element in parse(page).iter("a", "link", "img", "script"):
            href = element.get("href") or element.get("src")
            if not href:
                continue
            resolved = resolve(built_site, page, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in ids(target):
                broken.append(f"{page.relative_to(built_site)}: {href} (no anchor #{fragment})")
    assert broken == []


def test_no_external_assets(built_site: Path) -> None:
    """Scripts, styles and images are all served by the site itself."""
    external = []
    for page in pages(built_site):
        for element in parse(page).iter("script", "link", "img", "iframe", "source", "video"):
            fetched = element.tag != "link" or set(str(element.get("rel", "")).split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
            url = element.get("src") or (element.get("href") if element.tag == "link" else None)
            if not fetched:
                continue
            if url and urlsplit(url).netloc:
                external.append(f"{page.relative_to(built_site)}: {url}")
    assert external == []


def test_citation_marks_link_to_entries_of_the_page(built_site: Path) -> None:
    checked = 0
    for page in pages(built_site):
        tree = parse(page)
        entries = {li.get("id") for li in tree.cssselect("ol.kb-references > li")}
        for mark in tree.cssselect("sup.kb-cite a"):
            assert mark.get("href", "")[1:] in entries, f"{page}: {mark.get('href')}"
            checked += 1
    assert checked > 0


def test_every_page_has_the_overdose_link_and_disclaimer(built_site: Path) -> None:
    for page in pages(built_site):
        if page.name == "404.html":
            continue
        tree = parse(page)
        announce = tree.cssselect(".kb-announce a")
        target = resolve(built_site, page, announce[0].get("href", "")) if announce else None
        assert target and target[0] == built_site / "health-effects/overdose/index.html", page
        assert "not medical advice" in tree.cssselect(".md-copyright")[0].text_content(), page


def test_content_pages_show_reviewed_date(built_site: Path) -> None:
    page = built_site / "heroin" / "what-is-heroin" / "index.html"
    assert parse(page).cssselect(".kb-reviewed time")


def test_glossary_anchors_and_exports_match_sources(built_site: Path) -> None:
    entries, problems = load_glossary(ROOT / "glossary", ROOT)
    assert problems == []
    # The A-Z index keeps every citable glossary/#slug; each entry is on its letter page.
    assert set(entries) <= ids(built_site / "glossary" / "index.html")
    site_url = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert site_url
    document = json.loads((built_site / "glossary.json").read_text())
    assert {t["termCode"] for t in document["hasDefinedTerm"]} == set(entries)
    with (built_site / "glossary.csv").open() as handle:
        rows = {row["slug"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(entries)
    letter_ids: dict[str, set[str]] = {}
    for slug, entry in entries.items():
        assert rows[slug]["definition"] == entry.term.definition
        assert rows[slug]["url"] == f"{site_url[1]}glossary/#{slug}"
        page, anchor = rows[slug]["entry_url"].removeprefix(site_url[1]).split("#")
        if page not in letter_ids:
            letter_ids[page] = ids(built_site / page / "index.html")
        assert anchor in letter_ids[page], rows[slug]["entry_url"]
    for term in document["hasDefinedTerm"]:
        assert term["url"] == rows[term["termCode"]]["entry_url"]


def test_references_page_has_a_stable_anchor_per_entry(built_site: Path) -> None:
    """The citable references/#key on the index, the full entry on its letter page."""
    from kb.bibliography.pages import letter_of_reference
    from kb.bibliography.references import load_bibliography

    bibliography = load_bibliography((ROOT / "references.yml").read_text())
    assert not isinstance(bibliography, list)
    assert set(bibliography.entries) <= ids(built_site / "references" / "index.html")
    on_letter_pages: dict[str, set[str]] = {}
    for key, reference in bibliography.entries.items():
        on_letter_pages.setdefault(letter_of_reference(reference), set()).add(key)
    for letter, keys in on_letter_pages.items():
        assert keys <= ids(built_site / "references" / letter / "index.html"), letter


def test_edit_link_on_pages(built_site: Path) -> None:
    tree = parse(built_site / "heroin" / "what-is-heroin" / "index.html")
    edit = [a.get("href") for a in tree.cssselect("a.md-content__button")]
    assert any(href.endswith("/edit/main/docs/heroin/what-is-heroin.md") for href in edit)
