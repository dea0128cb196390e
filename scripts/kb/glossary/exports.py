"""Glossary exports: JSON-LD (schema.org DefinedTermSet) and CSV, both served at the site root.

Two URLs per term: ``glossary/#<slug>``, the stable address to cite (the A-Z index, which sends a
reader on to the entry), and ``glossary/<letter>/#<slug>`` (a part: ``glossary/<letter>-2/``), the
page the full entry is on.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from typing import Any

from kb.glossary.pages import entry_pages
from kb.glossary.terms import CODE_SYSTEMS, Entry

CSV_COLUMNS = ["slug", "term", "category", "abbreviation", "aliases", "street_names",
               "definition", "clinical_note", *CODE_SYSTEMS, "see_also", "sources", "url",
               "entry_url"]


def term_urls(entry: Entry, glossary_url: str, entries: dict[str, Entry]) -> tuple[str, str]:
    """(citable URL ``glossary/#slug``, URL of the full entry ``glossary/n/#slug``)."""
    page = posixpath.splitext(posixpath.basename(entry_pages(entries)[entry.slug]))[0]
    return (f"{glossary_url}#{entry.slug}", f"{glossary_url}{page}/#{entry.slug}")


def glossary_jsonld(entries: dict[str, Entry], glossary_url: str) -> str:
    """A ``DefinedTermSet`` with one ``DefinedTerm`` per entry; codes become identifiers.

    ``@id`` is the citable ``glossary/#slug``; ``url`` is the page of the full entry."""
    terms: list[dict[str, Any]] = []
    for slug, entry in sorted(entries.items()):
        term = entry.term
        citable, entry_url = term_urls(entry, glossary_url, entries)
        item: dict[str, Any] = {
            "@type": "DefinedTerm",
            "@id": citable,
            "url": entry_url,
            "termCode": slug,
            "name": term.term,
            "description": term.definition,
            "inDefinedTermSet": glossary_url,
        }
        alternates = [*term.aliases, *([term.abbreviation] if term.abbreviation else []),
                      *term.street_names]
        if alternates:
            item["alternateName"] = alternates
        identifiers = [{"@type": "PropertyValue", "propertyID": system, "value": code}
                       for system, code in term.codes.items()]
        if identifiers:
            item["identifier"] = identifiers
        terms.append(item)
    document = {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": glossary_url,
        "name": "Heroin and opioid use disorder glossary",
        "url": glossary_url,
        "hasDefinedTerm": terms,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def glossary_csv(entries: dict[str, Entry], glossary_url: str) -> str:
    """One row per term; list fields are joined with '; '. ``url`` is the citable
    ``glossary/#slug``, ``entry_url`` the page of the full entry."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for slug, entry in sorted(entries.items()):
        term = entry.term
        writer.writerow({
            "slug": slug,
            "term": term.term,
            "category": term.category.value,
            "abbreviation": term.abbreviation or "",
            "aliases": "; ".join(term.aliases),
            "street_names": "; ".join(term.street_names),
            "definition": term.definition,
            "clinical_note": term.clinical_note or "",
            **{system: getattr(term.codes, system) or "" for system in CODE_SYSTEMS},
            "see_also": "; ".join(term.see_also),
            "sources": "; ".join(term.sources),
            **dict(zip(("url", "entry_url"), term_urls(entry, glossary_url, entries),
                       strict=True)),
        })
    return buffer.getvalue()
