"""The glossary's pages: an A-Z index (``glossary/``) and one page of full entries per letter.

``glossary/index.md`` (``<!-- kb:glossary -->``) lists every term by letter, each in an element
with ``id="<slug>"``, so the public, citable ``glossary/#<slug>`` lands on the term without
JavaScript; ``docs/assets/javascripts/kb.js`` then moves the reader on to the full entry.
``glossary/<letter>.md`` (``<!-- kb:glossary letter=n -->``; terms that start with a digit or a
symbol are on ``glossary/0-9.md``) holds the entries of one letter: definition, clinical note,
codes, names, links and the page's own reference list. A letter of more than ``PART_SIZE`` terms
is split into parts (``glossary/t-2.md``, ``<!-- kb:glossary letter=t part=2 -->``;
``kb.core.letters``); every link to an entry goes to its part. The pages are real Markdown files, so every
engine builds them; :func:`letter_page_problems` names the file to create when one is missing.

Links here are source-relative (``n.md#naloxone``), like every link the toolkit writes into raw
HTML (``kb.build.extension`` resolves them for MkDocs).
"""

from __future__ import annotations

import html
import operator

from kb.core.letters import (
    DIGITS,
    FORWARD_ATTRIBUTE,
    AtoZ,
    FirstItem,
    LetterUse,
    Part,
    group_by_letter,
    letter_label,
    part_counts,
    parts_of,
)
from kb.core.letters import letter_argument as _letter_argument
from kb.core.problems import Problem
from kb.glossary.terms import CATEGORY_LABELS, Category, Entry

FOLDER = "glossary"
SHORTCODE = "glossary"
PAGES = AtoZ(FOLDER, SHORTCODE, "Glossary", "glossary term", "terms",
             "`make new-term` does; `make letter-page KIND=glossary LETTER={letter}{part}` for "
             "terms already there")
INDEX_PAGE = PAGES.index_page
# Several letter pages can match one query, each a group of results of its own: a lower boost
# lets the articles come first when they match as well (tests/search_queries_tune.yml: MRR 0.862
# at 1, 0.864 at 0.7 and at 0.5).
SEARCH_SETTINGS = "search:\n  boost: 0.7\n"
GlossaryUse = LetterUse


def letter_page(letter: str, part: int = 1) -> str:
    """Docs path of a letter page: ``glossary/n.md``, part 2 ``glossary/n-2.md``."""
    return PAGES.letter_page(letter, part)


def by_letter(entries: dict[str, Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by letter, letters in A-Z bar order, terms alphabetical."""
    ordered = sorted(entries.values(), key=lambda e: e.term.term.casefold())
    return group_by_letter(ordered, lambda entry: entry.term.term)


def by_part(entries: dict[str, Entry]) -> dict[Part, list[Entry]]:
    """Entries by letter page (a letter's parts in order), terms alphabetical. Do not change the
    lists returned: the last answer is kept for the same entries (every page asks)."""
    global _last_parts
    values = tuple(entries.values())
    if (_last_parts is not None and len(_last_parts[0]) == len(values)
            and all(map(operator.is_, _last_parts[0], values))):
        return _last_parts[1]
    parts = parts_of(by_letter(entries))
    _last_parts = (values, parts)
    return parts


# The check, the term linker, the index and every letter page ask for the pages of the same
# entries (a loaded entry is never changed; a reload makes new ones; holding them keeps identity
# sound), as kb.bibliography.pages does for the references.
_last_parts: tuple[tuple[Entry, ...], dict[Part, list[Entry]]] | None = None


def entry_pages(entries: dict[str, Entry]) -> dict[str, str]:
    """Docs path of the page (letter part) holding each entry, by slug. Do not change the answer:
    the last one is kept (every references letter page asks)."""
    return PAGES.page_of(by_part(entries), lambda entry: entry.slug)


def term_part(names: list[str], term: str) -> Part:
    """The letter page a term named ``term`` is on (or lands on, when new) among the terms
    ``names``: ``make new-term`` creates its part file."""
    ordered = sorted({*names, term}, key=str.casefold)
    for part, run in parts_of(group_by_letter(ordered, lambda name: name)).items():
        if term in run:
            return part
    raise AssertionError(term)  # unreachable: term is in ordered


def letter_argument(args: list[str] | tuple[str, ...]) -> Part | None:
    """The letter page a ``kb:glossary`` shortcode names (``letter=n``, ``letter=n part=2``), None
    for the index; raises ValueError with the fix when the arguments are anything else."""
    return _letter_argument(SHORTCODE, args)


def letter_page_problems(entries: dict[str, Entry], uses: list[LetterUse]) -> list[Problem]:
    """Each letter page with terms (each part) has its file at ``glossary/<letter>.md``
    (``<letter>-<part>.md``); each letter page has terms; the index is ``glossary/index.md``.
    Checked only when the site has a glossary page at all."""
    firsts = {part: FirstItem(run[0].file, run[0].lines.get("term", 1),
                              tuple(e.term.term for e in run))
              for part, run in by_part(entries).items()}
    return PAGES.page_problems(firsts, uses)


def letter_page_text(letter: str, reviewed: str, part: int = 1) -> str:
    """The Markdown source of a letter page (``docs/glossary/<letter>.md``, ``<letter>-2.md``)."""
    starting = "a digit or a symbol" if letter == DIGITS else letter_label(letter)
    more = "" if part == 1 else f", part {part}"
    return PAGES.page_text(letter, reviewed,
                           f"Glossary terms starting with {starting}{more}, with plain definitions, "
                           "clinical notes, codes, other names and sources.", SEARCH_SETTINGS, part)


def entry_links(entries: dict[str, Entry], here: Part | None) -> dict[str, str]:
    """Source-relative link to every entry from a page in the glossary folder: ``#slug`` on its
    own letter page (``here``), ``n.md#slug`` (``n-2.md#slug``) elsewhere."""
    links = {}
    for part, run in by_part(entries).items():
        for entry in run:
            links[entry.slug] = f"#{entry.slug}" if part == here else f"{part.name}.md#{entry.slug}"
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
    links = entry_links(entries, None)  # each term's link goes to its part
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


def render_letter(entries: dict[str, Entry], letter: str, page_link: dict[str, tuple[str, str]],
                  part: int = 1) -> str:
    """A letter page's body: A-Z bar, the parts of a split letter, the page's full entries,
    previous and next page.

    ``page_link`` maps a docs path to ``(relative link, title)``. Sources are ``[@key]``
    citations, so the page's numbered reference list has only the sources cited on it (on a
    part, only those its entries cite).
    """
    pages = by_part(entries)
    here = Part(letter, part)
    letters = list(part_counts(pages))
    links = entry_links(entries, here)
    parts = ['<div class="kb-glossary kb-glossary--letter">',
             PAGES.letter_bar(letters, letter, part)]
    bar = PAGES.part_bar(here, part_counts(pages).get(letter, 1))
    if bar:
        parts.append(bar)
    parts.append('<div class="kb-glossary__terms">')
    parts += [_render_entry(entry, entries, links, page_link) for entry in pages.get(here, [])]
    parts.append("</div>")
    parts.append(PAGES.pager(list(pages), here))
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
    if term.related:
        rows.append(("Also mentioned on", ", ".join(
            f'<a href="{page_link[p][0]}">{e(page_link[p][1])}</a>' for p in term.related)))
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
