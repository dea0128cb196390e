"""The clinician tools in headless Chromium: filled with the keyboard, every band edge, the
supervised-use rule, nothing stored or sent, axe-core clean, printable with the result, usable
without JavaScript, and screenshots (light and dark, phone and desktop) for reviewers."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
from pypdf import PdfReader

from conftest import ROOT, SITE_OFFLINE
from kb.instruments.data import CriteriaChecklist, ScoredScale, load_instruments

pytestmark = pytest.mark.browser

COWS_URL = "tools/cows/"
DSM_URL = "tools/oud-criteria/"
PHONE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
AXE_SCRIPT = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
# Record every write to Web Storage and document.cookie, from before any page script runs.
WATCH_STORAGE = """(() => {
  window.kbWrites = []
  const setItem = Storage.prototype.setItem
  Storage.prototype.setItem = function (key, value) {
    window.kbWrites.push("storage:" + key); return setItem.call(this, key, value) }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")
  Object.defineProperty(document, "cookie", { configurable: true, get() { return cookie.get.call(document) },
    set(value) { window.kbWrites.push("cookie:" + value); cookie.set.call(document, value) } })
})()"""

STORAGE = """() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage),
  cookie: document.cookie})"""
INSTRUMENTS, _ = load_instruments(ROOT / "instruments", ROOT)


def _scale() -> ScoredScale:
    instrument = INSTRUMENTS["cows"].instrument
    assert isinstance(instrument, ScoredScale)
    return instrument


def _checklist() -> CriteriaChecklist:
    instrument = INSTRUMENTS["dsm5tr-oud"].instrument
    assert isinstance(instrument, CriteriaChecklist)
    return instrument


COWS = _scale()
DSM = _checklist()


def options_for(total: int) -> list[int]:
    """One option index per COWS item whose points add up to ``total`` (from the data file)."""
    reachable: dict[int, list[int]] = {0: []}
    for item in COWS.items:
        step: dict[int, list[int]] = {}
        for score, chosen in reachable.items():
            for index, option in enumerate(item.options):
                step.setdefault(score + option.points, [*chosen, index])
        reachable = step
    return reachable[total]


class Watched:
    """A page whose requests after loading, storage writes and URL changes are recorded."""

    def __init__(self, context: BrowserContext, server: str, url: str) -> None:
        self.context, self.hosts, self.late = context, set[str](), list[str]()
        self.loaded = False
        self.hosts_log: list[str] = []
        context.add_init_script(WATCH_STORAGE)
        context.add_init_script(AXE_SCRIPT)
        self.page = context.new_page()
        self.page.on("request", self._request)
        self.page.goto(server + url, wait_until="networkidle")
        # Material fetches its search worker, index and sitemap in the background after loading;
        # wait until 600 ms pass without a request, then any request is the tool's.
        seen = -1
        for _ in range(20):
            if seen == len(self.hosts_log):
                break
            seen = len(self.hosts_log)
            self.page.wait_for_timeout(600)
        self.url = self.page.url
        self.loaded = True
        # Material stores the colour palette it applied while loading (its own setting, no input);
        # from here on, using the tool must write nothing.
        self.page.evaluate("window.kbWrites = []")
        self.storage = self.page.evaluate(STORAGE)

    def _request(self, request: Any) -> None:
        self.hosts_log.append(request.url)
        self.hosts.add(urlsplit(request.url).netloc)
        if self.loaded:
            self.late.append(request.url)

    def assert_private(self, server: str) -> None:
        page = self.page
        page.wait_for_timeout(300)
        assert self.hosts == {urlsplit(server).netloc}
        assert self.late == [], f"requests after loading: {self.late}"
        assert page.evaluate("window.kbWrites") == []
        assert page.evaluate(STORAGE) == self.storage
        assert all(key.endswith("__palette") for key in self.storage["local"] + self.storage["session"])
        assert self.storage["cookie"] == ""
        assert self.context.cookies() == []
        assert page.url == self.url, "the URL changed"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


def result(page: Page, name: str) -> str:
    return page.locator(f'form.kb-instrument [data-kb="{name}"]').inner_text().strip()


def clear(page: Page) -> None:
    page.get_by_role("button", name="Clear the form").click()
    page.wait_for_function("() => document.querySelector('[data-kb=total]').textContent === '0'")


def fill_cows(page: Page, indices: list[int]) -> None:
    for item, index in zip(COWS.items, indices, strict=True):
        page.locator(f'input[name="kb-cows-{item.id}"]').nth(index).check()


def band_of(total: int) -> str:
    band = COWS.band_for(total)
    return band.label if band else f"below {COWS.bands[0].min}: no severity band"


def test_cows_filled_with_the_keyboard(context: BrowserContext, server: str) -> None:
    watched = Watched(context, server, COWS_URL)
    page = watched.page
    chosen = options_for(25)
    page.locator('input[name="kb-cows-pulse"]').first.focus()
    for index in chosen:
        page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert result(page, "total") == "25"
    assert result(page, "band") == "moderately severe"
    assert "all 11 items" in result(page, "answered")
    assert page.locator("tr.kb-instrument__row--current").inner_text().startswith("25")
    assert page.locator("[data-kb-today]").input_value() != ""
    watched.assert_private(server)


@pytest.mark.parametrize("total", [4, 5, 12, 13, 24, 25, 36, 37])
def test_cows_band_edges(context: BrowserContext, server: str, total: int) -> None:
    watched = Watched(context, server, COWS_URL)
    page = watched.page
    fill_cows(page, options_for(total))
    assert result(page, "total") == str(total)
    assert result(page, "band") == band_of(total)
    expected = {4: "below 5", 5: "mild", 12: "mild", 13: "moderate", 24: "moderate",
                25: "moderately severe", 36: "moderately severe", 37: "severe"}[total]
    assert result(page, "band").startswith(expected)
    clear(page)
    watched.assert_private(server)


def check_criteria(page: Page, ids: list[str]) -> None:
    for criterion in ids:
        page.locator(f'input[value="{criterion}"]').check()


@pytest.mark.parametrize(("count", "severity", "code"), [
    (1, "fewer than 2", "none"), (2, "mild", "F11.10"), (3, "mild", "F11.10"), (4, "moderate", "F11.20"),
    (5, "moderate", "F11.20"), (6, "severe", "F11.20")])
def test_dsm_severity_edges(context: BrowserContext, server: str, count: int, severity: str,
                            code: str) -> None:
    watched = Watched(context, server, DSM_URL)
    page = watched.page
    check_criteria(page, [c.id for c in DSM.criteria[:count]])
    assert result(page, "total") == str(count)
    assert result(page, "band").startswith(severity)
    assert result(page, "icd10cm").startswith(code)
    watched.assert_private(server)


def test_dsm_keyboard_and_the_supervised_use_rule(context: BrowserContext, server: str) -> None:
    watched = Watched(context, server, DSM_URL)
    page = watched.page
    for criterion in ["cut-down", "craving", "tolerance", "withdrawal"]:
        page.locator(f'input[value="{criterion}"]').focus()
        page.keyboard.press("Space")
    assert (result(page, "total"), result(page, "band")) == ("4", "moderate")
    assert result(page, "icd10cm").startswith("F11.20")
    page.locator("[data-kb-prescribed]").focus()
    page.keyboard.press("Space")
    assert (result(page, "total"), result(page, "band")) == ("2", "mild")
    assert "2 not counted" in result(page, "excluded")
    assert result(page, "icd10cm").startswith("F11.10")
    page.keyboard.press("Space")
    assert result(page, "total") == "4"
    watched.assert_private(server)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", [COWS_URL, DSM_URL, "tools/"])
def test_no_accessibility_violations(browser: Browser, server: str, scheme: str, url: str) -> None:
    context = browser.new_context(color_scheme="dark" if scheme == "dark" else "light", viewport=DESKTOP)
    watched = Watched(context, server, url)
    page = watched.page
    if url == COWS_URL:
        fill_cows(page, options_for(13))
    elif url == DSM_URL:
        check_criteria(page, ["craving", "tolerance"])
    # Colours are judged once the theme's transitions have ended, not half-way through one.
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
    violations = page.evaluate(f"axe.run({json.dumps(AXE_OPTIONS)})")["violations"]
    context.close()
    assert not violations, json.dumps([(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations],
                                      indent=1)


def test_printing_keeps_the_filled_result(context: BrowserContext, server: str, artifacts: Path) -> None:
    page = Watched(context, server, COWS_URL).page
    fill_cows(page, options_for(25))
    date = page.locator("[data-kb-today]").input_value()
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "print-tools-cows.pdf").write_bytes(pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Total score: 25 of 48" in text
    assert "Withdrawal severity: moderately severe" in text
    assert "Clinical Opiate Withdrawal Scale" in text and "Recognising the problem" not in text
    year, month, day = date.split("-")
    assert year in text and (month in text or str(int(month)) in text), "the date is not printed"
    assert day


def test_without_javascript_it_is_a_paper_form(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(server + COWS_URL)
    form = page.locator("form.kb-instrument")
    assert form.locator("fieldset").count() == 11
    text = form.inner_text()
    assert "4 points" in text and "25–36" in text and "moderately severe" in text
    assert result(page, "total") == ""
    context.close()


def test_live_after_instant_navigation(context: BrowserContext, server: str) -> None:
    watched = Watched(context, server, "tools/")
    page = watched.page
    page.locator("article a[href$='oud-criteria/']").first.click()
    page.wait_for_selector("form[data-kb-live]")
    check_criteria(page, ["craving", "cut-down"])
    assert result(page, "band") == "mild"


def test_screenshots_for_review(browser: Browser, server: str, artifacts: Path) -> None:
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    for scheme in ["light", "dark"]:
        for device, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
            context = browser.new_context(color_scheme="dark" if scheme == "dark" else "light",
                                          viewport=viewport)
            page = context.new_page()
            for name, url in [("cows", COWS_URL), ("oud-criteria", DSM_URL)]:
                page.goto(server + url)
                if name == "cows":
                    fill_cows(page, options_for(25))
                else:
                    check_criteria(page, [c.id for c in DSM.criteria[:5]])
                width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                assert width[0] <= width[1], f"{name} scrolls sideways at {viewport['width']}px"
                page.locator("form.kb-instrument").scroll_into_view_if_needed()
                shot = folder / f"tools-{name}-{scheme}-{device}.png"
                page.screenshot(path=shot, full_page=True)
                assert shot.stat().st_size > 10_000
            context.close()


@pytest.mark.browser
def test_live_in_the_offline_bundle(browser: Browser) -> None:
    """Opened from disk (file://), where Material's document$ never emits, the tools still score."""
    page_file = SITE_OFFLINE / "tools" / "oud-criteria.html"
    if not page_file.exists():
        pytest.fail("site-offline/ is missing: run `make build-offline` (make test does it)")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_selector("form[data-kb-live]", timeout=10_000)
    check_criteria(page, ["craving", "cut-down"])
    assert result(page, "band") == "mild"
    page.close()
