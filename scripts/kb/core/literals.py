"""Literal strings a regular expression cannot match without, for a cheap test before the regex.

Python's ``re`` tries every branch of an alternation at every position of the text, so a gate of
a dozen ``\\b``-led rules scans a page at a few MB/s; ``str.__contains__`` finds a literal at
GB/s. If no literal of :func:`required_literals` is in a text, the pattern cannot match it, and
the regex need not run. The analysis reads the pattern's parse tree (``re._parser``, the
module ``re`` itself compiles with) and gives up, returning None, on anything it does not
understand or when a match could contain no literal at all (``\\d+``): a None only costs speed.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser ``re`` compiles with; private, so its absence only turns the shortcut off
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython 3.11+ has both
    _c = _p = None

_ZERO_WIDTH = ("AT",)  # \b, ^, $: consume nothing, so literals on both sides stay adjacent
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` (compiled without flags) contains one; None
    when there is no such set or the pattern uses something this does not analyse."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern, 0)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & ~(_c.SRE_FLAG_UNICODE):
        return None  # an inline flag such as (?i): literals would no longer be exact
    return _sequence(list(parsed))


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best required set of a concatenation: its longest runs of literal characters and the
    required sets of its parts, whichever has the longest shortest string (fewest on a tie)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, argument in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(argument))
            continue
        if name in _ZERO_WIDTH:
            continue
        end_run()
        found = _item(name, argument)
        if found:
            candidates.append(found)
    end_run()
    if not candidates:
        return None
    return max(candidates, key=lambda found: (min(map(len, found)), -len(found)))


def _item(name: str, argument: Any) -> frozenset[str] | None:
    """The required set of one non-literal element, or None (it may match without one)."""
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, inner = argument
        return None if add_flags or del_flags else _sequence(list(inner))
    if name == "BRANCH":
        union: set[str] = set()
        for branch in argument[1]:
            found = _sequence(list(branch))
            if not found:
                return None  # one branch can match without any literal
            union |= found
        return frozenset(union)
    if name in _REPEATS:
        low, _high, inner = argument
        return _sequence(list(inner)) if low >= 1 else None
    return None  # classes, any character, lookarounds, back references: nothing required


def contains_any(text: str, literals: frozenset[str]) -> bool:
    """Whether one of ``literals`` occurs in ``text``."""
    return any(literal in text for literal in literals)
