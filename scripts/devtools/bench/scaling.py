"""Scaling: synthetic sites at 1x, 10x and 50x the real one, real and bare builds of each.

Cost should grow linearly with content: the per-page time at 50x within 1.5x of 1x, and the
marginal cost of one more page should not grow with size (a quadratic step would make it).
At each scale a bare Material build of the same pages and nav runs beside the real one, in
alternating order, so the ratio real / bare is measured where start-up no longer dominates; the
project's hooks report their own time (``kb.build.timing``) as a share of the real build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from devtools.bench.budgets import (
    HOOK_SHARE,
    SCALING_MEMORY,
    SCALING_PER_PAGE,
    SCALING_RATIO_10X,
    SCALING_RATIO_50X,
    Check,
)
from devtools.bench.configs import bare_config, read_config
from devtools.bench.context import Context
from devtools.bench.generator import Profile, generate, profile_of, write_site
from devtools.bench.overhead import phase_medians
from devtools.bench.process import mkdocs_build
from devtools.bench.report import Outcome, Table
from devtools.bench.stats import marginal, median, ratio
from kb.build.site import CITING_TYPES, load_site
from kb.core.problems import BuildFailed

FACTORS = (1, 10, 50)
QUICK_FACTORS = (1, 5)
RUNS = 3  # builds of each variant at each scale; the medians are reported
RATIO_BUDGETS = {10.0: SCALING_RATIO_10X, 50.0: SCALING_RATIO_50X}


@dataclass(frozen=True)
class Point:
    """The real and the bare build of one synthetic site (medians of ``RUNS`` each)."""

    factor: float
    pages: int
    terms: int
    references: int
    seconds: float
    hooks: dict[str, float]
    peak_rss: int
    bare_seconds: float = 0.0
    bare_peak_rss: int = 0
    # The first real build, before .cache/ holds the formatted references (kb.bibliography.
    # formatcache): what a fresh clone's first build costs. The medians are mostly warm builds.
    cold_seconds: float = 0.0
    cold_hooks: float = 0.0

    @property
    def ms_per_page(self) -> float:
        """Whole build, per page."""
        return 1000 * self.seconds / self.pages

    @property
    def hook_ms_per_page(self) -> float:
        """Time inside the project's hooks, per page."""
        return 1000 * sum(self.hooks.values()) / self.pages

    @property
    def real_over_bare(self) -> float:
        """Real build time / bare build time."""
        return ratio(self.seconds, self.bare_seconds)

    @property
    def hook_share(self) -> float:
        """Percent of the real build spent inside the project's hooks."""
        return 100 * ratio(sum(self.hooks.values()), self.seconds)


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


def build_point(context: Context, profile: Profile, factor: float, repeat: int = RUNS) -> Point:
    """Generate the site at ``factor``; build it real and bare ``repeat`` times each, alternating
    which goes first (medians)."""
    directory = context.work / f"scale-{factor:g}x"
    synthetic = generate(profile.scaled(factor))
    config = write_site(synthetic, directory, context.root)
    bare = directory / "bare.yml"
    bare.write_text(bare_config(read_config(config.read_text(encoding="utf-8")),
                                str(directory / "docs"), str(directory / "bare-site")),
                    encoding="utf-8")
    timing = directory / "timing.json"
    real_runs, bare_runs, reports = [], [], []
    cold, cold_report = None, {}
    if repeat == 1:
        # One timed build would be the cold one (no .cache/ yet), unlike every build after a
        # checkout's first: build once cold, report it as such, then time a warm build.
        cold = mkdocs_build(config, directory / "site", True, context.root,
                            {"KB_TIMING_FILE": str(timing)})
        cold_report = json.loads(timing.read_text(encoding="utf-8"))
    for round_ in range(repeat):
        for variant in (("real", "bare") if round_ % 2 == 0 else ("bare", "real")):
            if variant == "real":
                real_runs.append(mkdocs_build(config, directory / "site", True, context.root,
                                              {"KB_TIMING_FILE": str(timing)}))
                reports.append(json.loads(timing.read_text(encoding="utf-8")))
            else:
                bare_runs.append(mkdocs_build(bare, directory / "bare-site", False, context.root))
    if cold is None:  # the first timed build was the cold one
        cold, cold_report = real_runs[0], reports[0]
    return Point(factor, synthetic.pages, synthetic.terms, synthetic.references,
                 median([r.seconds for r in real_runs]), phase_medians(reports),
                 max(r.peak_rss for r in real_runs), median([r.seconds for r in bare_runs]),
                 max(r.peak_rss for r in bare_runs), cold.seconds, sum(cold_report.values()))


