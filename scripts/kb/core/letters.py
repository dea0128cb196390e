"""A-Z pages: an index page and one page per letter, shared by the glossary and the references.

A generated list too long for a phone is split the same way for every kind of content: an index
(``<folder>/index.md``, ``<!-- kb:<shortcode> -->``) keeps an element with the id of every item so
its public address ``<folder>/#<id>`` lands without JavaScript (``docs/assets/javascripts/kb.js``
then forwards to the item's letter page), and ``<folder>/<letter>.md``
(``<!-- kb:<shortcode> letter=n -->``) holds the full items of one letter. The pages are real
Markdown files, so every engine builds them; :func:`letter_page_problems` names the file to create
when one is missing. Links here are source-relative (``n.md#id``).

A letter with more than :data:`PART_SIZE` items is split into parts, in the items' order: the first
part stays at ``<folder>/<letter>.md``, part 2 is ``<folder>/<letter>-2.md`` (``<!-- kb:<shortcode>
letter=n part=2 -->``) and so on. A phone's first style recalculation and layout on a letter page
grow with its elements, and 294 entries were twice the blocking-time budget (BENCHMARKS.md, letter
parts). An item's part is decided by its position (position // PART_SIZE): adding an item moves one
neighbour across each later part boundary; ``<folder>/#<id>`` forwarding follows it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from kb.core.problems import Problem

DIGITS = "0-9"  # the letter page of names that do not start with a letter A to Z
LETTERS = (DIGITS, *"abcdefghijklmnopqrstuvwxyz")
# Letter pages are not in the nav, so Material's primary sidebar on them has nothing to focus
# and axe flags it as a scrollable region without focusable content; the A-Z bar navigates.
HIDE_SETTINGS = "hide: [navigation]\n"
# The marker of an index whose items forward to their letter page (kb.js).
FORWARD_ATTRIBUTE = "data-kb-forward"
# The most items on one letter page: a longer letter is split into parts. About 100 entries
# (2,900 elements) met the 10x letter page's 600 ms blocking-time budget (BENCHMARKS.md).
PART_SIZE = 100
_LETTER_ARG = re.compile(r"^letter=(?P<letter>[a-z]|0-9)$")
_PART_ARG = re.compile(r"^part=(?P<part>[2-9]|[1-9][0-9]+)$")

T = TypeVar("T")

LETTER_ANCHOR = "letter-"


def letter_anchor(letter: str) -> str:
    """The id of a letter's heading on an A-Z index (``letter-n``): the A-Z bar links to it, and
    the site check and the search index know it by it."""
    return f"{LETTER_ANCHOR}{letter}"


# AtoZ.page_of's last answer per folder, with the grouping it answered (held, so identity is sound).
_PAGES_OF: dict[str, tuple[object, dict[str, str]]] = {}


def letter_of(name: str) -> str:
    """The letter page a name belongs on: ``a`` to ``z`` (accents dropped) or ``0-9``."""
    first = unicodedata.normalize("NFKD", name.strip())[:1].lower()
    return first if "a" <= first <= "z" else DIGITS


def letter_label(letter: str) -> str:
    """How the A-Z bar and titles show a letter: ``N``, ``0-9``."""
    return letter.upper()


def group_by_letter(items: Iterable[T], name: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` (already in their order) grouped by the letter of ``name``, in A-Z bar order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(letter_of(name(item)), []).append(item)
    return {letter: groups[letter] for letter in LETTERS if letter in groups}


class Part(NamedTuple):
    """One letter page: a letter and its part (1: the letter's own page)."""

    letter: str
    number: int = 1

    @property
    def name(self) -> str:
        """The page's file name without ``.md``: ``t``, ``t-2``, ``0-9-2``."""
        return self.letter if self.number == 1 else f"{self.letter}-{self.number}"

    @property
    def shortcode_args(self) -> str:
        """``letter=t``, ``letter=t part=2``."""
        return f"letter={self.letter}" + (f" part={self.number}" if self.number > 1 else "")


def split_parts(items: Sequence[T], size: int = PART_SIZE) -> list[list[T]]:
    """``items`` in runs of at most ``size``, in order: an item's part is ``position // size``."""
    if size < 1:
        raise ValueError(f"a part holds at least one item, not {size}")
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


def parts_of(groups: dict[str, list[T]], size: int = PART_SIZE) -> dict[Part, list[T]]:
    """Every letter page and its items, in A-Z bar order, parts of a letter in order."""
    return {Part(letter, number): run
            for letter, group in groups.items()
            for number, run in enumerate(split_parts(group, size), start=1)}


def letter_argument(shortcode: str, args: list[str] | tuple[str, ...]) -> Part | None:
    """The letter page a ``kb:<shortcode>`` names (``letter=n``, ``letter=n part=2``), None for
    the index; raises ValueError with the fix when the arguments are anything else."""
    if not args:
        return None
    match = _LETTER_ARG.match(args[0]) if len(args) <= 2 else None
    part = _PART_ARG.match(args[1]) if match is not None and len(args) == 2 else None
    if match is None or (len(args) == 2 and part is None):
        raise ValueError(f"kb:{shortcode} takes no argument, 'letter=x' or 'letter=x part=N' "
                         f"(N from 2), not '{' '.join(args)}'")
    return Part(match.group("letter"), int(part.group("part")) if part else 1)


@dataclass(frozen=True)
class LetterUse:
    """An A-Z shortcode on a page: the page, the line and the letter (None: the index)."""

    path: str  # docs path
    file: str  # file as problems name it
    line: int
    letter: str | None
    part: int = 1


@dataclass(frozen=True)
class FirstItem:
    """Where a letter's first item is defined, and the names of its first items, for a problem."""

    file: str
    line: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class AtoZ:
    """One kind of A-Z pages: its folder, shortcode and how its pages are named."""

    folder: str  # docs folder: glossary, references
    shortcode: str
    title: str  # "Glossary": letter pages are titled "Glossary: N"
    noun: str  # what one item is, for problems: "glossary term"
    items: str  # the same for readers, short: "terms"
    scaffold: str  # how to create a letter page, for the fix ({letter}, {part}: ' PART=2' or '')

    @property
    def index_page(self) -> str:
        """Docs path of the index: ``glossary/index.md``."""
        return f"{self.folder}/index.md"

    def letter_page(self, letter: str, part: int = 1) -> str:
        """Docs path of a letter page: ``glossary/n.md``, part 2 ``glossary/n-2.md``."""
        return f"{self.folder}/{Part(letter, part).name}.md"

    def page_of(self, parts: dict[Part, list[T]], item_id: Callable[[T], str]) -> dict[str, str]:
        """The docs path of the letter page (part) holding each item, by id. The answer for the
        last ``parts`` of each kind is kept: the check, the term linker, the index and every
        letter page ask for the same grouping (kept by identity by ``by_part``), 0.3 ms a call at
        10x content when kept and 11 ms when not. Do not change the answer."""
        kept = _PAGES_OF.get(self.folder)
        if kept is not None and kept[0] is parts:
            return kept[1]
        pages = {item_id(item): self.letter_page(*part) for part, run in parts.items()
                 for item in run}
        _PAGES_OF[self.folder] = (parts, pages)
        return pages

    def page_problems(self, firsts: dict[Part, FirstItem], uses: list[LetterUse]) -> list[Problem]:
        """Each letter page with items (``firsts``: every part) has its file; each letter page has
        items; the index is where it belongs. Checked only when the site has one of these pages."""
        if not uses:
            return []
        problems = []
        pages: dict[Part, LetterUse] = {}
        for use in uses:
            expected = (self.index_page if use.letter is None
                        else self.letter_page(use.letter, use.part))
            if use.path != expected:
                what = (f"the {self.title.lower()} index" if use.letter is None
                        else f"letter {use.letter}" + (f" part {use.part}" if use.part > 1 else ""))
                problems.append(Problem(use.file, use.line,
                                        f"{what} belongs on docs/{expected}, not docs/{use.path}",
                                        f"move this shortcode to docs/{expected}"))
            elif use.letter is not None:
                pages[Part(use.letter, use.part)] = use
        for part, first in firsts.items():
            if part not in pages:
                names = ", ".join(first.names[:3]) + (", ..." if len(first.names) > 3 else "")
                which = "" if part.number == 1 else f"part {part.number} of "
                problems.append(Problem(
                    first.file, first.line,
                    f"no page for {which}the {self.noun}s under {letter_label(part.letter)} "
                    f"({names})",
                    f"create docs/{self.letter_page(*part)} "
                    f"({self.scaffold.format(letter=part.letter, part=_part_option(part))}) with "
                    f"front matter like another letter page's, '# {self.page_title(part)}' and "
                    f"<!-- kb:{self.shortcode} {part.shortcode_args} -->"))
        for part, use in sorted(pages.items()):
            if part not in firsts:
                message = (f"no {self.noun} starts with {letter_label(part.letter)}"
                           if part.number == 1 else
                           f"no {self.noun} is in part {part.number} of "
                           f"{letter_label(part.letter)} (a page holds {PART_SIZE})")
                problems.append(Problem(use.file, use.line, message,
                                        f"delete docs/{use.path} (it would be an empty page)"))
        return problems

    def page_title(self, part: Part) -> str:
        """``Glossary: T``, ``Glossary: T (part 2)``: a part file's title does not name the number
        of parts, which changes as items are added (the part bar on the page shows it)."""
        label = f"{self.title}: {letter_label(part.letter)}"
        return label if part.number == 1 else f"{label} (part {part.number})"

    def page_text(self, letter: str, reviewed: str, description: str, settings: str,
                  part: int = 1) -> str:
        """The Markdown source of a letter page; ``settings``: more front matter lines."""
        page = Part(letter, part)
        title = self.page_title(page)
        return (f'---\ntitle: "{title}"\ndescription: {description}\n'
                f"audience: [general, clinician]\nreviewed: {reviewed}\ntype: utility\n"
                f"tags: [{self.folder}]\n{HIDE_SETTINGS}{settings}---\n\n# {title}\n\n"
                f"<!-- kb:{self.shortcode} {page.shortcode_args} -->\n")

    def letter_bar(self, letters: list[str], current: str | None, part: int = 1) -> str:
        """The A-Z bar: on the index, links to its letter headings; on a letter page, to the other
        letter pages (a letter's first part) and the index; the current letter is a link on its
        later parts."""
        items = [f'<a href="index.md">All {self.items}</a>'] if current is not None else []
        for letter in letters:
            label = letter_label(letter)
            if letter == current and part == 1:
                items.append(f'<strong aria-current="page">{label}</strong>')
            else:
                target = f"{letter}.md" if current is not None else f"#{letter_anchor(letter)}"
                items.append(f'<a href="{target}">{label}</a>')
        return (f'<nav class="kb-az__letters" aria-label="{self.title} A to Z">'
                + " ".join(items) + "</nav>")

    def part_bar(self, current: Part, count: int) -> str:
        """``Part 1 2 3`` under the A-Z bar of a letter split into parts; empty for one part."""
        if count < 2:
            return ""
        items = []
        for number in range(1, count + 1):
            if number == current.number:
                items.append(f'<strong aria-current="page">{number}</strong>')
            else:
                items.append(f'<a href="{Part(current.letter, number).name}.md">{number}</a>')
        label = letter_label(current.letter)
        return (f'<nav class="kb-az__letters kb-az__parts" aria-label="{self.title} {label} parts">'
                f"<span>{label}, part {current.number} of {count}:</span> "
                + " ".join(items) + "</nav>")

    def letter_heading(self, letter: str) -> str:
        """An index's heading of one letter, linking to the letter page."""
        return (f'<h2 class="kb-az__letter" id="{letter_anchor(letter)}">'
                f'<a href="{letter}.md">{letter_label(letter)}</a></h2>')

    def pager(self, pages: list[Part], current: Part) -> str:
        """Previous page, the index, next page (parts count as pages): the foot of a letter page."""
        counts = part_counts(pages)
        position = pages.index(current) if current in pages else -1
        links = []
        if position > 0:
            before = pages[position - 1]
            links.append(f'<a href="{before.name}.md" rel="prev">Previous: '
                         f"{part_label(before, counts[before.letter])}</a>")
        links.append(f'<a href="index.md">All {self.items} A to Z</a>')
        if 0 <= position < len(pages) - 1:
            after = pages[position + 1]
            links.append(f'<a href="{after.name}.md" rel="next">Next: '
                         f"{part_label(after, counts[after.letter])}</a>")
        return (f'<nav class="kb-az__pager" aria-label="{self.title} letters">'
                + " ".join(links) + "</nav>")


def part_label(part: Part, count: int) -> str:
    """How the pager names a page: ``T``, ``T (2 of 3)``."""
    label = letter_label(part.letter)
    return label if count == 1 else f"{label} ({part.number} of {count})"


def part_counts(parts: Iterable[Part]) -> dict[str, int]:
    """How many parts each letter has."""
    counts: dict[str, int] = {}
    for part in parts:
        counts[part.letter] = max(counts.get(part.letter, 0), part.number)
    return counts


def _part_option(part: Part) -> str:
    return "" if part.number == 1 else f" PART={part.number}"
