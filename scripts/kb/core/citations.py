"""Pandoc-style citations: ``[@key]``, ``[@a; @b]``, ``[@key, p. 12]``.

Parsing ignores code (fenced blocks and inline spans) and HTML comments by masking them first,
so positions and line numbers in the original text stay exact.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kb.core.problems import Problem

KEY = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_ITEM = rf"@(?P<key>{KEY})(?:,\s*(?P<locator>[^;\]@\n]*[^;\]@\s]))?\s*"
_ITEM_RE = re.compile(_ITEM)
_GROUP_RE = re.compile(rf"^\[{_ITEM}(?:;\s*{_ITEM.replace('?P<key>', '').replace('?P<locator>', '')})*\]$")
# Anything that looks like it was meant as a citation: '[@' up to the closing bracket or line end.
_CANDIDATE_RE = re.compile(r"\[@[^\]\n]*\]?")
_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(?P<ticks>`+)(?:.|\n)*?(?<!`)(?P=ticks)(?!`)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class CiteItem:
    """One cited key with its optional locator (``p. 12``)."""

    key: str
    locator: str | None


@dataclass(frozen=True)
class CitationGroup:
    """One bracketed citation in the text, located by character span and line."""

    start: int
    end: int
    line: int
    items: tuple[CiteItem, ...]


def blank(match: re.Match[str]) -> str:
    """The match as spaces, its newlines kept (so offsets and line numbers stay exact)."""
    text = match.group(0)
    if "\n" not in text:  # nearly always: a regex substitution per match cost more than the match
        return " " * len(text)
    return re.sub(r"[^\n]", " ", text)


@lru_cache(maxsize=256)
def mask_code(text: str) -> str:
    """Return ``text`` with code and HTML comments replaced by spaces (newlines kept).

    Cached: citations, prose, links and raw-HTML checks all start from the same masked body.
    """
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE_RE.match(line)
        if fence is None and opening:
            fence = opening.group("fence")
            lines[index] = " " * len(line)
        elif fence is not None:
            closing = _FENCE_RE.match(line)
            if closing and closing.group("fence").startswith(fence[0] * len(fence)):
                fence = None
            lines[index] = " " * len(line)
    masked = "\n".join(lines)
    if "<!--" in masked:
        masked = _COMMENT_RE.sub(blank, masked)
    # A scan for code spans tries every position of the page: skip it when there is no backtick.
    return _INLINE_CODE_RE.sub(blank, masked) if "`" in masked else masked


def parse_citations(
    text: str, file: str, first_line: int = 1
) -> tuple[list[CitationGroup], list[Problem]]:
    """Find every citation outside code; malformed ones are returned as problems."""
    masked = mask_code(text)
    groups: list[CitationGroup] = []
    problems: list[Problem] = []
    # Lines are counted from the previous citation, not from the start: the generated glossary
    # page has a citation per term, and recounting made it quadratic (4.8 s at 4,750 terms).
    line, counted = first_line, 0
    for match in _CANDIDATE_RE.finditer(masked):
        line += masked.count("\n", counted, match.start())
        counted = match.start()
        raw = match.group(0)
        items = _items(raw)
        if items is None:
            problems.append(Problem(
                file, line, f"malformed citation '{raw}'",
                "write [@key], [@key, p. 12] or [@key-one; @key-two]; keys use lowercase "
                "letters, digits and dashes"))
            continue
        groups.append(CitationGroup(match.start(), match.end(), line, items))
    return groups, problems


@lru_cache(maxsize=2**14)
def _items(raw: str) -> tuple[CiteItem, ...] | None:
    """The items of one bracketed citation, or None when it is malformed. Cached: a page cites
    the same few sources over and over, and the site is parsed twice (validation, rendering)."""
    if not _GROUP_RE.match(raw):
        return None
    return tuple(
        CiteItem(item.group("key"), (item.group("locator") or "").strip() or None)
        for item in _ITEM_RE.finditer(raw)
    )


def as_is(html: str) -> str:
    """The default ``stash``: generated HTML stays in the Markdown where it was put."""
    return html


def cited_keys(groups: list[CitationGroup]) -> list[str]:
    """Keys in order of first citation, each once: the page's reference numbering."""
    seen: dict[str, None] = {}
    for group in groups:
        for item in group.items:
            seen.setdefault(item.key, None)
    return list(seen)


def render_citations(
    text: str, groups: list[CitationGroup], numbers: dict[str, int], tooltip: Callable[[str], str],
    notes: dict[int, str] | None = None, stash: Callable[[str], str] = as_is,
) -> str:
    """Replace each citation group with numbered superscript links to the page's references.

    ``notes`` maps a group's start offset to text shown before the reference in its tooltip
    (a key fact's quote from the source). A mark whose tooltip is empty gets no ``title``.
    ``stash`` gets each mark's HTML and returns what stands in for it in the Markdown.
    """
    pieces: list[str] = []
    position = 0
    for group in groups:
        pieces.append(text[position : group.start])
        marks = []
        for item in group.items:
            number = numbers[item.key]
            locator = f", {html.escape(item.locator)}" if item.locator else ""
            title = tooltip(item.key)
            if notes and group.start in notes:
                title = f"{notes[group.start]} {title}"
            title_attribute = f' title="{html.escape(title)}"' if title else ""
            marks.append(
                f'<a href="#ref-{item.key}"{title_attribute} '
                f'aria-label="Reference {number}">{number}</a>{locator}'
            )
        # The brackets as character references: a literal "[" makes Python-Markdown's link
        # patterns scan the whole mark for a "](" (a sixth of the Markdown time of a page).
        pieces.append(stash(f'<sup class="kb-cite">&#91;{", ".join(marks)}&#93;</sup>'))
        position = group.end
    pieces.append(text[position:])
    return "".join(pieces)


def render_reference_list(keys: list[str], formatted: dict[str, str],
                          record_link: Callable[[str], str],
                          stash: Callable[[str], str] = as_is) -> str:
    """The page's own "References" section: numbered entries linking to their full records
    (``record_link``: a key's link, with its fragment; the list handed to ``stash``, see
    ``render_citations``)."""
    items = "\n".join(
        f'<li id="ref-{key}">{formatted[key]} '
        f'<a class="kb-record" href="{record_link(key)}">Full record</a></li>'
        for key in keys
    )
    listing = stash(f'<ol class="kb-references">\n{items}\n</ol>')
    return f"\n\n## References {{ data-search-exclude }}\n\n{listing}\n"
