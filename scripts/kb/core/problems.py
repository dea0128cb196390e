"""Build problems: one error format for every check, ``file:line: what is wrong. Fix: how``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a source file, located to a line where the line is known."""

    file: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}: {self.message}.{hint}"


class BuildFailed(Exception):
    """Raised with every problem found, so one run reports all of them, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} found:"
        super().__init__("\n".join([header, *(str(p) for p in self.problems)]))


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise :class:`BuildFailed` when ``problems`` is not empty."""
    found = list(problems)
    if found:
        raise BuildFailed(found)
