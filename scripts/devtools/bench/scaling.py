"""Scaling: synthetic sites at 1x, 10x and 50x the real one, built with the project's hooks.

Cost should grow linearly with content: the per-page time at 50x within 1.5x of 1x, and the
marginal cost of one more page should not grow with size (a quadratic step would make it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from devtools.bench.budgets import SCALING_MEMORY, SCALING_PER_PAGE
from devtools.bench.context import Context
from devtools.bench.generator import Profile, generate, profile_of, write_site
from devtools.bench.process import mkdocs_build
from devtools.bench.report import Outcome, Table
from devtools.bench.stats import marginal, median, ratio
from kb.build.site import CITING_TYPES, load_site
from kb.core.problems import BuildFailed

FACTORS = (1, 10, 50)
QUICK_FACTORS = (1, 5)


@dataclass(frozen=True)
class Point:
    """One synthetic build."""

    factor: float
    pages: int
    terms: int
    references: int
    seconds: float
    hooks: dict[str, float]
    peak_rss: int

    @property
    def ms_per_page(self) -> float:
        """Whole build, per page."""
        return 1000 * self.seconds / self.pages

    @property
    def hook_ms_per_page(self) -> float:
        """Time inside the project's hooks, per page."""
        return 1000 * sum(self.hooks.values()) / self.pages


def real_profile(root: Path) -> Profile:
    """Counts and densities of the real site; the defaults if it does not load."""
    try:
        site = load_site(root)
    except BuildFailed:
        return Profile()
    content = [r for r in site.pages.values() if r.page.meta.type in CITING_TYPES]
    return profile_of(len(site.pages), len(site.glossary), len(site.bibliography.entries),
                      [len(r.page.body) for r in content], [len(r.citations) for r in content],
                      [len(r.keys) for r in content])


def build_point(context: Context, profile: Profile, factor: float, repeat: int = 1) -> Point:
    """Generate the site at ``factor`` and build it ``repeat`` times (median time)."""
    directory = context.work / f"scale-{factor:g}x"
    synthetic = generate(profile.scaled(factor))
    config = write_site(synthetic, directory, context.root)
    timing = directory / "timing.json"
    runs = [mkdocs_build(config, directory / "site", True, context.root,
                         {"KB_TIMING_FILE": str(timing)})
            for _ in range(repeat)]
    hooks = json.loads(timing.read_text(encoding="utf-8"))
    return Point(factor, synthetic.pages, synthetic.terms, synthetic.references,
                 median([r.seconds for r in runs]), hooks, max(r.peak_rss for r in runs))


def run(context: Context) -> Outcome:
    """Build each scale; budgets on per-page time and peak memory at the largest."""
    profile = real_profile(context.root)
    factors = QUICK_FACTORS if context.quick else FACTORS
    points = [build_point(context, profile, f, repeat=3 if f == 1 else 1) for f in factors]
    base, top = points[0], points[-1]
    rows = []
    for previous, point in zip([None, *points], points, strict=False):
        slope = (marginal(previous.pages, previous.seconds, point.pages, point.seconds) * 1000
                 if previous else None)
        rows.append([f"{point.factor:g}x", str(point.pages), str(point.terms),
                     str(point.references), f"{point.seconds:.1f}", f"{point.ms_per_page:.1f}",
                     f"{slope:.1f}" if slope is not None else "-",
                     f"{point.hook_ms_per_page:.1f}", f"{point.peak_rss / 2**20:.0f}"])
    phase_names = sorted({name for p in points for name in p.hooks})
    phase_rows = [[name, *(f"{1000 * p.hooks.get(name, 0) / p.pages:.2f}" for p in points)]
                  for name in phase_names]
    per_page = ratio(top.ms_per_page, base.ms_per_page)
    return Outcome(
        "scaling", "Scaling with content",
        [Table("synthetic sites built with the project's hooks (strict)",
               ["scale", "pages", "terms", "refs", "build s", "ms/page", "marginal ms/page",
                "hooks ms/page", "peak MiB"], rows),
         Table("hook time per page (ms) by phase",
               ["hook phase", *(f"{p.factor:g}x" for p in points)], phase_rows)],
        figures={"points": [{"factor": p.factor, "pages": p.pages, "terms": p.terms,
                             "references": p.references, "seconds": p.seconds,
                             "ms_per_page": p.ms_per_page, "hooks": p.hooks,
                             "peak_rss": p.peak_rss} for p in points],
                 "profile": profile.__dict__},
        checks=[SCALING_PER_PAGE.check(per_page),
                SCALING_MEMORY.check(top.peak_rss / 2**20)],
        notes=["1x is the median of 3 builds, larger scales one build each; marginal ms/page is "
               "the extra time per extra page since the previous scale (start-up cancels out)."])
