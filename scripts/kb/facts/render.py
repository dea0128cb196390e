"""Key facts on pages: a fact in place, and the clinician quick reference of every fact."""

from __future__ import annotations

import html
from itertools import groupby

from kb.facts.registry import LoadedFact

QUICK_REFERENCE_PAGE = "about/quick-reference.md"


def render_fact(loaded: LoadedFact, clinician: bool = False) -> str:
    """The statement (or clinician wording) with its citation; the quote rides in the tooltip.

    The comment before the citation tells the renderer which fact the citation belongs to.
    """
    fact = loaded.fact
    text = fact.clinician if clinician and fact.clinician else fact.statement
    return f"{text.strip()} <!--kb-fact:{fact.id}-->[@{fact.source}, {fact.locator}]"


def render_quick_reference(facts: dict[str, LoadedFact], used_on: dict[str, list[str]],
                           pages: dict[str, tuple[str, str]]) -> str:
    """Every fact grouped by topic: statement, clinician wording, quote, source, review date, pages.

    ``used_on`` maps a fact id to the docs paths that use it; ``pages`` maps a docs path to
    (relative Markdown link, title).

    Light markup, because a phone's main thread styles and lays out every element, and Material
    restyles the whole document several times as its script sets up (BENCHMARKS.md, quick
    reference): a fact is three or four blocks with no wrapper, its address ``#fact-<id>`` on the
    statement, bold by class rather than ``<strong>``; the quote a ``<blockquote>`` without an
    inner paragraph; the id plain text. Every word stays text, so the browser's find and screen
    readers reach all of it.
    """
    parts = []
    ordered = sorted(facts.values(), key=lambda f: (f.topic.casefold(), f.file, f.line))
    for topic, group in groupby(ordered, key=lambda f: f.topic):
        parts.append(f"## {topic}\n")
        for loaded in group:
            fact = loaded.fact
            where = ", ".join(f"[{html.escape(pages[p][1])}]({pages[p][0]})"
                              for p in used_on.get(fact.id, []) if p in pages)
            clinician = (f"Clinician wording: {fact.clinician.strip()}\n{{: .kb-fact__clinician }}\n\n"
                         if fact.clinician else "")
            parts.append(
                f"{fact.statement.strip()} [@{fact.source}, {fact.locator}]\n"
                f"{{: #fact-{fact.id} .kb-fact }}\n\n{clinician}"
                f'<blockquote markdown="span">\u201c{fact.quote.strip()}\u201d</blockquote>\n\n'
                f"{fact.id} · reviewed {fact.reviewed.isoformat()}"
                f"{' · used on: ' + where if where else ''}\n{{: .kb-fact__meta }}\n")
    return "\n".join(parts)
