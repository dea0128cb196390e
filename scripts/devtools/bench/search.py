"""Search latency in headless Chromium: index ready after a cold load, keystroke to results.

Queries come from the search evaluation set (``devtools.search_eval``, ``tests/search_queries.yml``);
its ranking metrics (success@1, success@3, MRR) are reported alongside. Timings are taken inside
the page with ``performance.now()``: a MutationObserver notes when Material's result area
changes, a keyup listener notes the last keystroke, so Playwright's own latency does not count.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from playwright.sync_api import Browser, Page

from devtools.bench.browser import chromium
from devtools.bench.budgets import INDEX_READY, RESULTS_BURST_P95, RESULTS_P95
from devtools.bench.context import Context
from devtools.bench.report import Outcome, Table
from devtools.bench.server import serve
from devtools.bench.stats import median, percentile

FALLBACK_QUERIES = ["heroin", "naloxone", "methadone dose", "withdrawal symptoms", "overdose",
                    "buprenorphine", "hepatitis c", "pregnancy", "fentanyl", "family support"]
READY_LOADS = 5
SETTLED_MS = 250  # no change in the result area for this long: rendering has finished
# 50 ms between keys is 240 words a minute, faster than fast typists: the queue of queries that
# typing sends to the search worker is included. A burst at machine speed (no delay between keys)
# has its own budget: search-query.js keeps one query in the worker and drops the ones a newer
# keystroke replaced, so the last keystroke waits for at most one stale query.
KEY_DELAY_MS = 50

INSTRUMENT = """(() => {
  const state = window.__kbBench = {ready: null, keyup: null, changed: null};
  const placeholder = () => {
    try { return JSON.parse(document.getElementById('__config').textContent)
            .translations['search.result.placeholder']; } catch (error) { return null; }
  };
  document.addEventListener('keyup', () => { state.keyup = performance.now(); }, true);
  new MutationObserver(records => {
    const now = performance.now();
    const meta = document.querySelector('.md-search-result__meta');
    if (state.ready === null && meta && meta.textContent.trim() === placeholder()) state.ready = now;
    for (const record of records) {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      if (node && node.closest('.md-search-result')) { state.changed = now; break; }
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
})();"""


@dataclass(frozen=True)
class Ready:
    """When the search index was ready on one cold load (ms after navigation start)."""

    ready_ms: float
    load_ms: float


def index_ready(browser: Browser, url: str) -> Ready:
    """Cold load of the home page; wait until Material says the search is ready."""
    context = browser.new_context()
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.__kbBench.ready !== null", timeout=30_000)
    ready: float = page.evaluate("window.__kbBench.ready")
    load: float = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    context.close()
    return Ready(ready, load)


def keystroke_latency(page: Page, text: str, delay_ms: float = KEY_DELAY_MS) -> float:
    """Milliseconds from the last keystroke of ``text`` to the last change of the results."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # Material reads the box on keyup: this shows the placeholder again
    page.wait_for_function("""() => { const meta = document.querySelector('.md-search-result__meta');
        return meta.textContent.trim() === JSON.parse(document.getElementById('__config')
            .textContent).translations['search.result.placeholder']; }""")
    page.evaluate("window.__kbBench.keyup = null; window.__kbBench.changed = null")
    page.keyboard.type(text, delay=delay_ms)
    page.wait_for_function(
        f"""() => {{ const s = window.__kbBench;
            return s.keyup !== null && s.changed !== null && s.changed > s.keyup
                && performance.now() - s.changed > {SETTLED_MS}; }}""", polling=25, timeout=30_000)
    latency: float = page.evaluate("window.__kbBench.changed - window.__kbBench.keyup")
    return latency


def queries() -> tuple[list[str], str, ModuleType | None]:
    """The evaluation queries, where they came from, and the search_eval module if present.

    Imported by name so this benchmark still measures latency (on a fallback list) where the
    evaluation set does not exist yet.
    """
    try:
        search_eval = importlib.import_module("devtools.search_eval")
    except ImportError:
        return FALLBACK_QUERIES, "fallback list (devtools.search_eval missing)", None
    return ([q.text for q in search_eval.load_queries()], "tests/search_queries.yml via "
            "devtools.search_eval", search_eval)


def run(context: Context) -> Outcome:
    """Index-ready time over cold loads, keystroke latency for every query, ranking metrics."""
    texts, source, evaluation = queries()
    with serve(context.real_site) as served, chromium() as browser:
        readies = [index_ready(browser, served.url) for _ in range(READY_LOADS)]
        page_context = browser.new_context()
        page_context.add_init_script(INSTRUMENT)
        page = page_context.new_page()
        page.goto(served.url)
        page.wait_for_function("() => window.__kbBench.ready !== null", timeout=30_000)
        page.keyboard.press("/")
        latencies = [keystroke_latency(page, text) for text in texts]
        bursts = [keystroke_latency(page, text, delay_ms=0) for text in texts]
        page_context.close()
        quality = None
        halves: list[str] = []
        if evaluation is not None:
            ranking_page = browser.new_page()
            outcomes = evaluation.evaluate(ranking_page, served.url, evaluation.load_queries())
            quality = evaluation.metrics(outcomes)
            for name, path in getattr(evaluation, "HALVES", {}).items():
                kept, skipped = evaluation.runnable(evaluation.load_queries(path),
                                                    context.real_site)
                scored = evaluation.evaluate(ranking_page, served.url, kept)
                halves.append(f"Independent {name} half: {evaluation.metrics(scored)}; "
                              f"misspellings {evaluation.misspellings(scored)}; "
                              f"{len(skipped)} skipped (expected page not built yet).")
            ranking_page.close()
    ready = median([r.ready_ms for r in readies]) / 1000
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    rows = [["index ready after navigation start (s)", f"{ready:.3f}",
             f"{max(r.ready_ms for r in readies) / 1000:.3f}", f"{READY_LOADS} cold loads"],
            ["index ready after the load event (s)",
             f"{median([r.ready_ms - r.load_ms for r in readies]) / 1000:.3f}",
             f"{max(r.ready_ms - r.load_ms for r in readies) / 1000:.3f}", ""],
            ["keystroke to results p50 (ms)", f"{p50:.1f}", f"{max(latencies):.1f}",
             f"{len(latencies)} queries"],
            ["keystroke to results p95 (ms)", f"{p95:.1f}", "", f"keys {KEY_DELAY_MS} ms apart"],
            ["same, typed in a burst: p50 (ms)", f"{percentile(bursts, 50):.1f}",
             f"{max(bursts):.1f}", "no delay between keys"],
            ["same, typed in a burst: p95 (ms)", f"{percentile(bursts, 95):.1f}", "", ""]]
    figures: dict[str, object] = {"ready_ms": [r.ready_ms for r in readies],
                                  "load_ms": [r.load_ms for r in readies],
                                  "latency_ms": dict(zip(texts, latencies, strict=True)),
                                  "burst_latency_ms": dict(zip(texts, bursts, strict=True))}
    if quality is not None:
        rows += [["success@1", f"{quality.success_at_1:.3f}", "", ""],
                 ["success@3", f"{quality.success_at_3:.3f}", "", ""],
                 ["MRR", f"{quality.mrr:.3f}", "", ""]]
        figures["quality"] = quality.__dict__
    return Outcome(
        "search", "Search latency",
        [Table(f"queries: {source}", ["measure", "median", "max", "over"], rows)],
        figures=figures,
        checks=[INDEX_READY.check(ready), RESULTS_P95.check(p95),
                RESULTS_BURST_P95.check(percentile(bursts, 95))],
        notes=["Cold loads from the gzip server; times from performance.now() in the page. "
               "Results = last change of Material's result list after the last keyup.",
               f"Budgets on keys typed {KEY_DELAY_MS} ms apart and on a burst at machine speed "
               "(no delay): queries a newer keystroke replaced are dropped before the worker.",
               *halves])
