"""Test suite wall time: ``make test`` once, split into unit, built-site and browser tests."""

from __future__ import annotations

import json
import os

from devtools.bench.budgets import TEST_SUITE
from devtools.bench.context import Context
from devtools.bench.process import run_measured
from devtools.bench.pytest_split import REPORT_ENV
from devtools.bench.report import Outcome, Table

GROUPS = {"unit": "unit tests (no marker)", "site": "built-site tests (-m site)",
          "browser": "browser tests (-m browser)"}


def run(context: Context) -> Outcome:
    """Run ``make test`` with the timing plugin; budget on its wall time."""
    split_file = context.work / "pytest-split.json"
    addopts = " ".join(filter(None, [os.environ.get("PYTEST_ADDOPTS"), "-p devtools.bench.pytest_split"]))
    env = {**os.environ, REPORT_ENV: str(split_file), "PYTEST_ADDOPTS": addopts}
    result = run_measured(["make", "test"], context.root, env, timeout=1800)
    split = json.loads(split_file.read_text(encoding="utf-8")) if split_file.exists() else {}
    seconds: dict[str, float] = split.get("seconds", {})
    tests: dict[str, int] = split.get("tests", {})
    rows = [[label, str(tests.get(group, 0)), f"{seconds.get(group, 0.0):.1f}"]
            for group, label in GROUPS.items()]
    other = result.seconds - sum(seconds.values())
    rows.append(["build, ruff, mypy, collection", "", f"{other:.1f}"])
    rows.append(["make test (wall)", str(sum(tests.values())), f"{result.seconds:.1f}"])
    notes = [] if result.returncode == 0 else [
        f"make test FAILED (exit {result.returncode}); the time is still reported:\n"
        + result.output[-1500:]]
    return Outcome(
        "tests", "Test suite",
        [Table("make test, timed by group (setup and teardown included)",
               ["part", "tests", "seconds"], rows)],
        figures={"wall_seconds": result.seconds, "group_seconds": seconds, "tests": tests,
                 "returncode": result.returncode},
        checks=[TEST_SUITE.check(result.seconds)], notes=notes)
