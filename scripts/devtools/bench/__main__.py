"""``python -m devtools.bench [NAME ...]``: run benchmarks (all by default), check budgets.

Prints each benchmark's tables as it finishes, writes ``bench/results.json`` (merged with the
figures of benchmarks not run this time) and exits 1 if any budget failed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.bench import lighthouse, overhead, reload, scaling, search, suite, weight
from devtools.bench.context import Context
from devtools.bench.report import (
    Outcome,
    load_results,
    machine_info,
    merge_results,
    render_markdown,
    render_text,
    replace_block,
    today,
)

BENCHMARKS: dict[str, Callable[[Context], Outcome]] = {
    "overhead": overhead.run,
    "scaling": scaling.run,
    "reload": reload.run,
    "weight": weight.run,
    "search": search.run,
    "lighthouse": lighthouse.run,
    "tests": suite.run,
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all by default); return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="builds per variant (overhead)")
    parser.add_argument("--scale-runs", type=int, default=3,
                        help="real and bare builds at each scale (scaling)")
    parser.add_argument("--largest-runs", type=int, default=None,
                        help="builds at the largest scale (scaling; default: --scale-runs)")
    parser.add_argument("--quick", action="store_true", help="smaller scales, for a dry run")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project directory")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--write-doc", action="store_true",
                        help="replace the figures block of BENCHMARKS.md with these results")
    parser.add_argument("--doc-only", action="store_true",
                        help="run nothing: rewrite BENCHMARKS.md from bench/results.json")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    root: Path = args.root.resolve()
    results_path = root / "bench" / "results.json"
    if args.doc_only:
        write_doc(root, load_results(results_path))
        return 0
    names = args.names or list(BENCHMARKS)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    context = Context(root, work, runs=args.runs, quick=args.quick, scale_runs=args.scale_runs,
                      largest_runs=args.largest_runs)
    started = time.perf_counter()
    outcomes = []
    try:
        for name in names:
            begun = time.perf_counter()
            print(f"running {name} ...", flush=True)
            outcome = BENCHMARKS[name](context)
            outcome.seconds = time.perf_counter() - begun
            outcomes.append(outcome)
            print(render_text(outcome), flush=True)
    finally:
        if args.keep:
            print(f"scratch directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - started
    results_path.parent.mkdir(exist_ok=True)
    results = merge_results(load_results(results_path), outcomes, machine_info(), today(), wall,
                            order=list(BENCHMARKS))
    results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_doc:
        write_doc(root, results)
    failed = [check for outcome in outcomes for check in outcome.checks if not check.passed]
    print(f"{len(outcomes)} benchmarks in {wall:.0f} s; results in {results_path.relative_to(root)}")
    for check in failed:
        print(check.line())
    return 1 if failed else 0


def write_doc(root: Path, results: dict[str, Any]) -> None:
    """Replace the figures block of BENCHMARKS.md with ``results``."""
    if not results.get("benchmarks"):
        raise SystemExit("no results yet: run python -m devtools.bench first")
    rank = list(BENCHMARKS)
    ordered = {**results, "benchmarks": dict(sorted(
        results["benchmarks"].items(), key=lambda item: rank.index(item[0]) if item[0] in rank
        else len(rank)))}
    doc = root / "BENCHMARKS.md"
    doc.write_text(replace_block(doc.read_text(encoding="utf-8"), render_markdown(ordered)),
                   encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
