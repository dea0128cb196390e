"""The Content Security Policy in a real headless Chromium: no page of the built site breaks it,
search, instant navigation and the palette switch still work under it, and a script injected into a
page (inline, or from another origin) does not run."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from conftest import (
    BASE_PATH,
    ROOT,
    VALID_PAGE,
    VALID_REFERENCES,
    VALID_TERM,
    build_fixture,
    site_pages,
)
from devtools.search_eval import open_search, run_query, serve

pytestmark = pytest.mark.browser

# Registered before any page script (Playwright's init scripts are not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  event => window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`));
"""
VIOLATIONS = "() => window.__cspViolations"


class Watched:
    """A page with every CSP violation recorded, from the DOM event and from the console."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate(VIOLATIONS) or []
        return found + self.console


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    yield Watched(page)
    page.close()


def test_every_page_has_the_policy_and_loads_without_a_violation(
        server: str, built_site: Path, watched: Watched) -> None:
    pages = site_pages(built_site)
    assert len(pages) > 40
    broken = {}
    for url in pages:
        watched.console.clear()
        watched.page.goto(server + url, wait_until="load")
        policy = watched.page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, f"{url}: no Content-Security-Policy meta tag"
        referrer = watched.page.locator('meta[name="referrer"]').get_attribute("content")
        assert referrer in ("no-referrer", "strict-origin"), url
        # Material's bundle ran (it sets the search worker up and marks <html> as js).
        watched.page.wait_for_function("() => document.documentElement.classList.contains('js')")
        if watched.violations():
            broken[url] = watched.violations()
    assert not broken, broken


def test_search_works_under_the_policy(server: str, watched: Watched) -> None:
    open_search(watched.page, server)
    groups = run_query(watched.page, "naloxone")
    assert groups, "no search results"
    assert not watched.violations()


def test_instant_navigation_works_under_the_policy(
        server: str, built_site: Path, watched: Watched) -> None:
    page = watched.page
    # Material keeps only the path of the sitemap's URLs and takes the scheme and host (not the
    # port) from the page, so the sitemap is served as the deployed site's own would read here.
    origin = server.rstrip("/")
    sitemap = re.sub(r"<loc>https?://[^/<]+", f"<loc>{origin}",
                     (built_site / "sitemap.xml").read_text(encoding="utf-8"))
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap,
                                                              content_type="application/xml"))
    page.goto(server + BASE_PATH.lstrip("/") + "treatment/", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href$='medications/buprenorphine/']").first.click()
    page.wait_for_url("**/treatment/medications/buprenorphine/", wait_until="commit")
    page.locator("h1", has_text="Buprenorphine").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "the link loaded a new document"
    page.go_back()
    page.wait_for_url("**/treatment/", wait_until="commit")
    page.locator("h1", has_text="Treatment").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    assert not watched.violations()


def test_palette_switch_works_under_the_policy(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server, wait_until="load")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"() => {scheme} !== {before!r}")
    # The choice is stored and read back by the theme's inline palette script on the next load.
    page.reload(wait_until="load")
    assert page.evaluate(scheme) != before
    assert not watched.violations()


INJECT_HOOK = """
def on_page_content(html, **kwargs):
    return html + ('<script>window.injectedInline = true</script>'
                   '<script src="{external}"></script>')
"""


def build_fixture_site(project: Path, external: str) -> Path:
    """A one-page site built with the real hooks and a hook that injects two scripts into the
    page content after the project's own checks, as a broken extension or dependency might."""
    (project / "hooks_inject.py").write_text(INJECT_HOOK.format(external=external), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: CSP fixture\nsite_url: https://example.org/\n"
        "theme: {name: material, font: false}\n"
        f"hooks: [{ROOT / 'scripts' / 'kb' / 'build' / 'hooks.py'}, hooks_inject.py]\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]\n",
        encoding="utf-8")
    return build_fixture(project, 120)


def test_injected_inline_and_external_scripts_do_not_run(tmp_path: Path, browser: Browser) -> None:
    project = tmp_path / "project"
    for name in ("docs", "glossary"):
        (project / name).mkdir(parents=True)
    (project / "docs" / "index.md").write_text(VALID_PAGE, encoding="utf-8")
    (project / "references.yml").write_text(VALID_REFERENCES, encoding="utf-8")
    (project / "glossary" / "heroin.yml").write_text(
        VALID_TERM.replace("example.md", "index.md"), encoding="utf-8")
    shutil.copytree(ROOT / "editorial", project / "editorial",
                    ignore=shutil.ignore_patterns("corrections.yml"))
    # The external script is served from another origin (localhost, not 127.0.0.1).
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "evil.js").write_text("window.injectedExternal = true\n", encoding="utf-8")
    with serve(evil) as evil_url:
        external = evil_url.replace("127.0.0.1", "localhost") + "evil.js"
        site = build_fixture_site(project, external)
        # The same page without its policy: both scripts run, so the test can see them run.
        unprotected = tmp_path / "unprotected"
        shutil.copytree(site, unprotected)
        index = unprotected / "index.html"
        text = index.read_text(encoding="utf-8")
        start = text.index('<meta http-equiv="Content-Security-Policy"')
        index.write_text(text[:start] + text[text.index(">", start) + 1:], encoding="utf-8")

        ran = "() => [window.injectedInline === true, window.injectedExternal === true]"
        for directory, expected in ((unprotected, [True, True]), (site, [False, False])):
            page = browser.new_page()
            watched = Watched(page)
            with serve(directory, BASE_PATH) as url:
                page.goto(url, wait_until="load")
                page.wait_for_function("() => document.documentElement.classList.contains('js')")
                assert page.evaluate(ran) == expected, directory.name
                # The theme's own inline scripts did run under the policy.
                assert page.evaluate("typeof __md_get") == "function"
                if directory == site:
                    blocked = " ".join(watched.violations())
                    assert "script-src-elem inline" in blocked, blocked
                    assert "evil.js" in blocked, blocked
            page.close()
