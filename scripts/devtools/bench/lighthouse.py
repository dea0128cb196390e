"""Lighthouse (mobile preset) on the real and the bare build, and on the 10x glossary.

The glossary is measured as two pages: its A-Z index (``glossary/``) and its largest letter page
(``glossary/<letter>/``, the most bytes of HTML in the real build), at today's size and at 10x
terms. The bare build (stock Material, no hooks, same Markdown) renders both as the intro without
entries: it is the floor, not a like-for-like page.

Lighthouse is the npm package pinned in ``package.json`` / ``package-lock.json`` (integrity
hashes); ``npm ci`` installs it into ``node_modules/`` when it is missing. It drives Debian's
Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``). Each page is served by the same gzip
server as the page-weight benchmark. The mobile preset simulates a mid-range phone: 4x CPU
slowdown and slow 4G, so TBT and LCP are Lighthouse's simulated (Lantern) figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.bench.budgets import (
    GLOSSARY_TBT,
    GLOSSARY_TBT_10X,
    LIGHTHOUSE_ACCESSIBILITY,
    LIGHTHOUSE_BEST_PRACTICES,
    LIGHTHOUSE_PERFORMANCE,
    LIGHTHOUSE_SEO,
)
from devtools.bench.context import Context
from devtools.bench.generator import generate, write_site
from devtools.bench.process import mkdocs_build
from devtools.bench.report import Outcome, Table
from devtools.bench.scaling import real_profile
from devtools.bench.server import serve

LIGHTHOUSE_VERSION = "12.2.3"
PAGES = {
    "home": "",
    "long content page": "health-effects/long-term/",
    "overdose": "health-effects/overdose/",
    "glossary index": "glossary/",
    "references index": "references/",
    "clinician quick reference": "about/quick-reference/",
    "clinician tool (COWS)": "tools/cows/",
}
RUNS = 3  # per page and build; the median run is reported (one run's TBT varied 40 to 930 ms)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GLOSSARY_FACTOR = 10


@dataclass(frozen=True)
class Report:
    """The figures kept from one Lighthouse run."""

    scores: dict[str, int]       # category -> 0..100
    tbt_ms: float
    lcp_ms: float
    fcp_ms: float
    total_bytes: int
    dom_elements: int
    main_thread_ms: float
    failed: list[str]            # ids of failed audits in the non-performance categories

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """Pick the figures out of Lighthouse's JSON output (``--output=json``)."""
        audits = data["audits"]

        def value(audit: str) -> float:
            return float(audits.get(audit, {}).get("numericValue") or 0)

        scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
        failed = sorted({ref["id"] for c in CATEGORIES if c != "performance"
                         for ref in data["categories"][c]["auditRefs"]
                         if ref.get("weight") and audits[ref["id"]].get("score") is not None
                         and audits[ref["id"]]["score"] < 1})
        return cls(scores, value("total-blocking-time"), value("largest-contentful-paint"),
                   value("first-contentful-paint"), int(value("total-byte-weight")),
                   int(value("dom-size")), value("mainthread-work-breakdown"), failed)


