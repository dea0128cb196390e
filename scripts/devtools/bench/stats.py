"""Small, dependency-free statistics for noisy timings."""

from __future__ import annotations

import math
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle values for an even count)."""
    return percentile(values, 50)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile with linear interpolation between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, not {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; infinite when the denominator is zero, so budgets fail loudly."""
    return numerator / denominator if denominator else math.inf


def marginal(x0: float, y0: float, x1: float, y1: float) -> float:
    """Slope between two points: the cost of one more unit (page) between two sizes.

    Fixed start-up cost cancels out, so a slope that grows with size reveals super-linear work
    even when the average per page still looks fine.
    """
    return ratio(y1 - y0, x1 - x0)
