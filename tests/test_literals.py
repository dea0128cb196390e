"""The literals a pattern needs (kb.core.literals): the shortcut before a regex must never skip a
text the regex would match."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from kb.core.literals import contains_any, required_literals
from kb.pages.doses import DOSE_RE
from kb.pages.editorial import _lowered, _may_match, load_rules


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\baddicts?\b", {"addict"}),
    (r"\b(?:drug|heroin) habits?\b", {" habit"}),
    (r"\b(?:crackheads?|dope fiends?)\b", {"crackhead", "dope fiend"}),
    (r"(?:ab|cd)+ef", {"ef"}),
    (r"x{2,}", {"x"}),
    (r"a(?=b)c", {"a"}),  # a look-ahead ends a run of literals (conservative)
])
def test_required_literals(pattern: str, expected: set[str]) -> None:
    assert required_literals(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [r"\d+", r"(?i)abc", r"a|\w", r"(?:abc)?", r"x*", r"[abc]", "(a"])
def test_no_literals_when_a_match_may_have_none(pattern: str) -> None:
    assert required_literals(pattern) is None


def _rule_patterns() -> list[str]:
    patterns = []
    for name in ("language.yml", "claims.yml"):
        patterns += [item["pattern"] for item in
                     yaml.safe_load((ROOT / "editorial" / name).read_text(encoding="utf-8"))]
    return patterns


# Texts that match some rule or the dose pattern, and their near misses.
SAMPLES = [
    "He was an ADDICT.", "junkies", "Drug abusers", "opiate abuse", "she stayed clean for years",
    "a clean urine test", "Dirty needles", "heroin habit", "IV users", "addicted babies",
    "dope fiend", "the drug dopamine", "reduced cravings by 90%", "90 % reduction",
    "no return to drugs", "extremely effective", "100% cure", "guaranteed results",
    "painless detox", "cured opioid addiction", "take 8 mg", "8mg", "2-4 mL", "0.4 mg/mL",
    "5 to 10 mcg", "250 µg", "clean", "user", "reduce", "abuse", "habits of mind",
]


@pytest.mark.parametrize("pattern", [*_rule_patterns(), DOSE_RE.pattern])
def test_every_match_contains_a_required_literal(pattern: str) -> None:
    lowered = _lowered(pattern) if pattern != DOSE_RE.pattern else pattern
    literals = required_literals(lowered)
    assert literals, f"no literals for {pattern!r}: the shortcut is off"
    compiled = re.compile(lowered)
    for sample in SAMPLES:
        text = sample.lower() if pattern != DOSE_RE.pattern else sample
        for match in compiled.finditer(text):
            assert contains_any(match.group(0), literals), (pattern, sample)


def test_the_gate_with_literals_decides_as_the_gate_alone() -> None:
    rules = load_rules(ROOT / "editorial")
    assert rules.language_literals and rules.claims_literals
    texts = [*SAMPLES, *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))]
    for text in texts:
        for gate, literals, exceptions in (
                (rules.language_gate, rules.language_literals, rules.exceptions),
                (rules.claims_gate, rules.claims_literals, ())):
            assert (_may_match(gate, text, exceptions, literals)
                    == _may_match(gate, text, exceptions)), text[:80]
