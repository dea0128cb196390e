"""The references' pages: an A-Z index (``references/``) and one page of full entries per letter.

``references/index.md`` (``<!-- kb:references -->``) lists every source under the letter of its
first author or organisation, each in an ``<li id="<key>">`` with a short label, so the public,
citable ``references/#<key>`` lands on the source without JavaScript; ``kb.js`` then forwards to
the entry. ``references/<letter>.md`` (``<!-- kb:references letter=n -->``) holds that letter's
entries in AMA style, each with its key and the pages and glossary terms citing it. One page of
all 343 entries with their citing pages was 3,900 elements, too many for a phone (BENCHMARKS.md,
references split). The A-Z machinery is shared with the glossary (``kb.core.letters``), and so
is the split of a long letter into parts (``references/s-2.md``, ``letter=s part=2``).
"""

from __future__ import annotations

import html
import operator

from kb.bibliography.references import Reference
from kb.core import letters
from kb.core.letters import AtoZ, FirstItem, LetterUse, Part
from kb.core.problems import Problem

FOLDER = "references"
SHORTCODE = "references"
PAGES = AtoZ(FOLDER, SHORTCODE, "References", "source", "sources",
             "`make letter-page KIND=references LETTER={letter}{part}` does")
INDEX_PAGE = PAGES.index_page
# The entries stay out of the search index, as on the one page before: the index page is found by
# its title, and a source's title words would make every letter page match every query.
SEARCH_SETTINGS = "search:\n  exclude: true\n"
SHORT_TITLE = 60  # characters of a title on the index


def first_name(reference: Reference) -> str:
    """The first author's family name or the organisation, as the index shows and sorts it."""
    first = reference.author[0]
    return first.family or first.literal or ""


def letter_of_reference(reference: Reference) -> str:
    """The letter page of a source: the letter of its first author or organisation."""
    return letters.letter_of(first_name(reference))


def entry_pages(entries: dict[str, Reference]) -> dict[str, str]:
    """Docs path of the page holding each full entry (``references/n.md``, a part
    ``references/n-2.md``), by key. Do not change the answer: the last one is kept."""
    return PAGES.page_of(by_part(entries), lambda reference: reference.id)


def by_part(entries: dict[str, Reference]) -> dict[Part, list[Reference]]:
    """Entries by letter page, a long letter's parts in order (kept as ``by_letter`` is)."""
    global _last_parts
    groups = by_letter(entries)
    if _last_parts is not None and _last_parts[0] is groups:
        return _last_parts[1]
    parts = letters.parts_of(groups)
    _last_parts = (groups, parts)
    return parts


# Every page's "Full record" links ask for the page of a source: kept for the same grouping.
_last_parts: tuple[dict[str, list[Reference]], dict[Part, list[Reference]]] | None = None


def by_letter(entries: dict[str, Reference]) -> dict[str, list[Reference]]:
    """Entries by letter page, letters in A-Z bar order; within a letter by first author, newest
    first, then title (the order of the one page before). Do not change the lists returned: the
    last answer is kept (see ``_last_grouping``)."""
    global _last_grouping
    values = tuple(entries.values())
    if (_last_grouping is not None and len(_last_grouping[0]) == len(values)
            and all(map(operator.is_, _last_grouping[0], values))):
        return _last_grouping[1]
    groups = _group_by_letter(values)
    _last_grouping = (values, groups)
    return groups


# The load's check, the index and every letter page ask for the same grouping: at 10x content 35
# sorts of 3,450 entries a build, 0.5 s. Kept for the same entry objects in the same order (a
# loaded entry is never changed; a reload makes new ones); holding them keeps identity sound.
_last_grouping: tuple[tuple[Reference, ...], dict[str, list[Reference]]] | None = None


def _group_by_letter(values: tuple[Reference, ...]) -> dict[str, list[Reference]]:
    ordered = sorted(values, key=lambda r: (r.sort_name, -r.year, r.title.lower()))
    return letters.group_by_letter(ordered, first_name)


def letter_argument(args: list[str] | tuple[str, ...]) -> Part | None:
    """The letter page a ``kb:references`` shortcode names, None for the index (ValueError:
    neither)."""
    return letters.letter_argument(SHORTCODE, args)


