"""The glossary's pages: an A-Z index (``glossary/``) and one page of full entries per letter.

``glossary/index.md`` (``<!-- kb:glossary -->``) lists every term by letter, each in an element
with ``id="<slug>"``, so the public, citable ``glossary/#<slug>`` lands on the term without
JavaScript; ``docs/assets/javascripts/kb.js`` then moves the reader on to the full entry.
``glossary/<letter>.md`` (``<!-- kb:glossary letter=n -->``; terms that start with a digit or a
symbol are on ``glossary/0-9.md``) holds the entries of one letter: definition, clinical note,
codes, names, links and the page's own reference list. The pages are real Markdown files, so every
engine builds them; :func:`letter_page_problems` names the file to create when one is missing.

Links here are source-relative (``n.md#naloxone``), like every link the toolkit writes into raw
HTML (``kb.build.extension`` resolves them for MkDocs).
"""

from __future__ import annotations

import html

from kb.core.letters import (
    DIGITS,
    FORWARD_ATTRIBUTE,
    AtoZ,
    FirstItem,
    LetterUse,
    group_by_letter,
    letter_label,
    letter_of,
)
from kb.core.letters import letter_argument as _letter_argument
from kb.core.problems import Problem
from kb.glossary.terms import CATEGORY_LABELS, Category, Entry

FOLDER = "glossary"
SHORTCODE = "glossary"
PAGES = AtoZ(FOLDER, SHORTCODE, "Glossary", "glossary term", "terms", "`make new-term` does")
INDEX_PAGE = PAGES.index_page
# Several letter pages can match one query, each a group of results of its own: a lower boost
# lets the articles come first when they match as well (tests/search_queries_tune.yml: MRR 0.862
# at 1, 0.864 at 0.7 and at 0.5).
SEARCH_SETTINGS = "search:\n  boost: 0.7\n"
GlossaryUse = LetterUse


def letter_page(letter: str) -> str:
    """Docs path of a letter's page: ``glossary/n.md``."""
    return PAGES.letter_page(letter)


def entry_page(entry: Entry) -> str:
    """Docs path of the page holding the full entry of ``entry``."""
    return letter_page(letter_of(entry.term.term))


