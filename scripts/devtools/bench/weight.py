"""Page weight: what a first visit downloads, real site against the bare build.

Each page loads in a fresh browser context (empty cache) from a local server that gzips text
like a static host. Bytes are the gzip-encoded bodies the server sent until the network was idle,
so requests from the search worker count too. The search index is site-wide and fetched once in
the background, so it is reported on its own and kept out of the per-page budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from devtools.bench.browser import chromium
from devtools.bench.budgets import EXTERNAL_REQUESTS, PAGE_WEIGHT_EXTRA
from devtools.bench.context import Context
from devtools.bench.report import Outcome, Table
from devtools.bench.server import Served, gzip_size, serve

PAGES = {"home": "", "long content page": "health-effects/long-term/", "glossary": "glossary/"}
CONTENT_PAGE = "long content page"
SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Load:
    """One cold page load."""

    page_bytes: int    # everything except the search index
    index_bytes: int
    requests: int      # to the local server
    external: list[str]


def split_index(sent: list[tuple[str, int]]) -> tuple[int, int]:
    """(bytes of everything but the search index, bytes of the search index)."""
    index = sum(size for path, size in sent if urlsplit(path).path.endswith(SEARCH_INDEX))
    return sum(size for _, size in sent) - index, index


def cold_load(browser: Browser, served: Served, path: str) -> Load:
    """Load ``path`` with an empty cache and wait for the network to go quiet."""
    context = browser.new_context()
    page = context.new_page()
    own = urlsplit(served.url).netloc
    requests: list[str] = []
    external: list[str] = []

    def seen(url: str) -> None:
        (requests if urlsplit(url).netloc == own else external).append(url)

    context.on("request", lambda request: seen(request.url))
    # Anything external is recorded, then refused: the sandbox has no internet anyway.
    context.route(lambda url: urlsplit(url).netloc not in (own, ""), lambda route: route.abort())
    served.take()
    page.goto(served.url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    page_bytes, index_bytes = split_index(served.take())
    return Load(page_bytes, index_bytes, len(requests), external)


def run(context: Context) -> Outcome:
    """Cold loads of the home page, a long content page and the glossary on both sites."""
    loads: dict[str, dict[str, Load]] = {}
    with chromium() as browser:
        for name, site in (("real", context.real_site), ("bare", context.bare_site())):
            with serve(site) as served:
                cold_load(browser, served, "")  # warm the server's gzip cache, not the browser's
                loads[name] = {page: cold_load(browser, served, path) for page, path in PAGES.items()}
    rows = []
    for page in PAGES:
        real, bare = loads["real"][page], loads["bare"][page]
        rows.append([page, _kb(real.page_bytes), _kb(bare.page_bytes),
                     _kb(real.page_bytes - bare.page_bytes), str(real.requests), str(bare.requests),
                     str(len(real.external)), _kb(real.page_bytes + real.index_bytes)])
    index_rows = [[name, _kb(len(data)), _kb(gzip_size(data))]
                  for name, data in (("real", _read(context.real_site / SEARCH_INDEX)),
                                     ("bare", _read(context.bare_site() / SEARCH_INDEX)))]
    extra = loads["real"][CONTENT_PAGE].page_bytes - loads["bare"][CONTENT_PAGE].page_bytes
    external = sorted({url for load in loads["real"].values() for url in load.external})
    return Outcome(
        "weight", "Page weight (first visit, gzip)",
        [Table("bytes are gzip bodies sent by the server; page = all but the search index",
               ["page", "real KB", "bare KB", "extra KB", "real requests", "bare requests",
                "external", "real KB with index"], rows),
         Table("search index (site/search/search_index.json)", ["site", "raw KB", "gzip KB"],
               index_rows)],
        figures={"loads": {site: {page: load.__dict__ for page, load in pages.items()}
                           for site, pages in loads.items()}, "external_urls": external},
        checks=[PAGE_WEIGHT_EXTRA.check(extra), EXTERNAL_REQUESTS.check(len(external))],
        notes=["KB = 1000 bytes. The search index is fetched once per visit by the search worker "
               "and cached for later pages, so it is reported on its own."])


def _kb(size: int) -> str:
    return f"{size / 1000:.1f}"


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


