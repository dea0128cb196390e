"""The references in a real browser: the citable references/#key reaches the full entry on its
letter page, a page's "Full record" link goes there directly, and the A-Z index keeps every key's
id without JavaScript."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, letter_page_link, open_in_place

pytestmark = pytest.mark.browser

CONTENT_PAGE = "health-effects/overdose/"
KEY = "volkow-brain-disease-model-2016"  # first author Volkow: references/v/


def test_the_citable_address_forwards_to_the_entry(server: str, page: Page) -> None:
    page.goto(server + f"references/#{KEY}")
    page.wait_for_url(re.compile(rf"/references/v/#{KEY}$"))
    entry = page.locator(f"#{KEY}")
    expect(entry).to_be_in_viewport()
    expect(entry.locator(".kb-ref__cited")).to_contain_text("Cited on")
    assert entry.locator(".kb-ref__cited a").count() >= 1  # the citing pages, shown
    # location.replace: Back leaves the references instead of bouncing through the index.
    assert page.evaluate("() => history.length") == 2


def test_the_citable_address_forwards_after_instant_navigation(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE, wait_until="networkidle")
    # Material's instant navigation loads the index in place; kb.js forwards on document$.
    open_in_place(page, server + f"references/#{KEY}")
    page.wait_for_url(re.compile(rf"/references/v/#{KEY}$"))
    expect(page.locator(f"#{KEY}")).to_be_in_viewport()


def test_a_full_record_link_goes_straight_to_the_letter_page(server: str, page: Page) -> None:
    page.goto(server + CONTENT_PAGE, wait_until="networkidle")
    record, letter, key = letter_page_link(page, "ol.kb-references a.kb-record", "references")
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    record.click()
    page.wait_for_url(re.compile(rf"/references/{letter}/#{key}$"))
    expect(page.locator(f"#{key}")).to_be_in_viewport()
    expect(page.locator(f"#{key} .kb-ref__cited")).to_contain_text("Opioid overdose")
    assert not any(url.split("#")[0].endswith("/references/") for url in visited), visited


def test_the_index_has_every_id_without_javascript(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + f"references/#{KEY}")
    assert page.url.endswith(f"/references/#{KEY}")  # no script: the reader stays on the index
    item = page.locator(f"li#{KEY}")
    expect(item).to_be_in_viewport()
    assert item.locator("a").get_attribute("href") == f"v/#{KEY}"
    keys = [entry["id"] for entry in yaml.safe_load((ROOT / "references.yml").read_text("utf-8"))]
    assert page.locator(".kb-az__list li[id]").count() == len(keys)
    context.close()
