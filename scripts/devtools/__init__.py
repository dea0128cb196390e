"""Developer tools around the site: benchmarks, search evaluation, link check, scaffolds, review report.

They import the build toolkit ``kb``; ``kb`` never imports them (tests/test_architecture.py).
"""
