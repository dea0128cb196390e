"""The prose of a Markdown page: what a reader reads, with positions kept for line numbers.

Masking replaces non-prose characters with spaces (newlines kept), so a match at offset ``i``
of the masked text is at offset ``i`` of the source and its line number is exact.
"""

from __future__ import annotations

import re

from kb.core.citations import blank, mask_code

_LINK_TARGET_RE = re.compile(r"(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_CITATION_RE = re.compile(r"\[@[^\]\n]*\]")
_TAG_RE = re.compile(r"<[^>\n]*>")
_AUTOLINK_RE = re.compile(r"<https?://[^>\s]+>")
_ADMONITION_RE = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w -]+(?:"[^"\n]*")?\s*$', re.M)
_QUOTE_RE = re.compile(r"\"[^\"\n]+\"|“[^”\n]+”|^\s*>.*$", re.M)


def line_of(text: str, offset: int, first_line: int = 1) -> int:
    """Line number of character ``offset`` in ``text``."""
    return first_line + text.count("\n", 0, offset)


def prose(markdown: str) -> str:
    """Mask code, comments, link targets, citations, HTML tags and admonition markers."""
    masked = mask_code(markdown)
    for pattern in (_AUTOLINK_RE, _LINK_TARGET_RE, _CITATION_RE, _TAG_RE, _ADMONITION_RE):
        masked = pattern.sub(blank, masked)
    return masked


def without_quotations(text: str) -> str:
    """Mask quoted passages ("...", “...” and > blockquotes)."""
    return _QUOTE_RE.sub(blank, text)


def paragraph_at(text: str, offset: int) -> str:
    """The block of ``text`` (between blank lines) that contains ``offset``."""
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return text[start + 1 if start >= 0 else 0 : end if end >= 0 else len(text)]
