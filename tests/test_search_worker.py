"""The search index stays off the page's main thread, and the query logic loads only when search
is used (docs/assets/javascripts/search-boot.js, workers/search-worker.js, search-query.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, Worker

from devtools.search_eval import RESULT_ITEM, open_search, rank_of, run_query

pytestmark = pytest.mark.browser

LOGIC = "/assets/javascripts/search-query.js"
INDEX = "/search/search_index.json"
READY = """() => document.querySelector('.md-search-result__meta').textContent.trim()
    === JSON.parse(document.getElementById('__config').textContent)
        .translations['search.result.placeholder']"""
# Every JSON.parse on the main thread, by length of the text parsed.
PARSES = """() => {
  const parse = JSON.parse
  window.__kbParsed = []
  JSON.parse = function (text, ...rest) {
    window.__kbParsed.push(String(text).length)
    return parse.call(this, text, ...rest)
  }
}"""
# The index is about 1 MB of JSON; the stand-in Material parses is its config (well under 1 KB).
LARGEST_PARSE = 10_000


def index_fetched_in(worker: Worker) -> bool:
    return bool(worker.evaluate(f"""() => performance.getEntriesByType('resource')
        .some(e => e.name.endsWith('{INDEX}'))"""))


def test_the_index_is_fetched_and_parsed_in_the_worker(server: str, page: Page) -> None:
    workers: list[Worker] = []
    page.on("worker", lambda worker: workers.append(worker))
    page.add_init_script(f"({PARSES})()")
    open_search(page, server)
    parsed: list[int] = page.evaluate("() => window.__kbParsed")
    assert max(parsed) < LARGEST_PARSE, parsed
    assert not page.evaluate(f"""() => performance.getEntriesByType('resource')
        .some(e => e.name.endsWith('{INDEX}'))"""), "the main thread fetched the index"
    assert [worker for worker in workers if index_fetched_in(worker)], [w.url for w in workers]
    # Search still answers, with the whole names the worker sent back ("precipitated withdrawal",
    # a name of the term's main article, glossary/precipitated-withdrawal.yml).
    assert rank_of(run_query(page, "naloxone"), ["help/naloxone/"]) in (1, 2, 3)
    assert rank_of(run_query(page, "precipitated withdrawal"),
                   ["treatment/medications/buprenorphine/"]) == 1


def test_the_query_logic_loads_only_when_search_is_used(server: str, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    page.wait_for_function(READY, timeout=30_000)
    page.wait_for_timeout(500)
    assert not [url for url in requested if url.endswith(LOGIC)], "loaded before search was used"
    page.keyboard.press("/")
    page.wait_for_function(f"() => performance.getEntriesByType('resource')"
                           f".some(e => e.name.endsWith('{LOGIC}'))", timeout=30_000)


def test_a_query_typed_before_the_logic_arrives_is_answered_by_it(server: str, page: Page) -> None:
    """The logic's script is held until the query has been typed: the query waits and is then
    answered through it ("buprenorfine" finds nothing without the typo retry)."""
    held: list[Route] = []
    page.route(f"**{LOGIC}", lambda route: held.append(route))
    page.goto(server)
    page.wait_for_function(READY, timeout=30_000)
    page.keyboard.press("/")
    page.keyboard.type("buprenorfine")
    page.wait_for_timeout(300)
    assert held, "search-query.js was not requested when search was used"
    assert page.locator(RESULT_ITEM).count() == 0
    held[0].continue_()
    page.wait_for_selector(RESULT_ITEM, timeout=30_000)
    first = page.locator(RESULT_ITEM).first.locator("a").first.get_attribute("href") or ""
    assert "treatment/medications/buprenorphine/" in first, first


def test_a_result_link_highlights_its_words_from_the_stand_in_config(server: str, page: Page) -> None:
    """Material highlights ``?h=`` words with the index's separator (its ``config``), which it
    now reads from the stand-in the worker sent back."""
    page.goto(server + "health-effects/overdose/?h=naloxone")
    page.wait_for_selector("mark[data-md-highlight]", timeout=30_000)
