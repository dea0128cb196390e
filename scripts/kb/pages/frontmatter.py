"""The page front-matter model (ARCHITECTURE.md, "Content model") and its validation."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kb.core.keys import SourceKeys
from kb.core.problems import Problem
from kb.core.yamlsource import LocatedYaml, load_model

FENCE = "---"
STALE_AFTER_DAYS = 365       # listed in the review report and warned about in the build
MAX_REVIEW_AGE_DAYS = 730    # fails the build


class Rating(StrEnum):
    """The evidence scale of ARCHITECTURE.md ("Content model"), strongest first."""

    STRONG = "strong"
    MODERATE = "moderate"
    LIMITED = "limited"
    INSUFFICIENT = "insufficient"
    NOT_RECOMMENDED = "not-recommended"


class PageType(StrEnum):
    """What a page is, which decides the checks it must pass."""

    TOPIC = "topic"          # content page: Key points, citations
    MODALITY = "modality"    # treatment modality: as topic, plus an evidence block
    INDEX = "index"          # section index: Key points optional, cards to children
    UTILITY = "utility"      # generated or tooling pages: glossary, references, toolkit


class Evidence(BaseModel):
    """The evidence block every treatment modality page carries."""

    model_config = ConfigDict(extra="forbid")

    rating: Rating
    summary: str = Field(min_length=20, max_length=300)
    sources: SourceKeys



class SearchSettings(BaseModel):
    """Material for MkDocs' per-page search settings."""

    model_config = ConfigDict(extra="forbid")

    boost: float | None = Field(default=None, gt=0, le=10)
    exclude: bool | None = None


class AllowedDose(BaseModel):
    """A dose the page states in prose on purpose, and why (see kb.pages.doses)."""

    model_config = ConfigDict(extra="forbid")

    dose: str = Field(min_length=2, max_length=40)
    reason: str = Field(min_length=10, max_length=200)


class PageMeta(BaseModel):
    """Front matter of every page in ``docs/``."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=2, max_length=90)
    description: str = Field(min_length=20, max_length=160)
    audience: list[Literal["general", "clinician", "contributor"]] = Field(min_length=1)
    reviewed: dt.date
    tags: list[str] = Field(default_factory=list)
    type: PageType = PageType.TOPIC
    evidence: Evidence | None = None
    stub: bool = False
    search: SearchSettings | None = None
    hide: list[Literal["navigation", "toc", "footer", "tags", "feedback"]] = Field(
        default_factory=list
    )
    allow_terms: list[str] = Field(default_factory=list)
    allow_doses: list[AllowedDose] = Field(default_factory=list)

    @field_validator("reviewed", mode="before")
    @classmethod
    def _reviewed_is_a_date(cls, value: object) -> object:
        # YAML turns 2026-11-26 into a date; a quoted or malformed value arrives as a string.
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValueError("must be a date written as YYYY-MM-DD, e.g. 2026-11-26")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_are_short_words(cls, tags: list[str]) -> list[str]:
        for tag in tags:
            if not re.match(r"^[A-Za-z0-9][A-Za-z0-9 -]{0,30}$", tag):
                raise ValueError(f"tag '{tag}' must be a short word or phrase")
        return tags


@dataclass(frozen=True)
class ParsedPage:
    """A page split into validated metadata and body, with the body's first line number."""

    path: str
    meta: PageMeta
    body: str
    body_line: int
    meta_lines: dict[str, int] = field(default_factory=dict)  # line of each front-matter field


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return ``(yaml, body, body_first_line)`` or ``None`` when the page has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def parse_page(path: str, text: str, today: dt.date | None = None) -> ParsedPage | list[Problem]:
    """Validate a page's front matter; return the parsed page or every problem found."""
    split = split_front_matter(text)
    if split is None and text.startswith(FENCE):
        return [Problem(path, 1, "the front matter has no closing '---' line",
                        "end the YAML fields with a line containing only '---'")]
    if split is None:
        return [Problem(path, 1, "missing front matter",
                        "start the file with a '---' line, YAML fields, and a closing '---' line "
                        "(see docs/about/contributing.md)")]
    yaml_text, body, body_line = split
    loaded = load_model(yaml_text, path, PageMeta,
                        Problem(path, 2, "front matter must be a YAML mapping of fields",
                                "write 'field: value' lines between the '---' lines"), line_offset=1)
    if isinstance(loaded, list):
        return loaded
    meta, located = loaded
    problems = _page_rules(path, meta, located, today or dt.date.today())
    return problems or ParsedPage(path, meta, body, body_line, located.key_lines)


def _page_rules(path: str, meta: PageMeta, located: LocatedYaml, today: dt.date) -> list[Problem]:
    line = located.key_lines
    problems = []
    age = (today - meta.reviewed).days
    if age > MAX_REVIEW_AGE_DAYS:
        problems.append(Problem(path, line.get("reviewed", 1),
                                f"reviewed: {meta.reviewed} is {age // 30} months ago, over the "
                                "24-month limit",
                                "check the page against its sources, update it, and set reviewed "
                                "to today's date"))
    if meta.reviewed > today:
        problems.append(Problem(path, line.get("reviewed", 1),
                                f"reviewed: {meta.reviewed} is in the future",
                                "use the date a person last checked the page against its sources"))
    if meta.type is PageType.MODALITY and meta.evidence is None:
        problems.append(Problem(path, line.get("type", 1),
                                "evidence: required on a treatment modality page",
                                "add an 'evidence' block with rating, summary and sources"))
    if meta.type is not PageType.MODALITY and meta.evidence is not None:
        problems.append(Problem(path, line["evidence"],
                                "evidence: only treatment modality pages carry an evidence block",
                                "remove it, or set 'type: modality' if this page is a modality"))
    return problems


def is_stale(meta: PageMeta, today: dt.date) -> bool:
    """The page is due for review (more than 12 months since it was last checked)."""
    return (today - meta.reviewed).days > STALE_AFTER_DAYS


def json_schema() -> str:
    """The front-matter JSON Schema, for editors that validate YAML as you type."""
    schema = PageMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Knowledge base page front matter"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
