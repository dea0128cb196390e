"""Keyboard use in a real headless Chromium against the built site on 127.0.0.1: search with `/`,
results reached and opened with the keyboard, the skip link, and a visible focus at every stop."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from devtools.search_eval import RESULT_ITEM, SEARCH_INPUT, open_search, run_query

pytestmark = pytest.mark.browser

CONTENT_PAGE = "treatment/medications/buprenorphine/"

# What a sighted keyboard user sees of the focused element: an outline or a shadow on a box with
# a size. The palette switch is a hidden radio whose next label shows the ring; the search box
# shows focus by opening the search dialog.
FOCUS_SHOWN = """() => {
  const active = document.activeElement
  if (active.matches(".md-search__input")) return document.getElementById("__search").checked
  const shown = active.matches("input.md-option") ? active.nextElementSibling : active
  const style = getComputedStyle(shown), box = shown.getBoundingClientRect()
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none"
  return ring && box.width > 0 && box.height > 0 && style.visibility !== "hidden"
}"""
DESCRIBE_FOCUS = "() => document.activeElement.outerHTML.slice(0, 160)"


def focus_shown(page: Page) -> bool:
    """Whether the focused element shows it (some widgets react a frame after the key)."""
    try:
        page.wait_for_function(FOCUS_SHOWN, timeout=1000)
    except PlaywrightTimeout:
        return False
    return True


def assert_focus_shown(page: Page) -> None:
    assert focus_shown(page), f"focus not visible on {page.evaluate(DESCRIBE_FOCUS)}"


def test_slash_opens_search_and_no_request_leaves_the_site(server: str, page: Page) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(server, wait_until="networkidle")
    assert "knowledge base" in page.title().lower()
    page.keyboard.press("/")
    assert page.locator(SEARCH_INPUT).evaluate("element => element === document.activeElement")
    page.keyboard.type("naloxone")
    page.locator(RESULT_ITEM).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(server).netloc}


def test_search_results_are_reached_and_opened_with_the_keyboard(server: str, page: Page) -> None:
    open_search(page, server)
    run_query(page, "methadone")           # typed, and its results rendered (not a prefix's)
    first = page.locator(f"{RESULT_ITEM} a").first
    page.keyboard.press("ArrowDown")
    assert first.evaluate("link => link === document.activeElement")
    assert_focus_shown(page)
    target = urlsplit(first.get_attribute("href") or "").path
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == target)
    assert target.endswith("/treatment/medications/methadone/")


def test_enter_in_the_search_box_opens_the_best_result(server: str, page: Page) -> None:
    open_search(page, server)
    run_query(page, "Transair")
    page.keyboard.press("Enter")
    page.wait_for_url("**/treatment/detoxification/transair/**")


def test_skip_link_is_first_and_moves_to_the_content(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert skip.evaluate("link => link === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["width"] > 0, "the skip link must show when focused"
    assert_focus_shown(page)
    heading = urlsplit(skip.get_attribute("href") or "").fragment
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === '#{heading}'")
    assert page.locator(f"[id='{heading}']").evaluate(
        "element => { const box = element.getBoundingClientRect();"
        " return box.top >= 0 && box.top < innerHeight }")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('.md-content')"), \
        f"Tab after the skip link left the content: {page.evaluate(DESCRIBE_FOCUS)}"


def test_focus_is_visible_at_every_tab_stop(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE)
    hidden = []
    reached_content = False
    for _ in range(90):
        page.keyboard.press("Tab")
        if not focus_shown(page):
            hidden.append(page.evaluate(DESCRIBE_FOCUS))
        reached_content |= page.evaluate("() => !!document.activeElement.closest('.md-content')")
    assert reached_content, "90 tab stops never reached the page content"
    assert not hidden, "focus not visible on:\n" + "\n".join(hidden)
