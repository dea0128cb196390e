"""A-Z pages: an index page and one page per letter, shared by the glossary and the references.

A generated list too long for a phone is split the same way for every kind of content: an index
(``<folder>/index.md``, ``<!-- kb:<shortcode> -->``) keeps an element with the id of every item so
its public address ``<folder>/#<id>`` lands without JavaScript (``docs/assets/javascripts/kb.js``
then forwards to the item's letter page), and ``<folder>/<letter>.md``
(``<!-- kb:<shortcode> letter=n -->``) holds the full items of one letter. The pages are real
Markdown files, so every engine builds them; :func:`letter_page_problems` names the file to create
when one is missing. Links here are source-relative (``n.md#id``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from kb.core.problems import Problem

DIGITS = "0-9"  # the letter page of names that do not start with a letter A to Z
LETTERS = (DIGITS, *"abcdefghijklmnopqrstuvwxyz")
# Letter pages are not in the nav, so Material's primary sidebar on them has nothing to focus
# and axe flags it as a scrollable region without focusable content; the A-Z bar navigates.
HIDE_SETTINGS = "hide: [navigation]\n"
# The marker of an index whose items forward to their letter page (kb.js).
FORWARD_ATTRIBUTE = "data-kb-forward"
_LETTER_ARG = re.compile(r"^letter=(?P<letter>[a-z]|0-9)$")

T = TypeVar("T")


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


def letter_argument(shortcode: str, args: list[str] | tuple[str, ...]) -> str | None:
    """The letter a ``kb:<shortcode>`` names (``letter=n``), None for the index; raises
    ValueError with the fix when the arguments are anything else."""
    if not args:
        return None
    match = _LETTER_ARG.match(args[0]) if len(args) == 1 else None
    if match is None:
        raise ValueError(f"kb:{shortcode} takes no argument or one 'letter=x', not '{' '.join(args)}'")
    return match.group("letter")


@dataclass(frozen=True)
class LetterUse:
    """An A-Z shortcode on a page: the page, the line and the letter (None: the index)."""

    path: str  # docs path
    file: str  # file as problems name it
    line: int
    letter: str | None


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
    scaffold: str  # how to create a letter page, for the fix ({letter}: the letter)

    @property
    def index_page(self) -> str:
        """Docs path of the index: ``glossary/index.md``."""
        return f"{self.folder}/index.md"

    def letter_page(self, letter: str) -> str:
        """Docs path of a letter's page: ``glossary/n.md``."""
        return f"{self.folder}/{letter}.md"

    def page_problems(self, firsts: dict[str, FirstItem], uses: list[LetterUse]) -> list[Problem]:
        """Each letter with items (``firsts``) has its page; each letter page has items; the index
        is where it belongs. Checked only when the site has one of these pages at all."""
        if not uses:
            return []
        problems = []
        pages: dict[str, LetterUse] = {}
        for use in uses:
            expected = self.index_page if use.letter is None else self.letter_page(use.letter)
            if use.path != expected:
                what = f"the {self.title.lower()} index" if use.letter is None else f"letter {use.letter}"
                problems.append(Problem(use.file, use.line,
                                        f"{what} belongs on docs/{expected}, not docs/{use.path}",
                                        f"move this shortcode to docs/{expected}"))
            elif use.letter is not None:
                pages[use.letter] = use
        for letter, first in firsts.items():
            if letter not in pages:
                names = ", ".join(first.names[:3]) + (", ..." if len(first.names) > 3 else "")
                problems.append(Problem(
                    first.file, first.line,
                    f"no page for the {self.noun}s under {letter_label(letter)} ({names})",
                    f"create docs/{self.letter_page(letter)} "
                    f"({self.scaffold.format(letter=letter)}) with front matter like another "
                    f"letter page's, '# {self.title}: {letter_label(letter)}' and "
                    f"<!-- kb:{self.shortcode} letter={letter} -->"))
        for letter, use in sorted(pages.items()):
            if letter not in firsts:
                problems.append(Problem(use.file, use.line,
                                        f"no {self.noun} starts with {letter_label(letter)}",
                                        f"delete docs/{use.path} (it would be an empty page)"))
        return problems

    def page_text(self, letter: str, reviewed: str, description: str, settings: str) -> str:
        """The Markdown source of a letter page; ``settings``: more front matter lines."""
        label = letter_label(letter)
        return (f'---\ntitle: "{self.title}: {label}"\ndescription: {description}\n'
                f"audience: [general, clinician]\nreviewed: {reviewed}\ntype: utility\n"
                f"tags: [{self.folder}]\n{HIDE_SETTINGS}{settings}---\n\n# {self.title}: {label}\n\n"
                f"<!-- kb:{self.shortcode} letter={letter} -->\n")

    def letter_bar(self, letters: list[str], current: str | None) -> str:
        """The A-Z bar: on the index, links to its letter headings; on a letter page, to the other
        letter pages and the index."""
        items = [f'<a href="index.md">All {self.items}</a>'] if current is not None else []
        for letter in letters:
            label = letter_label(letter)
            if letter == current:
                items.append(f'<strong aria-current="page">{label}</strong>')
            else:
                target = f"{letter}.md" if current is not None else f"#letter-{letter}"
                items.append(f'<a href="{target}">{label}</a>')
        return (f'<nav class="kb-az__letters" aria-label="{self.title} A to Z">'
                + " ".join(items) + "</nav>")

    def letter_heading(self, letter: str) -> str:
        """An index's heading of one letter, linking to the letter page."""
        return (f'<h2 class="kb-az__letter" id="letter-{letter}">'
                f'<a href="{letter}.md">{letter_label(letter)}</a></h2>')

    def pager(self, letters: list[str], current: str) -> str:
        """Previous letter, the index, next letter: the foot of a letter page."""
        position = letters.index(current) if current in letters else -1
        links = []
        if position > 0:
            before = letters[position - 1]
            links.append(f'<a href="{before}.md" rel="prev">Previous: {letter_label(before)}</a>')
        links.append(f'<a href="index.md">All {self.items} A to Z</a>')
        if 0 <= position < len(letters) - 1:
            after = letters[position + 1]
            links.append(f'<a href="{after}.md" rel="next">Next: {letter_label(after)}</a>')
        return (f'<nav class="kb-az__pager" aria-label="{self.title} letters">'
                + " ".join(links) + "</nav>")
