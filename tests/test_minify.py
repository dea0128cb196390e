"""Our own CSS and JS served minified (kb.build.minify): what is minified, that private class
members survive rjsmin, that every served script still parses, and that the build serves them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import ROOT
from kb.build.minify import is_own_asset, minify, minify_css, minify_js

DOCS = ROOT / "docs"
OWN = sorted(path for path in DOCS.rglob("*") if path.is_file()
             and is_own_asset(path.relative_to(DOCS).as_posix()))


def parses(script: str, browser: Browser) -> str | None:
    """The SyntaxError headless Chromium reports for ``script``, or None if it parses."""
    page = browser.new_page()
    try:
        error: str | None = page.evaluate("""source => {
          try { new Function(source); return null } catch (error) { return String(error) }
        }""", script)
        return error
    finally:
        page.close()


def test_which_files_are_ours() -> None:
    assert is_own_asset("assets/javascripts/kb.js")
    assert is_own_asset("assets/stylesheets/extra.css")
    assert not is_own_asset("assets/javascripts/vendor/iframe-worker-shim.js")
    assert not is_own_asset("health-effects/overdose.md")
    assert not is_own_asset("assets/images/favicon.png")
    assert {path.name for path in OWN} >= {"kb.js", "instruments.js", "search-boot.js", "search-query.js",
                                           "search-worker.js", "extra.css"}


@pytest.mark.browser
def test_private_class_members_keep_their_line_breaks(browser: Browser) -> None:
    source = ('class Queue {\n  #busy = null  // the query in the worker\n  #waiting = null\n'
              '  #post(text) { return this.#busy ?? "#" + text }\n}\n')
    minified = minify_js(source)
    assert "#busy=null\n#waiting=null" in minified
    assert '"#"' in minified and "this.#busy" in minified and "//" not in minified
    assert parses(minified, browser) is None
    # What rjsmin alone writes, which the check must catch:
    assert parses(minified.replace("#busy=null\n#waiting", "#busy=null#waiting"), browser)


def test_comments_go_licence_comments_stay() -> None:
    css = minify_css("/*! licence */\n/* note */\n.a  {  color : red ;  }\n")
    assert css == "/*! licence */.a{color:red}"
    assert minify_js("/*! licence */\n// note\nvar a = 1\n") == "/*! licence */var a=1"


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for p in OWN if p.suffix == ".js"], ids=lambda p: p.name)
def test_every_minified_script_parses(path: Path, browser: Browser) -> None:
    minified = minify(path.read_text(encoding="utf-8"), path.name)
    assert len(minified) < len(path.read_text(encoding="utf-8"))
    error = parses(minified, browser)
    assert error is None, f"{path.name} minified does not parse in Chromium: {error}"


@pytest.mark.site
@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_the_site_serves_them_minified(built_site: Path, path: Path) -> None:
    relative = path.relative_to(DOCS).as_posix()
    served = (built_site / relative).read_text(encoding="utf-8")
    assert served == minify(path.read_text(encoding="utf-8"), relative)


@pytest.mark.site
def test_vendor_files_are_served_as_they_came(built_site: Path) -> None:
    vendor = sorted((DOCS / "assets" / "javascripts" / "vendor").iterdir())
    assert vendor
    for path in vendor:
        assert (built_site / path.relative_to(DOCS)).read_bytes() == path.read_bytes()
