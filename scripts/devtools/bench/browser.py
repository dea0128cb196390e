"""Headless Chromium through Playwright, launched exactly as the browser tests launch it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, sync_playwright

from devtools.search_eval import launch_chromium


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the ``with`` block."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
