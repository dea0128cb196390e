"""A pytest plugin that records each test's time under its group: unit, site or browser.

``python -m devtools.bench`` loads it into ``make test`` with
``PYTEST_ADDOPTS=-p devtools.bench.pytest_split`` so the suite runs once, exactly as developers run
it, and is still timed per group.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict

import pytest

REPORT_ENV = "KB_BENCH_SPLIT_FILE"
_seconds: dict[str, float] = defaultdict(float)
_counts: dict[str, int] = defaultdict(int)
_started: list[float] = []


def group_of(keywords: set[str]) -> str:
    """The benchmark group of a test from its markers (browser wins over site)."""
    if "browser" in keywords:
        return "browser"
    if "site" in keywords:
        return "site"
    return "unit"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Note when the session started."""
    _started.append(time.perf_counter())


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add one phase (setup, call or teardown) of one test to its group."""
    # Setup and teardown count too: a session fixture (browser, server) is paid by its group.
    group = group_of(set(report.keywords))
    _seconds[group] += report.duration
    if report.when == "call":
        _counts[group] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the totals where ``KB_BENCH_SPLIT_FILE`` says, if it is set."""
    target = os.environ.get(REPORT_ENV)
    if not target:
        return
    total = time.perf_counter() - _started[0] if _started else 0.0
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"seconds": dict(_seconds), "tests": dict(_counts), "pytest_total": total,
                   "exitstatus": int(exitstatus)}, handle, indent=2)
