"""Benchmarks with budgets: ``python -m devtools.bench`` (``make bench``).

Each benchmark module exposes ``run(context) -> Outcome``; pure helpers (statistics, budgets,
the synthetic site generator, configuration rewriting) live in their own modules so the unit
tests can check them without building anything. BENCHMARKS.md explains the figures.
"""
