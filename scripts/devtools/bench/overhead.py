"""Build overhead: the real build against a bare Material build of the same pages.

Both builds run as separate processes, in rotating order within one run, so drift on a noisy
machine hits every variant alike. A third variant drops mkdocstrings (the toolkit reference page)
to show its share honestly. The project's hooks report their time per phase via KB_TIMING_FILE.
"""

from __future__ import annotations

import json

from devtools.bench.configs import without_plugin, without_project
from devtools.bench.context import Context
from devtools.bench.process import Measured, mkdocs_build
from devtools.bench.report import Outcome, Table
from devtools.bench.stats import median, ratio


def rotations(names: list[str], runs: int) -> list[list[str]]:
    """Run order for each round: the list rotated by one each time (alternating for two)."""
    return [names[i % len(names):] + names[: i % len(names)] for i in range(runs)]


def phase_medians(reports: list[dict[str, float]]) -> dict[str, float]:
    """Median time of each hook phase over several builds (missing phases count as zero)."""
    names = sorted({name for report in reports for name in report})
    return {name: median([report.get(name, 0.0) for report in reports]) for name in names}


VARIANTS = ["bare", "theme and extensions", "real without mkdocstrings", "real"]


def run(context: Context) -> Outcome:
    """Median of ``context.runs`` builds of each variant (no budget: at today's size the bare
    build is mostly start-up; the ratio budgets are on the scaling benchmark, at 10x and 50x)."""
    real_text = (context.root / "mkdocs.yml").read_text(encoding="utf-8")
    no_mkdocstrings = without_plugin(real_text, "mkdocstrings")
    configs = {
        "bare": context.bare_config(),
        # The real configuration minus the project's code (hooks and its Markdown extension) and
        # mkdocstrings: what Material's features, the other Markdown extensions and the template
        # overrides cost on their own.
        "theme and extensions": context.variant("no-hooks", without_project(no_mkdocstrings)),
        "real without mkdocstrings": context.variant("no-mkdocstrings", no_mkdocstrings),
        "real": context.root / "mkdocs.yml",
    }
    strict = {"bare": False, "theme and extensions": False}
    times: dict[str, list[float]] = {name: [] for name in configs}
    memory: dict[str, list[int]] = {name: [] for name in configs}
    phases: list[dict[str, float]] = []
    timing_file = context.work / "timing.json"

    def build(name: str) -> Measured:
        site = context.work / "overhead-sites" / name.replace(" ", "-")
        env = {"KB_TIMING_FILE": str(timing_file)} if name == "real" else None
        return mkdocs_build(configs[name], site, strict.get(name, True), context.root, env)

    for name in configs:  # warm the page cache and Python's bytecode cache first
        build(name)
    for order in rotations(list(configs), context.runs):
        for name in order:
            result = build(name)
            times[name].append(result.seconds)
            memory[name].append(result.peak_rss)
            if name == "real":
                phases.append(json.loads(timing_file.read_text(encoding="utf-8")))
    medians = {name: median(values) for name, values in times.items()}
    bare, real = medians["bare"], medians["real"]
    rows = [[name, f"{medians[name]:.2f}", f"{min(times[name]):.2f}", f"{max(times[name]):.2f}",
             f"{ratio(medians[name], bare):.2f}x", f"{max(memory[name]) / 2**20:.0f}"]
            for name in configs]
    hook_phases = phase_medians(phases)
    hooks_total = sum(hook_phases.values())
    phase_rows = [[name, f"{seconds:.3f}", f"{100 * ratio(seconds, real):.1f}%"]
                  for name, seconds in hook_phases.items()]
    phase_rows.append(["all project hooks", f"{hooks_total:.3f}",
                       f"{100 * ratio(hooks_total, real):.1f}%"])
    extra = {
        "Material features, Markdown extensions, overrides": (
            medians["theme and extensions"] - bare),
        "project code: hooks and Markdown extension (with imports)": (
            medians["real without mkdocstrings"] - medians["theme and extensions"]),
        "mkdocstrings (toolkit reference page)": real - medians["real without mkdocstrings"],
    }
    extra_rows = [[name, f"{seconds:.2f}", f"{100 * ratio(seconds, bare):.0f}%"]
                  for name, seconds in extra.items()]
    extra_rows.append(["total over bare", f"{real - bare:.2f}", f"{100 * ratio(real - bare, bare):.0f}%"])
    return Outcome(
        "overhead", "Build overhead",
        [Table(f"mkdocs build, median of {context.runs} (wall seconds, whole process)",
               ["build", "median s", "min s", "max s", "vs bare", "peak MiB"], rows),
         Table("where the extra time goes (differences of medians)",
               ["added by", "seconds", "of bare"], extra_rows),
         Table("time inside the project's hooks (median per build, KB_TIMING_FILE)",
               ["hook phase", "seconds", "share of real build"], phase_rows)],
        figures={"seconds": times, "median_seconds": medians, "hook_phases": hook_phases,
                 "extra_seconds": extra},
        notes=["bare = the same docs/ and nav with stock Material (font: false), no hooks, no "
               "Markdown extensions, not strict. Variants run in rotating order after one "
               "untimed warm-up build each.",
               f"The real build includes mkdocstrings for the toolkit reference page: "
               f"{extra['mkdocstrings (toolkit reference page)']:.2f} s; without it real / bare "
               f"= {ratio(medians['real without mkdocstrings'], bare):.2f}x."])