def by_letter(entries: dict[str, Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by letter page, letters in A-Z bar order, terms alphabetical."""
    ordered = sorted(entries.values(), key=lambda e: e.term.term.casefold())
    return group_by_letter(ordered, lambda entry: entry.term.term)


def letter_argument(args: list[str] | tuple[str, ...]) -> str | None:
    """The letter a ``kb:glossary`` shortcode names (``letter=n``), None for the index; raises
    ValueError with the fix when the arguments are anything else."""
    return _letter_argument(SHORTCODE, args)


def letter_page_problems(entries: dict[str, Entry], uses: list[LetterUse]) -> list[Problem]:
    """Each letter with terms has its page at ``glossary/<letter>.md``; each letter page has terms;
    the index is ``glossary/index.md``. Checked only when the site has a glossary page at all."""
    firsts = {letter: FirstItem(group[0].file, group[0].lines.get("term", 1),
                                tuple(e.term.term for e in group))
              for letter, group in by_letter(entries).items()}
    return PAGES.page_problems(firsts, uses)


def letter_page_text(letter: str, reviewed: str) -> str:
    """The Markdown source of a letter page (``docs/glossary/<letter>.md``)."""
    starting = "a digit or a symbol" if letter == DIGITS else letter_label(letter)
    return PAGES.page_text(letter, reviewed,
                           f"Glossary terms starting with {starting}, with plain definitions, "
                           "clinical notes, codes, other names and sources.", SEARCH_SETTINGS)


def entry_links(entries: dict[str, Entry], here: str | None) -> dict[str, str]:
    """Source-relative link to every entry from a page in the glossary folder: ``#slug`` on its
    own letter page (``here``, a letter), ``n.md#slug`` elsewhere."""
    links = {}
    for slug, entry in entries.items():
        letter = letter_of(entry.term.term)
        links[slug] = f"#{slug}" if letter == here else f"{letter}.md#{slug}"
    return links


def render_index(entries: dict[str, Entry], exports_url: str) -> str:
    """The index body: exports, category filter (CSS only), A-Z bar, then per letter every term as
    one link (``<a id="<slug>">``) to its entry, its other names in brackets in the link's text.

    One element per term: the phone's style recalculation and layout of the index grow with its
    element count, and an ``<li>`` wrapper and a ``<small>`` per term doubled it (BENCHMARKS.md,
    glossary at 10x: 4,861 elements, 1.1 s of style recalculation with 4x CPU throttling).

    The list is left out of the search index (``data-search-exclude``): the letter pages carry the
    entries, and the index would otherwise be a result for every term.
    """
    groups = by_letter(entries)
    links = entry_links(entries, None)
    parts = ['<div class="kb-glossary kb-glossary--index">',
             '<p class="kb-glossary__exports">Download the glossary: '
             f'<a href="{exports_url}glossary.json">JSON-LD (schema.org DefinedTermSet)</a> · '
             f'<a href="{exports_url}glossary.csv">CSV</a></p>',
             '<input type="radio" name="kb-category" id="kb-cat-all" class="kb-cat-input" checked>']
    parts += [f'<input type="radio" name="kb-category" id="kb-cat-{c.value}" class="kb-cat-input">'
              for c in Category]
    parts.append('<fieldset class="kb-glossary__filter"><legend>Show terms about</legend>')
    parts.append('<label for="kb-cat-all">All</label>')
    parts += [f'<label for="kb-cat-{c.value}">{CATEGORY_LABELS[c]}</label>' for c in Category]
    parts.append("</fieldset>")
    parts.append(PAGES.letter_bar(list(groups), None))
    parts.append(f'<div class="kb-glossary__terms" data-search-exclude {FORWARD_ATTRIBUTE}>')
    for letter, group in groups.items():
        parts.append(PAGES.letter_heading(letter))
        parts.append('<div class="kb-az__list">')
        parts += [index_link(entry, links[entry.slug]) for entry in group]
        parts.append("</div>")
    parts += ["</div>", "</div>", ""]
    return "\n".join(parts)


def index_link(entry: Entry, href: str) -> str:
    """A term on the index: its citable id, its category for the filter, its other names in the
    link's own text (no element of their own)."""
    term = entry.term
    other = [*([term.abbreviation] if term.abbreviation else []), *term.aliases]
    label = term.term + (f" ({', '.join(other)})" if other else "")
    return (f'<a id="{entry.slug}" data-category="{term.category.value}" '
            f'href="{href}">{html.escape(label)}</a>')


def render_letter(entries: dict[str, Entry], letter: str, page_link: dict[str, tuple[str, str]]
                  ) -> str:
    """A letter page's body: A-Z bar, the letter's full entries, previous and next letter.

    ``page_link`` maps a docs path to ``(relative link, title)``. Sources are ``[@key]``
    citations, so the page's numbered reference list has only the sources cited on it.
    """
    groups = by_letter(entries)
    letters = list(groups)
    links = entry_links(entries, letter)
    parts = ['<div class="kb-glossary kb-glossary--letter">', PAGES.letter_bar(letters, letter),
             '<div class="kb-glossary__terms">']
    parts += [_render_entry(entry, entries, links, page_link) for entry in groups.get(letter, [])]
    parts.append("</div>")
    parts.append(PAGES.pager(letters, letter))
    parts += ["</div>", ""]
    return "\n".join(parts)


def _render_entry(entry: Entry, entries: dict[str, Entry], links: dict[str, str],
                  page_link: dict[str, tuple[str, str]]) -> str:
    term = entry.term
    e = html.escape
    rows = []
    if term.abbreviation:
        rows.append(("Abbreviation", e(term.abbreviation)))
    if term.aliases:
        rows.append(("Also called", e(", ".join(term.aliases))))
    if term.street_names:
        rows.append(("Street names", e(", ".join(term.street_names))))
    codes = term.codes.items()
    if codes:
        rows.append(("Codes", ", ".join(f"{system} <code>{e(code)}</code>" for system, code in codes)))
    if term.see_also:
        rows.append(("See also", ", ".join(
            f'<a href="{links[slug]}">{e(entries[slug].term.term)}</a>' for slug in term.see_also)))
    if term.pages:
        rows.append(("Read more", ", ".join(
            f'<a href="{page_link[p][0]}">{e(page_link[p][1])}</a>' for p in term.pages)))
    sources = "[" + "; ".join(f"@{key}" for key in term.sources) + "]"
    # Newlines keep "Street names" and "tranq" apart in the search index, which drops dt/dd tags.
    facts = "".join(f"\n<dt>{label}</dt>\n<dd>{value}</dd>" for label, value in rows)
    note = (f'<p class="kb-clinical-note"><strong>For clinicians:</strong> '
            f"{e(term.clinical_note)}</p>") if term.clinical_note else ""
    return (
        f'<section class="kb-glossary__term" data-category="{term.category.value}">'
        f'<h2 id="{entry.slug}">{e(term.term)}</h2>'
        f'<p class="kb-glossary__category">{CATEGORY_LABELS[term.category]}</p>'
        f'<p class="kb-glossary__definition">{e(term.definition)} {sources}</p>'
        f"{note}<dl>{facts}</dl></section>"
    )
