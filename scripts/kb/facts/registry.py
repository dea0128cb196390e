"""The key-facts registry: ``facts/<topic>.yml``, one safety-critical number per fact.

A fact carries its plain statement, an optional clinician wording, the source key, a locator and
a verbatim quote. Validation checks that every number the site states appears in the quote, so a
number cannot drift away from what the source says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.core.fileformat import read_yaml_files
from kb.core.keys import KEY_PATTERN
from kb.core.problems import Problem
from kb.core.shortcodes import shortcode_uses
from kb.core.yamlsource import load_model, validation_problems

MAX_QUOTE_CHARS = 350  # "about 300 characters": enough for one sentence of a label or guideline
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
VARIANTS = ("clinician",)
_ID_LINE_RE = re.compile(r"^\s*-?\s*id:\s*([a-z0-9-]+)\s*$", re.M)


class Fact(BaseModel):
    """One safety-critical fact."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=KEY_PATTERN)
    statement: str = Field(min_length=10, max_length=400)
    clinician: str | None = Field(default=None, min_length=10, max_length=500)
    source: str = Field(pattern=KEY_PATTERN)
    locator: str = Field(min_length=1, max_length=120)
    quote: str = Field(min_length=10, max_length=MAX_QUOTE_CHARS)
    reviewed: dt.date

    @field_validator("locator")
    @classmethod
    def _locator_fits_a_citation(cls, value: str) -> str:
        if re.search(r"[;\]@\n]", value):
            raise ValueError("a locator cannot contain ';', ']', '@' or a line break")
        return value

    @field_validator("statement", "clinician")
    @classmethod
    def _no_citation_inside(cls, value: str | None) -> str | None:
        if value and "[@" in value:
            raise ValueError("write the statement without [@key]: the source field cites it")
        return value


class FactFile(BaseModel):
    """One topic file: the heading on the quick-reference page and its facts."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=2, max_length=60)
    facts: list[dict[str, Any]] = Field(min_length=1)  # each validated as a Fact, for its own lines


@dataclass(frozen=True)
class LoadedFact:
    """A validated fact with where it was written."""

    fact: Fact
    topic: str
    file: str
    line: int


@dataclass(frozen=True)
class FactUse:
    """One ``<!-- kb:fact id [variant] -->`` in a page."""

    id: str
    variant: str | None
    line: int


def numbers_in(text: str) -> set[str]:
    """The numbers a reader would read in ``text``: digits and number words, normalised."""
    found = set()
    for match in _NUMBER_RE.finditer(text):
        token = match.group(0).lower()
        found.add(_NUMBER_WORDS.get(token, token.replace(",", "")))
    return found


def missing_numbers(statement: str, quote: str) -> list[str]:
    """Numbers in ``statement`` that the quote does not contain ("7 to 10" needs 7 and 10)."""
    in_quote = numbers_in(quote)
    return sorted(numbers_in(statement) - in_quote, key=lambda n: (len(n), n))


def fact_uses(body: str, first_line: int) -> list[FactUse]:
    """Every fact shortcode in a page body, with its line."""
    return [FactUse(use.args[0] if use.args else "", " ".join(use.args[1:]) or None, use.line)
            for use in shortcode_uses(body, first_line, "fact")]


def _fact_lines(text: str) -> list[dict[str, int]]:
    """Line of each key of each item under ``facts:`` (the generic loader reports top-level keys)."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "facts" and isinstance(value, yaml.SequenceNode):
            return [{str(k.value): k.start_mark.line + 1 for k, _ in item.value}
                    if isinstance(item, yaml.MappingNode) else {"": item.start_mark.line + 1}
                    for item in value.value]
    return []


