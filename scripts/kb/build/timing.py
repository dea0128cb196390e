"""Cumulative time spent in each phase of the project's hooks, read by the benchmarks."""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

PHASES: dict[str, float] = defaultdict(float)
REPORT_ENV = "KB_TIMING_FILE"


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the time spent in the ``with`` block to phase ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        PHASES[name] += time.perf_counter() - start


def write_report() -> None:
    """Write the phase totals as JSON where ``KB_TIMING_FILE`` says, if it is set."""
    target = os.environ.get(REPORT_ENV)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(dict(PHASES), handle, indent=2)
    PHASES.clear()
