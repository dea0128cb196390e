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
import re
import unicodedata
from dataclasses import dataclass

from kb.core.problems import Problem
from kb.glossary.terms import CATEGORY_LABELS, Category, Entry

FOLDER = "glossary"
INDEX_PAGE = f"{FOLDER}/index.md"
DIGITS = "0-9"  # the letter page of terms that do not start with a letter A to Z
LETTERS = (DIGITS, *"abcdefghijklmnopqrstuvwxyz")
SHORTCODE = "glossary"
# Several letter pages can match one query, each a group of results of its own: a lower boost
# lets the articles come first when they match as well (tests/search_queries_tune.yml: MRR 0.862
# at 1, 0.864 at 0.7 and at 0.5).
SEARCH_SETTINGS = "search:\n  boost: 0.7\n"
# Letter pages are not in the nav, so Material's primary sidebar on them has nothing to focus
# and axe flags it as a scrollable region without focusable content; the A-Z bar navigates.
HIDE_SETTINGS = "hide: [navigation]\n"
_LETTER_ARG = re.compile(r"^letter=(?P<letter>[a-z]|0-9)$")


def letter_of(name: str) -> str:
    """The letter page a term name belongs on: ``a`` to ``z`` (accents dropped) or ``0-9``."""
    first = unicodedata.normalize("NFKD", name.strip())[:1].lower()
    return first if "a" <= first <= "z" else DIGITS


def letter_page(letter: str) -> str:
    """Docs path of a letter's page: ``glossary/n.md``."""
    return f"{FOLDER}/{letter}.md"


def letter_label(letter: str) -> str:
    """How the A-Z bar and titles show a letter: ``N``, ``0-9``."""
    return letter.upper()


def entry_page(entry: Entry) -> str:
    """Docs path of the page holding the full entry of ``entry``."""
    return letter_page(letter_of(entry.term.term))


