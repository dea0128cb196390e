"""Scaffolds: new pages with valid front matter, Key points and the right sections."""

from __future__ import annotations

import datetime as dt
import re
from fnmatch import fnmatch
from pathlib import Path

import yaml

from kb.bibliography.pages import letter_page_text as reference_letter_page_text
from kb.core.keys import KEY_PATTERN
from kb.core.letters import LETTERS, Part
from kb.glossary.pages import letter_page_text, term_part
from kb.glossary.terms import Category
from kb.pages.pagerules import EMERGENCY_MARK, EMERGENCY_PAGES, MODALITY_SECTIONS

TOPIC_SECTIONS = ["Overview", "Details", "What this means for you"]


def page_text(title: str, kind: str, today: dt.date, emergency: bool = False) -> str:
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
        f"{EMERGENCY_MARK + chr(10) + chr(10) if emergency else ''}"
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
    docs_path = "/".join(parts) + ".md"
    emergency = any(fnmatch(docs_path, pattern) for pattern in EMERGENCY_PAGES)
    target.write_text(page_text(title or parts[-1].replace("-", " ").capitalize(), kind, today,
                                emergency), encoding="utf-8")
    return target


def term_text(term: str, category: str, source: str) -> str:
    """The YAML of a new glossary entry."""
    return (
        f"term: {term}\n"
        "aliases: []            # other names and brand names, e.g. [Narcan]\n"
        "abbreviation:          # e.g. OUD\n"
        "street_names: []\n"
        f"category: {category}\n"
        "definition: Replace with 1 to 3 plain-language sentences in your own words.\n"
        "clinical_note:         # optional detail for clinicians\n"
        "codes: {}              # icd10 / icd11 / mesh, only codes you checked\n"
        "see_also: []           # other glossary slugs\n"
        "pages: []              # main articles, e.g. [health-effects/overdose.md]\n"
        f"sources: [{source}]\n"
    )


def create_term(glossary: Path, slug: str, term: str, category: str, source: str) -> Path:
    """Write ``glossary/<slug>.yml``; refuse a malformed or existing slug or an unknown category."""
    if not re.match(KEY_PATTERN, slug):
        raise ValueError(f"'{slug}' is not a slug (lowercase letters, digits, dashes)")
    if category not in {c.value for c in Category}:
        raise ValueError(f"category must be one of {', '.join(c.value for c in Category)}")
    target = glossary / f"{slug}.yml"
    if target.exists():
        raise FileExistsError(f"{target} already exists; edit it instead")
    target.write_text(term_text(term or slug.replace("-", " ").capitalize(), category, source),
                      encoding="utf-8")
    return target


def ensure_letter_page(docs: Path, term: str, today: dt.date, names: list[str] | None = None
                       ) -> Path | None:
    """Create the glossary letter page a new term goes on (``docs/glossary/n.md``, or the part it
    lands in among the terms ``names``: ``docs/glossary/n-2.md``) when it does not exist yet;
    return it, or None when it already did."""
    part = term_part(names or [], term)
    return create_letter_page(docs, "glossary", part.letter, today, part.number)


def glossary_names(glossary: Path) -> list[str]:
    """The ``term`` of every ``glossary/*.yml`` that has one (a broken file is make check's)."""
    names = []
    for path in sorted(glossary.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("term"), str):
            names.append(data["term"])
    return names


# The letter pages' texts by folder (``make letter-page KIND=references LETTER=k``).
LETTER_PAGES = {"glossary": letter_page_text, "references": reference_letter_page_text}


def create_letter_page(docs: Path, kind: str, letter: str, today: dt.date, part: int = 1
                       ) -> Path | None:
    """Create ``docs/<kind>/<letter>.md`` (kind: glossary or references; part 2:
    ``<letter>-2.md``) when it does not exist yet; return it, or None when it already did. Raises
    ValueError on an unknown kind, letter or part."""
    if kind not in LETTER_PAGES or letter not in LETTERS or part < 1:
        raise ValueError(f"KIND must be one of {', '.join(LETTER_PAGES)}, LETTER one of "
                         f"{', '.join(LETTERS)} and PART a whole number from 1")
    target = docs / kind / f"{Part(letter, part).name}.md"
    if target.exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(LETTER_PAGES[kind](letter, today.isoformat(), part), encoding="utf-8")
    return target


def reference_text(key: str, kind: str, title: str, today: dt.date) -> str:
    """The CSL-YAML of a new bibliography entry, to append to ``references.yml``."""
    container = ("  container-title: Replace with the journal name\n" if kind == "article-journal"
                 else "  publisher: Replace with the organisation that published it\n")
    return (
        f"- id: {key}\n"
        f"  type: {kind}\n"
        f"  title: {title or 'Replace with the exact title'}\n"
        "  author:\n"
        "    - {family: Replace, given: Given names}   # or - literal: Organisation name\n"
        f"  issued: {{date-parts: [[{today.year}]]}}\n"
        f"{container}"
        "  # DOI: 10.xxxx/xxxx     only if you saw it; no https://doi.org/ prefix\n"
        "  # URL: https://...      the publisher's own address\n"
        f"  # accessed: {{date-parts: [[{today.year}, {today.month}, {today.day}]]}}\n"
    )


def create_reference(references: Path, key: str, kind: str, title: str, today: dt.date) -> None:
    """Append an entry to ``references.yml``; refuse a malformed or existing key."""
    import yaml

    if not re.match(KEY_PATTERN, key):
        raise ValueError(f"'{key}' is not a key (lowercase letters, digits, dashes)")
    if kind not in ("article-journal", "report", "webpage", "book", "chapter"):
        raise ValueError("type must be article-journal, report, webpage, book or chapter")
    existing = yaml.safe_load(references.read_text(encoding="utf-8")) or []
    if any(entry.get("id") == key for entry in existing):
        raise FileExistsError(f"references.yml already has '{key}'; cite it instead")
    with references.open("a", encoding="utf-8") as handle:
        handle.write(reference_text(key, kind, title, today))
