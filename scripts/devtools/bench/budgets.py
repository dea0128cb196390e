"""The budgets of BENCHMARKS.md, and checking a measured value against one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """An upper limit on a measured figure (every budget here is "at most")."""

    key: str
    description: str
    limit: float
    unit: str

    def check(self, value: float) -> Check:
        """Compare ``value`` with the limit."""
        return Check(self, value, value <= self.limit)


@dataclass(frozen=True)
class Check:
    """A measured value against its budget."""

    budget: Budget
    value: float
    passed: bool

    def line(self) -> str:
        """``PASS  real / bare build time at 10x: 1.21 x (budget <= 1.5 x)``."""
        verdict = "PASS" if self.passed else "FAIL"
        unit = f" {self.budget.unit}" if self.budget.unit else ""
        return (f"{verdict}  {self.budget.description}: {_number(self.value)}{unit} "
                f"(budget <= {_number(self.budget.limit)}{unit})")

    def as_json(self) -> dict[str, object]:
        """Plain data for ``bench/results.json``."""
        return {"budget": self.budget.key, "description": self.budget.description,
                "value": self.value, "limit": self.budget.limit, "unit": self.budget.unit,
                "passed": self.passed}


def _number(value: float) -> str:
    if value == int(value) and abs(value) >= 10:
        return str(int(value))
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


MIB = 1024 * 1024

SCALING_RATIO_10X = Budget("scaling_ratio_10x", "real / bare build time at 10x", 1.5, "x")
SCALING_RATIO_50X = Budget("scaling_ratio_50x", "real / bare build time at 50x", 1.5, "x")
HOOK_SHARE = Budget("hook_share", "project hooks' share of the real build (worst scale)", 20, "%")
RELOAD_1X = Budget("reload_1x", "edit to reload in mkdocs serve at 1x", 1.0, "s")
RELOAD_10X = Budget("reload_10x", "edit to reload in mkdocs serve at 10x", 3.0, "s")
SCALING_PER_PAGE = Budget("scaling_per_page", "ms per page at 50x / at 1x", 1.5, "x")
SCALING_MEMORY = Budget("scaling_memory", "peak build memory at 50x", 1024, "MiB")
PAGE_WEIGHT_EXTRA = Budget("page_weight_extra", "content page bytes over bare (gzip)", 15_000, "B")
EXTERNAL_REQUESTS = Budget("external_requests", "requests to other hosts", 0, "")
INDEX_READY = Budget("search_index_ready", "search index ready after navigation", 1.0, "s")
RESULTS_P95 = Budget("search_results_p95", "keystroke to results p95", 100, "ms")
RESULTS_BURST_P95 = Budget("search_results_burst_p95",
                           "keystroke to results p95, typed at machine speed", 100, "ms")
TEST_SUITE = Budget("test_suite", "make test wall time", 300, "s")
# Lighthouse (mobile preset): scores are checked as points short of the target on the worst page.
LIGHTHOUSE_PERFORMANCE = Budget("lighthouse_performance",
                                "Lighthouse performance points below 95 (worst page)", 0, "")
LIGHTHOUSE_ACCESSIBILITY = Budget("lighthouse_accessibility",
                                  "Lighthouse accessibility points below 100 (worst page)", 0, "")
LIGHTHOUSE_BEST_PRACTICES = Budget("lighthouse_best_practices",
                                   "Lighthouse best-practices points below 100 (worst page)", 0, "")
LIGHTHOUSE_SEO = Budget("lighthouse_seo", "Lighthouse SEO points below 100 (worst page)", 0, "")
GLOSSARY_TBT = Budget("glossary_tbt", "glossary total blocking time (Lighthouse mobile; A-Z "
                      "index and largest letter page)", 200, "ms")
GLOSSARY_TBT_10X = Budget("glossary_tbt_10x", "glossary total blocking time at 10x terms", 600,
                          "ms")
STALE_PAGES = Budget("reload_stale", "stale pages after an edit in mkdocs serve", 0, "")
