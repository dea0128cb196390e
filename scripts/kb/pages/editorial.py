"""Editorial gates: stigmatising language and claims that must never be stated as fact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kb.core.literals import contains_any, required_literals
from kb.core.problems import Problem
from kb.core.prose import line_of, paragraph_at, prose, without_quotations


class LanguageRule(BaseModel):
    """A stigmatising term, how to find it, and what to write instead."""

    model_config = ConfigDict(extra="forbid")

    term: str
    pattern: str
    instead: str
    except_: list[str] = Field(default_factory=list, alias="except")


class ClaimRule(BaseModel):
    """A claim that may only appear quoted, with evidence beside it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    pattern: str
    why: str


@dataclass(frozen=True)
class Rules:
    """The editorial rules, compiled once per build."""

    language: list[tuple[LanguageRule, re.Pattern[str]]] = field(default_factory=list)
    claims: list[tuple[ClaimRule, re.Pattern[str]]] = field(default_factory=list)
    # Gates: every rule's pattern in one case-sensitive pattern, for lower-cased text. Scanning
    # once without IGNORECASE is 25 times faster than ten case-insensitive scans, and most
    # pages match no rule; a page the gate lets through gets the exact per-rule check.
    language_gate: re.Pattern[str] | None = None
    claims_gate: re.Pattern[str] | None = None
    exceptions: tuple[str, ...] = ()
    # Before each gate: literals one of which any match contains (kb.core.literals). Looking for
    # them is 15 times faster than the gate's regex, and most texts have none. None: no shortcut.
    language_literals: frozenset[str] | None = None
    claims_literals: frozenset[str] | None = None


def _lowered(pattern: str) -> str:
    """``pattern`` for lower-cased text: letters lower-cased, escapes (``\\b``, ``\\S``) kept."""
    return re.sub(r"(\\.)|([A-Z])", lambda m: m.group(1) or m.group(2).lower(), pattern)


def _gate(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{_lowered(p)})" for p in patterns)) if patterns else None


def _literals(patterns: list[str]) -> frozenset[str] | None:
    """What every match of any of ``patterns`` (lower-cased, as the gate has them) contains."""
    found: set[str] = set()
    for pattern in patterns:
        required = required_literals(_lowered(pattern))
        if required is None:
            return None
        found |= required
    return frozenset(found)


def _may_match(gate: re.Pattern[str] | None, text: str, exceptions: tuple[str, ...] = (),
               literals: frozenset[str] | None = None) -> bool:
    """False only when no rule can match ``text``: the gate (any rule) finds nothing in it, and
    no exception is there whose removal could change a match."""
    lowered = text.lower()
    if gate is None or len(lowered) != len(text):
        return True
    if any(name in lowered for name in exceptions):
        return True
    if literals is not None and not contains_any(lowered, literals):
        return False
    return gate.search(lowered) is not None


def load_rules(directory: Path) -> Rules:
    """Read ``editorial/language.yml`` and ``editorial/claims.yml``."""
    language = [LanguageRule.model_validate(item) for item in
                yaml.safe_load((directory / "language.yml").read_text(encoding="utf-8"))]
    claims = [ClaimRule.model_validate(item) for item in
              yaml.safe_load((directory / "claims.yml").read_text(encoding="utf-8"))]
    return Rules(
        [(rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in language],
        [(rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in claims],
        _gate([rule.pattern for rule in language]),
        _gate([rule.pattern for rule in claims]),
        tuple(name.lower() for rule in language for name in rule.except_),
        _literals([rule.pattern for rule in language]),
        _literals([rule.pattern for rule in claims]),
    )


def language_problems(rules: Rules, file: str, text: str, first_line: int,
                      allowed: frozenset[str] = frozenset(), masked: str | None = None) -> list[Problem]:
    """Stigmatising terms in the prose of ``text``, each with the suggested alternative."""
    readable = prose(text) if masked is None else masked
    if not _may_match(rules.language_gate, readable, rules.exceptions, rules.language_literals):
        return []
    problems = []
    for rule, pattern in rules.language:
        if rule.term in allowed:
            continue
        scrubbed = readable
        for name in rule.except_:
            scrubbed = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), scrubbed,
                              flags=re.IGNORECASE)
        for match in pattern.finditer(scrubbed):
            problems.append(Problem(
                file, line_of(readable, match.start(), first_line),
                f"stigmatising language '{match.group(0)}'",
                f"write '{rule.instead}' instead, or if the page explains why the word is avoided, "
                f"add it to front matter: allow_terms: [{rule.term}]"))
    return problems


def claim_problems(rules: Rules, file: str, text: str, first_line: int,
                   masked: str | None = None) -> list[Problem]:
    """Forbidden claims stated as fact, or quoted without a citation in the same paragraph."""
    readable = prose(text) if masked is None else masked
    if not _may_match(rules.claims_gate, readable, literals=rules.claims_literals):
        return []
    unquoted = without_quotations(readable)
    problems = []
    for rule, pattern in rules.claims:
        for match in pattern.finditer(readable):
            line = line_of(readable, match.start(), first_line)
            quoted = not unquoted[match.start() : match.end()].strip()
            if not quoted:
                problems.append(Problem(file, line, f"claim stated as fact: '{match.group(0)}' "
                                        f"({rule.why})",
                                        "remove it, or quote it and cite what the evidence shows"))
            elif "[@" not in paragraph_at(text, match.start()):
                problems.append(Problem(file, line, f"quoted claim '{match.group(0)}' has no "
                                        "evidence beside it",
                                        "cite a source in the same paragraph saying what the "
                                        "evidence shows"))
    return problems