def checks(points: list[Point]) -> list[Check]:
    """Per-page growth and memory at the largest scale, real / bare at 10x and 50x, and the
    hooks' share of the real build at every scale (the worst one is checked)."""
    base, top = points[0], points[-1]
    found = [SCALING_PER_PAGE.check(ratio(top.ms_per_page, base.ms_per_page)),
             SCALING_MEMORY.check(top.peak_rss / 2**20)]
    found += [RATIO_BUDGETS[p.factor].check(p.real_over_bare) for p in points
              if p.factor in RATIO_BUDGETS]
    found.append(HOOK_SHARE.check(max(p.hook_share for p in points)))
    return found


def run(context: Context) -> Outcome:
    """Build each scale real and bare; budgets on growth, memory, real / bare and hook share."""
    profile = real_profile(context.root)
    factors = QUICK_FACTORS if context.quick else FACTORS
    runs = {f: context.scale_runs for f in factors}
    if context.largest_runs is not None:
        runs[factors[-1]] = context.largest_runs
    points = [build_point(context, profile, f, runs[f]) for f in factors]
    rows = []
    for previous, point in zip([None, *points], points, strict=False):
        slope = (marginal(previous.pages, previous.seconds, point.pages, point.seconds) * 1000
                 if previous else None)
        rows.append([f"{point.factor:g}x", str(point.pages), str(point.terms),
                     str(point.references), f"{point.seconds:.1f}", f"{point.ms_per_page:.1f}",
                     f"{slope:.1f}" if slope is not None else "-",
                     f"{point.hook_ms_per_page:.1f}", f"{point.peak_rss / 2**20:.0f}"])
    ratio_rows = [[f"{p.factor:g}x", f"{p.bare_seconds:.1f}", f"{p.seconds:.1f}",
                   f"{p.real_over_bare:.2f}x", f"{sum(p.hooks.values()):.1f}",
                   f"{p.hook_share:.1f}%", f"{p.cold_seconds:.1f}",
                   f"{100 * ratio(p.cold_hooks, p.cold_seconds):.1f}%",
                   f"{p.bare_peak_rss / 2**20:.0f}"] for p in points]
    phase_names = sorted({name for p in points for name in p.hooks})
    phase_rows = [[name, *(f"{1000 * p.hooks.get(name, 0) / p.pages:.2f}" for p in points)]
                  for name in phase_names]
    return Outcome(
        "scaling", "Scaling with content",
        [Table("synthetic sites built with the project's hooks (strict)",
               ["scale", "pages", "terms", "refs", "build s", "ms/page", "marginal ms/page",
                "hooks ms/page", "peak MiB"], rows),
         Table("real against bare at each scale (bare: same pages and nav, stock Material)",
               ["scale", "bare s", "real s", "real / bare", "hooks s", "hooks share",
                "first real s (cold cache)", "its hooks share", "bare peak MiB"], ratio_rows),
         Table("hook time per page (ms) by phase",
               ["hook phase", *(f"{p.factor:g}x" for p in points)], phase_rows)],
        figures={"points": [{"factor": p.factor, "pages": p.pages, "terms": p.terms,
                             "references": p.references, "seconds": p.seconds,
                             "bare_seconds": p.bare_seconds, "ms_per_page": p.ms_per_page,
                             "hooks": p.hooks, "hook_share": p.hook_share,
                             "real_over_bare": p.real_over_bare, "peak_rss": p.peak_rss,
                             "bare_peak_rss": p.bare_peak_rss, "cold_seconds": p.cold_seconds,
                             "cold_hooks": p.cold_hooks} for p in points],
                 "profile": profile.__dict__},
        checks=checks(points),
        notes=["Builds per scale (real and bare each, alternating which goes first; medians): "
               + ", ".join(f"{f:g}x {n}" for f, n in runs.items())
               + "; marginal ms/page is the extra time per extra page since the previous "
               "scale (start-up cancels out).",
               "bare = the synthetic docs/ and nav with stock Material (font: false), no hooks, "
               "no Markdown extensions, not strict. Hooks share = time inside the project's hooks "
               "(KB_TIMING_FILE, median per phase) / the real build's wall time.",
               "The first real build at each scale starts without .cache/ (formatted references, "
               "kb.bibliography.formatcache); the others reuse it, as every build after a "
               "checkout's first does. Both are shown; at a scale built once, the cold build "
               "runs first and the timed one is warm."])
