"""``editorial/corrections.yml``: each correction with its date, page, what the page said, what it
says now, and the source. Trusted publishers say what they got wrong; this is ours."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.core.fileformat import read_source
from kb.core.keys import SourceKeys
from kb.core.problems import Problem
from kb.core.yamlsource import load_located, validation_problems

CORRECTIONS_FILE = "editorial/corrections.yml"


class Kind(StrEnum):
    """What changed."""

    CORRECTION = "correction"          # the page said something wrong
    RATING_CHANGE = "rating-change"    # an evidence rating moved
    CLARIFICATION = "clarification"    # right but misleading, or a safety point was missing


class Correction(BaseModel):
    """One entry of the corrections log."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    page: str = Field(pattern=r"^[a-z0-9/-]+\.md$")
    kind: Kind
    was: str = Field(min_length=5, max_length=600)
    now: str = Field(min_length=5, max_length=600)
    sources: SourceKeys



@dataclass(frozen=True)
class LoggedCorrection:
    """A validated correction and its line in the file."""

    correction: Correction
    line: int


def load_corrections(root: Path) -> tuple[list[LoggedCorrection], list[Problem]]:
    """Load the log; a missing file is an empty log."""
    path = root / CORRECTIONS_FILE
    if not path.exists():
        return [], []
    text = read_source(path, CORRECTIONS_FILE)
    if isinstance(text, Problem):
        return [], [text]
    located = load_located(text, CORRECTIONS_FILE)
    if isinstance(located, Problem):
        return [], [located]
    if not isinstance(located.data, list):
        return [], [Problem(CORRECTIONS_FILE, 1, "the corrections log must be a YAML list of entries",
                            "start each entry with '- date: YYYY-MM-DD'")]
    entries, problems = [], []
    for index, item in enumerate(located.data):
        line = located.item_lines[index]
        try:
            entries.append(LoggedCorrection(Correction.model_validate(item), line))
        except ValidationError as error:
            problems += validation_problems(error, CORRECTIONS_FILE, located.item_key_lines[index],
                                            line, subject=f"correction {index + 1}")
    return entries, problems


def reference_problems(entries: list[LoggedCorrection], pages: set[str],
                       known_keys: set[str] | None) -> list[Problem]:
    """Every entry names a page that exists and sources that are in the bibliography."""
    problems = []
    for entry in entries:
        c = entry.correction
        if c.page not in pages:
            problems.append(Problem(CORRECTIONS_FILE, entry.line, f"page '{c.page}' does not exist",
                                    "use the page's path under docs/, e.g. health-effects/overdose.md"))
        for key in c.sources:
            if known_keys is not None and key not in known_keys:
                problems.append(Problem(CORRECTIONS_FILE, entry.line, f"unknown source '{key}'",
                                        "add it to references.yml or correct the key"))
    return problems


def render_corrections(entries: list[LoggedCorrection], links: dict[str, tuple[str, str]]) -> str:
    """The log as Markdown, newest first: date, page, kind, was, now, sources as citations.

    ``links`` maps a docs path to (relative Markdown link, page title).
    """
    parts = []
    ordered = sorted(entries, key=lambda e: (e.correction.date, e.line), reverse=True)
    for entry in ordered:
        c = entry.correction
        href, title = links[c.page]
        kind = c.kind.value.replace("-", " ").capitalize()
        cites = "; ".join(f"@{key}" for key in c.sources)
        parts.append(
            f"**{c.date.isoformat()} · [{html.escape(title)}]({href})** · {kind}\n\n"
            f"- **Said:** {c.was}\n- **Now says:** {c.now} [{cites}]\n")
    return "\n".join(parts) if parts else "No corrections yet."