def load_fact_file(text: str, file: str) -> list[LoadedFact] | list[Problem]:
    """Validate one topic file, each problem at the line of the field at fault."""
    loaded_file = load_model(text, file, FactFile,
                             Problem(file, 1, "a facts file must be a mapping with 'topic' and 'facts'",
                                     "see ARCHITECTURE.md, 'Key facts', for the format"))
    if isinstance(loaded_file, list):
        return loaded_file
    parsed, located = loaded_file
    item_lines = _fact_lines(text)
    problems: list[Problem] = []
    facts: list[tuple[Fact, dict[str, int]]] = []
    for index, item in enumerate(parsed.facts):
        lines = item_lines[index] if index < len(item_lines) else {}
        start = min(lines.values(), default=located.key_lines.get("facts", 1))
        try:
            facts.append((Fact.model_validate(item), lines))
        except ValidationError as error:
            problems += validation_problems(error, file, lines, start, subject=f"fact {index + 1}")
    if problems:
        return problems
    loaded = []
    for fact, lines in facts:
        start = min(lines.values(), default=1)
        for name in ("statement", "clinician"):
            text_of = getattr(fact, name)
            missing = missing_numbers(text_of or "", fact.quote)
            if missing:
                problems.append(Problem(
                    file, lines.get(name, start),
                    f"fact '{fact.id}': {name} states {', '.join(missing)}, which the quote does not contain",
                    "state only numbers the source's quote gives, or quote the passage that gives them"))
        loaded.append(LoadedFact(fact, parsed.topic, file, lines.get("id", start)))
    return problems or loaded


def load_facts(directory: Path, root: Path) -> tuple[dict[str, LoadedFact], list[Problem], set[str]]:
    """Load every ``facts/*.yml``; fact ids are unique across files.

    Also returns the ids written in files that failed to load, so pages using them are not
    reported as using unknown facts on top of the file's own problems.
    """
    facts: dict[str, LoadedFact] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    for _, file, text in read_yaml_files(directory, root, problems):
        loaded = load_fact_file(text, file)
        if any(isinstance(item, Problem) for item in loaded):
            broken |= set(_ID_LINE_RE.findall(text))
        for item in loaded:
            if isinstance(item, Problem):
                problems.append(item)
            elif item.fact.id in facts:
                first = facts[item.fact.id]
                problems.append(Problem(file, item.line, f"fact id '{item.fact.id}' is already used "
                                        f"in {first.file}:{first.line}", "give this fact another id"))
            else:
                facts[item.fact.id] = item
    return facts, problems, broken


def usage_problems(facts: dict[str, LoadedFact], uses: dict[str, list[FactUse]],
                   known_keys: set[str] | None, broken: frozenset[str] | set[str] = frozenset()
                   ) -> list[Problem]:
    """Unknown fact ids and variants on pages, unused facts, unknown source keys."""
    problems = []
    used: set[str] = set()
    for file, page_uses in sorted(uses.items()):
        for use in page_uses:
            used.add(use.id)
            if use.id in broken:
                continue
            if use.id not in facts:
                problems.append(Problem(file, use.line, f"unknown fact '{use.id}'",
                                        "use an id from facts/*.yml, or add the fact there"))
            elif use.variant is not None and use.variant not in VARIANTS:
                problems.append(Problem(file, use.line, f"unknown fact variant '{use.variant}'",
                                        "write <!-- kb:fact ID --> or <!-- kb:fact ID clinician -->"))
            elif use.variant == "clinician" and facts[use.id].fact.clinician is None:
                problems.append(Problem(file, use.line, f"fact '{use.id}' has no clinician wording",
                                        f"add 'clinician:' to the fact in {facts[use.id].file}, "
                                        "or use the plain statement"))
    for fact_id, loaded in sorted(facts.items()):
        if fact_id not in used:
            problems.append(Problem(loaded.file, loaded.line, f"fact '{fact_id}' is not used on any page",
                                    f"use it with <!-- kb:fact {fact_id} --> where the page states it, "
                                    "or remove it"))
        if known_keys is not None and loaded.fact.source not in known_keys:
            problems.append(Problem(loaded.file, loaded.line,
                                    f"fact '{fact_id}': unknown source '{loaded.fact.source}'",
                                    "add the source to references.yml or correct the key"))
    return problems