def lighthouse_bin(root: Path) -> Path:
    """``node_modules/.bin/lighthouse``, installed from the lock file when missing."""
    binary = root / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if shutil.which("npm") is None:
            raise SystemExit("lighthouse benchmark: npm is missing (install Node 20 and npm)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root, check=True)
    return binary


def lighthouse(binary: Path, url: str, timeout: float = 300) -> Report:
    """One Lighthouse run, mobile preset (Lighthouse's default), on ``url``."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as scratch:
        output = Path(scratch) / "report.json"
        result = subprocess.run(
            [str(binary), url, "--output=json", f"--output-path={output}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env=env, check=False, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"lighthouse {url} failed ({result.returncode}):\n"
                               f"{result.stderr[-3000:]}")
        return Report.from_json(json.loads(output.read_text(encoding="utf-8")))


def median_report(reports: list[Report]) -> Report:
    """Each figure's median over the runs; failed audits are those of the run with the median
    performance score."""
    def mid(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    by_score = sorted(reports, key=lambda r: r.scores["performance"])[len(reports) // 2]
    return Report({c: int(mid([r.scores[c] for r in reports])) for c in CATEGORIES},
                  mid([r.tbt_ms for r in reports]), mid([r.lcp_ms for r in reports]),
                  mid([r.fcp_ms for r in reports]), int(mid([r.total_bytes for r in reports])),
                  int(mid([r.dom_elements for r in reports])),
                  mid([r.main_thread_ms for r in reports]), by_score.failed)


def run_site(binary: Path, site: Path, pages: dict[str, str], timeout: float = 300,
             runs: int = RUNS) -> dict[str, Report]:
    """Lighthouse ``runs`` times on each page of ``site``, served with gzip; medians."""
    with serve(site) as served:
        return {name: median_report([lighthouse(binary, served.url + path, timeout)
                                     for _ in range(runs)])
                for name, path in pages.items()}


LETTER_PAGE = "glossary letter page"
REFERENCES_LETTER_PAGE = "references letter page"


def largest_letter_page(site: Path, folder: str = "glossary") -> str:
    """Site-relative URL of the letter page of ``folder`` (glossary, references) with the most
    HTML: ``glossary/c/``. The parts of a long letter sit beside the letters (``glossary/t-2/``,
    kb.core.letters), so this sees the largest page that exists."""
    pages = [path for path in (site / folder).glob("*/index.html")]
    if not pages:
        raise FileNotFoundError(f"{site}/{folder} has no letter pages")
    largest = max(pages, key=lambda path: (path.stat().st_size, path.parent.name))
    return f"{folder}/{largest.parent.name}/"


def glossary_pages(site: Path) -> dict[str, str]:
    """The pages measured on every build: :data:`PAGES` and the largest glossary and references
    letter pages."""
    return {**PAGES, LETTER_PAGE: largest_letter_page(site),
            REFERENCES_LETTER_PAGE: largest_letter_page(site, "references")}


def glossary_10x(context: Context) -> dict[str, Report] | None:
    """The synthetic 10x site's glossary index and largest letter page (built with the real
    configuration and hooks); not with ``--quick``."""
    if context.quick:
        return None
    directory = context.work / f"lighthouse-{GLOSSARY_FACTOR}x"
    config = write_site(generate(real_profile(context.root).scaled(GLOSSARY_FACTOR)), directory,
                        context.root)
    mkdocs_build(config, directory / "site", True, context.root)
    binary = lighthouse_bin(context.root)
    site = directory / "site"
    # Lighthouse needed minutes for the one-page 10x glossary on a slow machine: keep the margin.
    return run_site(binary, site, {"glossary index": "glossary/",
                                   LETTER_PAGE: largest_letter_page(site)}, 1200)


def run(context: Context) -> Outcome:
    """Both builds page by page, then the 10x glossary; budgets on the real site's scores."""
    binary = lighthouse_bin(context.root)
    large = glossary_10x(context)
    pages = glossary_pages(context.real_site)
    reports = {"real": run_site(binary, context.real_site, pages),
               "bare": run_site(binary, context.bare_site(), pages)}
    rows = []
    for page in pages:
        real, bare = reports["real"][page], reports["bare"][page]
        name = f"{page} ({pages[page]})" if page in (LETTER_PAGE, REFERENCES_LETTER_PAGE) else page
        rows.append([name, *(f"{real.scores[c]} / {bare.scores[c]}" for c in CATEGORIES),
                     f"{real.tbt_ms:.0f} / {bare.tbt_ms:.0f}",
                     f"{real.lcp_ms / 1000:.1f} / {bare.lcp_ms / 1000:.1f}",
                     f"{real.total_bytes / 1000:.0f} / {bare.total_bytes / 1000:.0f}",
                     f"{real.dom_elements} / {bare.dom_elements}"])
    for page, report in (large or {}).items():
        rows.append([f"{page} at {GLOSSARY_FACTOR}x terms",
                     *(str(report.scores[c]) for c in CATEGORIES), f"{report.tbt_ms:.0f}",
                     f"{report.lcp_ms / 1000:.1f}", f"{report.total_bytes / 1000:.0f}",
                     str(report.dom_elements)])
    failed_rows = [[site, page, ", ".join(report.failed)]
                   for site, pages in reports.items() for page, report in pages.items()
                   if report.failed]
    on_real = list(reports["real"].values())
    checks = [LIGHTHOUSE_PERFORMANCE.check(max(0, 95 - min(r.scores["performance"] for r in on_real))),
              LIGHTHOUSE_ACCESSIBILITY.check(100 - min(r.scores["accessibility"] for r in on_real)),
              LIGHTHOUSE_BEST_PRACTICES.check(100 - min(r.scores["best-practices"] for r in on_real)),
              LIGHTHOUSE_SEO.check(100 - min(r.scores["seo"] for r in on_real)),
              GLOSSARY_TBT.check(max(reports["real"][page].tbt_ms
                                     for page in ("glossary index", LETTER_PAGE)))]
    if large is not None:
        checks.append(GLOSSARY_TBT_10X.check(max(report.tbt_ms for report in large.values())))
    tables = [Table("real / bare; TBT in ms, LCP in s, bytes in KB (transferred)",
                    ["page", "performance", "accessibility", "best practices", "SEO", "TBT ms",
                     "LCP s", "total KB", "DOM elements"], rows)]
    if failed_rows:
        tables.append(Table("audits that failed (accessibility, best practices, SEO)",
                            ["site", "page", "audits"], failed_rows))
    return Outcome(
        "lighthouse", f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset", tables,
        figures={"reports": {site: {page: report.__dict__ for page, report in pages.items()}
                             for site, pages in reports.items()},
                 "glossary_10x": {page: report.__dict__ for page, report in large.items()}
                 if large else None,
                 "letter_page": pages[LETTER_PAGE],
                 "references_letter_page": pages[REFERENCES_LETTER_PAGE]},
        checks=checks,
        notes=["Mobile preset: simulated 4x CPU slowdown and slow 4G (Lighthouse's Lantern "
               f"model), {RUNS} runs per page and build, median of each figure. Score budgets "
               "are written as points below the target on the worst real page (0 = every page meets it).",
               f"The {GLOSSARY_FACTOR}x glossary is the synthetic site of the scaling benchmark "
               "(devtools.bench.generator), built with the real configuration and hooks. The "
               "glossary budgets hold for its A-Z index and its largest letter page (the most "
               "HTML); the bare build renders both without entries."])
