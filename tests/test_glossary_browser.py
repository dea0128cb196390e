"""The glossary in a real browser: the citable glossary/#slug reaches the entry on its letter page,
term links go straight to the entry, and the A-Z index keeps every term's id without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, letter_page_link, open_in_place

pytestmark = pytest.mark.browser

CONTENT_PAGE = "health-effects/overdose/"


def test_the_citable_address_forwards_to_the_entry(server: str, page: Page) -> None:
    page.goto(server + "glossary/#naloxone")
    page.wait_for_url(re.compile(r"/glossary/n/#naloxone$"))
    entry = page.locator("#naloxone")
    expect(entry).to_have_text("Naloxone")
    expect(entry).to_be_in_viewport()
    expect(page.locator(".kb-glossary__term", has=entry)).to_contain_text("For clinicians")
    # location.replace: Back leaves the glossary instead of bouncing through the index.
    assert page.evaluate("() => history.length") == 2


def test_the_citable_address_forwards_after_instant_navigation(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE, wait_until="networkidle")
    # Material's instant navigation loads the index in place; kb.js forwards on document$.
    open_in_place(page, server + "glossary/#heroin")
    page.wait_for_url(re.compile(r"/glossary/h/#heroin$"))
    expect(page.locator("#heroin")).to_be_in_viewport()


def test_a_term_link_goes_to_the_entry_on_its_letter_page(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE, wait_until="networkidle")
    link, letter, slug = letter_page_link(page, "article a.kb-term", "glossary")
    link.click()
    page.wait_for_url(re.compile(rf"/glossary/{letter}/#{slug}$"))
    expect(page.locator(f"#{slug}")).to_be_in_viewport()


def test_the_index_has_every_id_without_javascript(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "glossary/#naloxone")
    assert page.url.endswith("/glossary/#naloxone")  # no script: the reader stays on the index
    item = page.locator("a#naloxone")
    expect(item).to_be_in_viewport()
    assert item.get_attribute("href") == "n/#naloxone"
    assert page.locator(".kb-az__list > a[id]").count() == len(list(
        (ROOT / "glossary").glob("*.yml")))
    context.close()


def test_the_category_filter_hides_the_other_terms(server: str, page: Page) -> None:
    # The index's items are links (one element per term); the CSS-only filter hides them.
    page.goto(server + "glossary/", wait_until="networkidle")
    page.locator('label[for="kb-cat-medication"]').click()
    expect(page.locator("a#naloxone")).to_be_visible()
    expect(page.locator("a#heroin")).to_be_hidden()
    page.locator('label[for="kb-cat-all"]').click()
    expect(page.locator("a#heroin")).to_be_visible()
