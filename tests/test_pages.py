"""Every page of the built site in headless Chromium: accessibility (axe-core, WCAG 2.1 A and AA)
in the light and the dark scheme, privacy (no request leaves 127.0.0.1), no sideways scrolling at
375 px, printing without navigation and with the references, and screenshots for reviewers."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Request, ViewportSize
from pypdf import PdfReader

from conftest import site_pages

pytestmark = pytest.mark.browser

Scheme = Literal["light", "dark"]
SCHEMES: dict[Scheme, str] = {"light": "default", "dark": "slate"}  # system -> Material's scheme
# axe-core as shipped in axe-playwright-python (a local file: nothing is fetched).
AXE_SCRIPT = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# Start axe in the page's next task and return at once, so the other page's run overlaps it.
START_AXE = f"""() => {{ window.kbAxe = new Promise(resolve => setTimeout(resolve))
    .then(() => axe.run({json.dumps(AXE_OPTIONS)})) }}"""
TREATMENT_PAGE = "treatment/medications/buprenorphine/"
MOBILE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


# The width check runs on a phone-sized page; its tables must sit in a box that scrolls sideways.
WIDTH_CHECK = """() => {
  const tables = [...document.querySelectorAll(".md-content table")]
  const loose = tables.filter(table => !["auto", "scroll"].includes(
    getComputedStyle(table.closest(".md-typeset__scrollwrap") || table).overflowX)).length
  return [document.documentElement.scrollWidth, innerWidth, tables.length, loose] }"""


@dataclass
class Visit:
    """What loading every page in one way (light, dark, phone) found."""

    pages: int = 0
    hosts: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    tables: int = 0


def record_host(hosts: set[str]) -> Callable[[Request], None]:
    return lambda request: hosts.add(urlsplit(request.url).netloc)


@pytest.fixture(scope="module")
def visits(browser: Browser, server: str, built_site: Path) -> dict[str, Visit]:
    """Every page loaded three ways side by side, noting every request's host: with the system
    set to light and to dark (axe-core run on each), and 375 px wide (the width checked).

    The three pages work in parallel: both axe runs start before either result is read.
    """
    ways: dict[str, tuple[Scheme, ViewportSize]] = {
        "light": ("light", DESKTOP), "dark": ("dark", DESKTOP), "phone": ("light", MOBILE)}
    found = {way: Visit() for way in ways}
    pages = {}
    for way, (scheme, viewport) in ways.items():
        context = browser.new_context(color_scheme=scheme, viewport=viewport)
        context.add_init_script(AXE_SCRIPT)
        context.on("request", record_host(found[way].hosts))
        pages[way] = context.new_page()
    for url in site_pages(built_site):
        for way, page in pages.items():
            page.goto(server + url)
            found[way].pages += 1
            if way in SCHEMES:
                page.evaluate(START_AXE)
        width, viewport, tables, loose = pages["phone"].evaluate(WIDTH_CHECK)
        found["phone"].tables += tables
        if width > viewport or loose:
            found["phone"].problems.append(f"/{url}: {width}px wide at {viewport}px, "
                                           f"{loose} table(s) without a scroll box")
        for scheme in SCHEMES:
            page, visit = pages[scheme], found[scheme]
            if page.evaluate("document.body.dataset.mdColorScheme") != SCHEMES[scheme]:
                visit.problems.append(f"/{url}: the {scheme} scheme is not applied")
            for rule in page.evaluate("window.kbAxe")["violations"]:
                for node in rule["nodes"]:
                    summary = " ".join(node.get("failureSummary", "").split())[:240]
                    visit.problems.append(f"/{url} {rule['id']} ({rule['impact']}): "
                                          f"{node['target']} {summary}")
    for page in pages.values():
        page.wait_for_load_state("networkidle")
        page.context.close()
    return found


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_accessibility_violations(visits: dict[str, Visit], scheme: Scheme) -> None:
    visit = visits[scheme]
    assert visit.pages > 40
    assert not visit.problems, (f"{len(visit.problems)} axe violations ({scheme}):\n"
                                + "\n".join(visit.problems[:40]))


@pytest.mark.parametrize("way", ["light", "dark", "phone"])
def test_no_request_leaves_the_local_server(visits: dict[str, Visit], server: str, way: str) -> None:
    assert visits[way].pages > 40
    assert visits[way].hosts == {urlsplit(server).netloc}


def test_no_page_scrolls_sideways_on_a_phone(visits: dict[str, Visit]) -> None:
    phone = visits["phone"]
    assert phone.pages > 40 and phone.tables > 0, "no tables seen: the table check checked nothing"
    assert not phone.problems, "\n".join(phone.problems)


def test_print_drops_navigation_and_keeps_the_references(
        browser: Browser, server: str, artifacts: Path) -> None:
    page = browser.new_page()
    page.goto(server + TREATMENT_PAGE)
    on_screen = page.locator("body").inner_text()
    references = [" ".join(text.split())[:24] for text in
                  page.locator(".kb-references li").all_inner_texts()]
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [".md-header", ".md-tabs", ".md-sidebar--primary",
        ".md-sidebar--secondary", ".md-footer", ".md-banner"].filter(selector => {
          const element = document.querySelector(selector)
          return element && getComputedStyle(element).display !== "none" })""")
    assert not hidden, f"shown in print: {hidden}"
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    (artifacts / "print-buprenorphine.pdf").write_bytes(pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert references and all(reference in text for reference in references), \
        "the printed page lacks some of its references"
    assert re.search(r"\bReferences\b", text) and "Buprenorphine" in text
    for navigation in ["Skip to content", "Someone may be overdosing?", "Recognising the problem",
                       "Text CC BY 4.0"]:
        assert navigation in on_screen or navigation == "Skip to content"
        assert navigation not in text, f"navigation printed: {navigation!r}"


def test_screenshots_for_review(browser: Browser, server: str, artifacts: Path) -> None:
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    for scheme in SCHEMES:
        for device, viewport in [("desktop", DESKTOP), ("mobile", MOBILE)]:
            context = browser.new_context(color_scheme=scheme, viewport=viewport)
            page = context.new_page()
            for name, url in [("home", ""), ("treatment", TREATMENT_PAGE), ("glossary", "glossary/")]:
                page.goto(server + url)
                shot = folder / f"{name}-{scheme}-{device}.png"
                page.screenshot(path=shot, full_page=name != "glossary")
                assert shot.stat().st_size > 10_000
            context.close()