def by_letter(entries: dict[str, Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by letter page, letters in A-Z bar order, terms alphabetical."""
    ordered = sorted(entries.values(), key=lambda e: e.term.term.casefold())
    groups: dict[str, list[Entry]] = {}
    for entry in ordered:
        groups.setdefault(letter_of(entry.term.term), []).append(entry)
    return {letter: groups[letter] for letter in LETTERS if letter in groups}


def letter_argument(args: list[str] | tuple[str, ...]) -> str | None:
    """The letter a ``kb:glossary`` shortcode names (``letter=n``), None for the index; raises
    ValueError with the fix when the arguments are anything else."""
    if not args:
        return None
    match = _LETTER_ARG.match(args[0]) if len(args) == 1 else None
    if match is None:
        raise ValueError(f"kb:glossary takes no argument or one 'letter=x', not '{' '.join(args)}'")
    return match.group("letter")


@dataclass(frozen=True)
class GlossaryUse:
    """A ``kb:glossary`` shortcode on a page: the page, the line and the letter (None: index)."""

    path: str  # docs path
    file: str  # file as problems name it
    line: int
    letter: str | None


def letter_page_problems(entries: dict[str, Entry], uses: list[GlossaryUse]) -> list[Problem]:
    """Each letter with terms has its page at ``glossary/<letter>.md``; each letter page has terms;
    the index is ``glossary/index.md``. Checked only when the site has a glossary page at all."""
    if not uses:
        return []
    problems = []
    pages: dict[str, GlossaryUse] = {}
    for use in uses:
        expected = INDEX_PAGE if use.letter is None else letter_page(use.letter)
        if use.path != expected:
            what = "the glossary index" if use.letter is None else f"letter {use.letter}"
            problems.append(Problem(use.file, use.line,
                                    f"{what} belongs on docs/{expected}, not docs/{use.path}",
                                    f"move this shortcode to docs/{expected}"))
        elif use.letter is not None:
            pages[use.letter] = use
    groups = by_letter(entries)
    for letter, group in groups.items():
        if letter not in pages:
            first = group[0]
            problems.append(Problem(
                first.file, first.lines.get("term", 1),
                f"no page for the glossary terms under {letter_label(letter)} "
                f"({', '.join(e.term.term for e in group[:3])}{', ...' if len(group) > 3 else ''})",
                f"create docs/{letter_page(letter)} (`make new-term` does) with front matter like "
                f"another letter page's, '# Glossary: {letter_label(letter)}' and "
                f"<!-- kb:glossary letter={letter} -->"))
    for letter, use in sorted(pages.items()):
        if letter not in groups:
            problems.append(Problem(use.file, use.line,
                                    f"no glossary term starts with {letter_label(letter)}",
                                    f"delete docs/{use.path} (it would be an empty page)"))
    return problems


def letter_page_text(letter: str, reviewed: str) -> str:
    """The Markdown source of a letter page (``docs/glossary/<letter>.md``)."""
    label = letter_label(letter)
    starting = "a digit or a symbol" if letter == DIGITS else label
    return (f'---\ntitle: "Glossary: {label}"\n'
            f"description: Glossary terms starting with {starting}, with plain definitions, clinical "
            "notes, codes, other names and sources.\n"
            f"audience: [general, clinician]\nreviewed: {reviewed}\ntype: utility\n"
            f"tags: [glossary]\n{HIDE_SETTINGS}{SEARCH_SETTINGS}---\n\n# Glossary: {label}\n\n"
            f"<!-- kb:glossary letter={letter} -->\n")


def entry_links(entries: dict[str, Entry], here: str | None) -> dict[str, str]:
    """Source-relative link to every entry from a page in the glossary folder: ``#slug`` on its
    own letter page (``here``, a letter), ``n.md#slug`` elsewhere."""
    links = {}
    for slug, entry in entries.items():
        letter = letter_of(entry.term.term)
        links[slug] = f"#{slug}" if letter == here else f"{letter}.md#{slug}"
    return links


def _letter_bar(letters: list[str], current: str | None) -> str:
    items = ['<a href="index.md">All terms</a>'] if current is not None else []
    for letter in letters:
        label = letter_label(letter)
        if letter == current:
            items.append(f'<strong aria-current="page">{label}</strong>')
        else:
            target = f"{letter}.md" if current is not None else f"#letter-{letter}"
            items.append(f'<a href="{target}">{label}</a>')
    return ('<nav class="kb-glossary__letters" aria-label="Glossary A to Z">'
            + " ".join(items) + "</nav>")


def render_index(entries: dict[str, Entry], exports_url: str) -> str:
    """The index body: exports, category filter (CSS only), A-Z bar, then per letter every term
    (``id="<slug>"``) linking to its entry, with its other names in small print.

    The list is left out of the search index (``data-search-exclude``): the letter pages carry the
    entries, and the index would otherwise be a result for every term.
    """
    e = html.escape
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
    parts.append(_letter_bar(list(groups), None))
    parts.append('<div class="kb-glossary__terms" data-search-exclude>')
    for letter, group in groups.items():
        parts.append(f'<h2 class="kb-glossary__letter" id="letter-{letter}">'
                     f'<a href="{letter}.md">{letter_label(letter)}</a></h2>')
        parts.append('<ul class="kb-glossary__list">')
        for entry in group:
            term = entry.term
            other = [*([term.abbreviation] if term.abbreviation else []), *term.aliases]
            small = f' <small>{e(", ".join(other))}</small>' if other else ""
            parts.append(f'<li id="{entry.slug}" data-category="{term.category.value}">'
                         f'<a href="{links[entry.slug]}">{e(term.term)}</a>{small}</li>')
        parts.append("</ul>")
    parts += ["</div>", "</div>", ""]
    return "\n".join(parts)


def render_letter(entries: dict[str, Entry], letter: str, page_link: dict[str, tuple[str, str]]
                  ) -> str:
    """A letter page's body: A-Z bar, the letter's full entries, previous and next letter.

    ``page_link`` maps a docs path to ``(relative link, title)``. Sources are ``[@key]``
    citations, so the page's numbered reference list has only the sources cited on it.
    """
    groups = by_letter(entries)
    letters = list(groups)
    links = entry_links(entries, letter)
    parts = ['<div class="kb-glossary kb-glossary--letter">', _letter_bar(letters, letter),
             '<div class="kb-glossary__terms">']
    parts += [_render_entry(entry, entries, links, page_link) for entry in groups.get(letter, [])]
    parts.append("</div>")
    position = letters.index(letter) if letter in letters else -1
    pager = []
    if position > 0:
        before = letters[position - 1]
        pager.append(f'<a href="{before}.md" rel="prev">Previous: {letter_label(before)}</a>')
    pager.append('<a href="index.md">All terms A to Z</a>')
    if 0 <= position < len(letters) - 1:
        after = letters[position + 1]
        pager.append(f'<a href="{after}.md" rel="next">Next: {letter_label(after)}</a>')
    parts.append('<nav class="kb-glossary__pager" aria-label="Glossary letters">'
                 + " ".join(pager) + "</nav>")
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
