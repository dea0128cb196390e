"""Scaffolds: new pages with valid front matter, Key points and the right sections."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kb.frontmatter import KEY_PATTERN
from kb.pagerules import MODALITY_SECTIONS

TOPIC_SECTIONS = ["Overview", "Details", "What this means for you"]


def page_text(title: str, kind: str, today: dt.date) -> str:
    """The Markdown of a new page of ``kind`` (topic or modality)."""
    evidence = (
        "evidence:\n"
        "  rating: insufficient   # strong | moderate | limited | insufficient | not-recommended\n"
        "  summary: Replace with one sentence saying what the evidence shows.\n"
        "  sources: [replace-with-a-key]\n"
    ) if kind == "modality" else ""
    sections = MODALITY_SECTIONS if kind == "modality" else TOPIC_SECTIONS
    body = "\n".join(f"## {heading}\n\nWrite this section, citing sources like this "
                     "[@replace-with-a-key].\n" for heading in sections)
    return (
        "---\n"
        f"title: {title}\n"
        "description: Replace with one sentence of at most 160 characters for search previews.\n"
        "audience: [general]\n"
        f"reviewed: {today.isoformat()}\n"
        "tags: []\n"
        f"type: {kind}\n"
        f"{evidence}"
        "---\n\n"
        f"# {title}\n\n"
        '!!! abstract "Key points"\n\n'
        "    - Replace with the first plain-language point.\n"
        "    - Replace with the second.\n"
        "    - Replace with the third.\n\n"
        f"{body}"
    )


def create_page(docs: Path, slug: str, title: str, kind: str, today: dt.date) -> Path:
    """Write ``docs/<slug>.md``; refuse a malformed slug, an unknown kind or an existing page."""
    parts = slug.strip("/").removesuffix(".md").split("/")
    if not all(re.match(KEY_PATTERN, part) for part in parts):
        raise ValueError(f"'{slug}' is not SECTION/SLUG in lowercase letters, digits and dashes")
    if kind not in ("topic", "modality"):
        raise ValueError(f"kind must be topic or modality, not '{kind}'")
    target = docs.joinpath(*parts).with_suffix(".md")
    index = docs.joinpath(*parts, "index.md")
    for existing in (target, index):
        if existing.exists():
            raise FileExistsError(f"{existing} already exists; edit it instead")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page_text(title or parts[-1].replace("-", " ").capitalize(), kind, today),
                      encoding="utf-8")
    return target
