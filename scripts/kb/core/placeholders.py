"""Scaffold placeholders left unfilled: a new page, term or reference must not ship with them."""

from __future__ import annotations

import re

from kb.core.problems import Problem

_PLACEHOLDER_RE = re.compile(r"\bReplace with\b|\bfamily: Replace\b|replace-with-a-key")


def placeholder_problems(file: str, text: str) -> list[Problem]:
    """Scaffold placeholders that were never filled in."""
    if "eplace" not in text:  # in every placeholder; a substring test is far cheaper than the scan
        return []
    return [Problem(file, text.count("\n", 0, match.start()) + 1,
                    f"scaffold placeholder '{match.group(0)}' is still here",
                    "replace it with what you read in the source")
            for match in _PLACEHOLDER_RE.finditer(text)]