def letter_page_problems(entries: dict[str, Reference], lines: dict[str, int], file: str,
                         uses: list[LetterUse]) -> list[Problem]:
    """Each letter page with sources (each part) has its file at ``references/<letter>.md``
    (``<letter>-<part>.md``) and each letter page has sources; ``lines``: where each entry starts
    in ``file`` (references.yml)."""
    firsts = {part: FirstItem(file, lines.get(run[0].id, 1), tuple(r.id for r in run))
              for part, run in by_part(entries).items()}
    return PAGES.page_problems(firsts, uses)


def letter_page_text(letter: str, reviewed: str, part: int = 1) -> str:
    """The Markdown source of a letter page (``docs/references/<letter>.md``, ``<letter>-2.md``)."""
    starting = letters.letter_label(letter) + ("" if part == 1 else f", part {part}")
    return PAGES.page_text(letter, reviewed,
                           f"Sources whose first author or organisation starts with {starting}, "
                           "in AMA style, with the pages that cite each.", SEARCH_SETTINGS, part)


def short_label(reference: Reference) -> str:
    """``Volkow et al, 2016. Neurobiologic advances from the brain disease model of…``: the
    index's label of a source (first author or organisation, year, short title), escaped."""
    name = first_name(reference) + (" et al" if len(reference.author) > 1 else "")
    year = str(reference.year) if reference.year else "n.d."
    title = reference.title
    if len(title) > SHORT_TITLE:
        title = title[:SHORT_TITLE].rsplit(" ", 1)[0].rstrip(",:;.") + "\u2026"
    return html.escape(f"{name}, {year}. {title}")


def cited_count(pages: int, terms: int) -> str:
    """"Cited on 3 pages and 1 glossary term"."""
    counts = [f"{count} {noun}{'' if count == 1 else 's'}"
              for count, noun in ((pages, "page"), (terms, "glossary term")) if count]
    return "Cited on " + " and ".join(counts)


def render_index(entries: dict[str, Reference]) -> str:
    """The index body: A-Z bar, then per letter every source (``id="<key>"``) with its short
    label, linking to its entry on the letter page. Left out of the search index."""
    groups = by_letter(entries)
    pages = entry_pages(entries)  # each source's link goes to its part
    parts = ['<div class="kb-refs kb-refs--index">', PAGES.letter_bar(list(groups), None),
             f'<div class="kb-refs__sources" data-search-exclude {letters.FORWARD_ATTRIBUTE}>']
    for letter, group in groups.items():
        parts += [PAGES.letter_heading(letter), '<ul class="kb-az__list">']
        parts += [f'<li id="{r.id}"><a href="{pages[r.id].rsplit("/", 1)[1]}#{r.id}">'
                  f"{short_label(r)}</a></li>" for r in group]
        parts.append("</ul>")
    parts += ["</div>", "</div>", ""]
    return "\n".join(parts)


def render_letter(entries: dict[str, Reference], letter: str, formatted: dict[str, str],
                  citing: dict[str, tuple[list[str], list[str]]], part: int = 1) -> str:
    """A letter page's body: A-Z bar, the parts of a split letter, the page's entries (AMA text,
    key, the pages and glossary terms citing it: ``citing`` maps a key to ready links to pages and
    to terms), previous and next page.

    The citing links are shown for every entry: a letter page has at most a few dozen sources (the
    largest, references/n/, 29 entries and 531 elements; BENCHMARKS.md), where the one page of all had
    to hide them behind ``:target``."""
    paged = by_part(entries)
    here = Part(letter, part)
    counts = letters.part_counts(paged)
    parts = ['<div class="kb-refs kb-refs--letter">', PAGES.letter_bar(list(counts), letter, part)]
    bar = PAGES.part_bar(here, counts.get(letter, 1))
    if bar:
        parts.append(bar)
    parts.append('<div class="kb-bibliography" data-search-exclude>')
    for reference in paged.get(here, []):
        pages, terms = citing.get(reference.id, ([], []))
        parts.append(
            f'<div class="kb-ref" id="{reference.id}">'
            f'<p class="kb-ref__text">{formatted[reference.id]}</p>'
            f'<p class="kb-ref__cited"><span class="kb-ref__key">{reference.id}</span> · '
            f'{cited_count(len(pages), len(terms))}: {", ".join(pages + terms)}</p></div>')
    parts += ["</div>", PAGES.pager(list(paged), here), "</div>", ""]
    return "\n".join(parts)
