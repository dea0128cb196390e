"""Site-wide term linking and abbreviation tooltips, in one pass over the page's HTML.

All names of all glossary terms go into one trie-shaped regular expression, so scanning a
text node costs time proportional to its length, not to the number of terms. The HTML is
parsed with lxml; text inside links, code, headings and other excluded elements is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeGuard

from lxml import html as lxml_html
from lxml.etree import _Element

SKIP_TAGS = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2",
                       "h3", "h4", "h5", "h6", "sup", "button", "label", "legend", "title",
                       "svg", "textarea", "select", "option"})
SKIP_CLASSES = frozenset({"kb-references", "admonition-title", "kb-evidence", "headerlink",
                          "kb-emergency", "kb-az__letters", "kb-az__list",
                          "kb-az__pager", "kb-bibliography", "kb-instrument"})
MIN_NAME_LENGTH = 3
GLOSSARY_ENTRY = "kb-glossary__term"  # the class of one term's section on a glossary letter page
ENTRY_HEADINGS = ("h2", "h3")


@dataclass(frozen=True)
class Target:
    """What a matched name points to."""

    slug: str
    term: str
    summary: str  # the hover text after "Term: " (:func:`summary` of the definition)
    abbreviation: str | None  # exact-case abbreviation, when the name is one
    page: str = ""  # file of the entry's page in the glossary folder ("n.md"); "" is the index


@dataclass(frozen=True)
class _Here:
    """The page being linked: its link to the glossary folder, and its letter page file if any."""

    glossary_dir: str
    letter_page: str | None

    def href(self, target: Target) -> str:
        """Where a mention of ``target`` links to from this page."""
        if self.letter_page is not None and target.page == self.letter_page:
            return f"#{target.slug}"
        return f"{self.glossary_dir}{target.page}#{target.slug}"


# A sentence ends at ". ", "! " or "? " after a lower-case letter, a digit or a bracket and before a
# capital: "U.S. Food" and "e.g. Narcan" go on.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])(?<!e\.g\.)(?<!i\.e\.)\s+(?=[A-Z])")
SHORT_SENTENCE = 60  # characters: a first sentence shorter than this gets the next one too


def summary(definition: str) -> str:
    """A term link's hover text: the definition's first sentence, or its first two when the first
    is short ("Tramadol is an opioid pain medicine."). Every page sends the hover text of every
    term it links, and the whole entry is one tap away: about 100 characters instead of 220."""
    sentences = _SENTENCE_END.split(definition, maxsplit=2)
    if len(sentences[0]) < SHORT_SENTENCE and len(sentences) > 1:
        return f"{sentences[0]} {sentences[1]}"
    return sentences[0]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, factored as a trie (no backtracking fan-out)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


class TermLinker:
    """Links the first mention of each glossary term and marks every abbreviation."""

    def __init__(self, targets: dict[str, Target]) -> None:
        names = [name for name in targets if len(name) >= MIN_NAME_LENGTH]
        self.targets = {name.casefold(): targets[name] for name in names}
        # A name, an optional plural ending, and no word character on either side. Matched in
        # lower-cased text without IGNORECASE (2.5 times faster on this trie of thousands of
        # names); ``\b`` first lets the scan skip the middle of words at once.
        start = r"\b" if all(name[:1].isalnum() for name in names) else ""
        lowered = trie_pattern(sorted({name.lower() for name in names}))
        self.matcher = re.compile(
            rf"{start}(?<![\w-])(?P<name>{lowered})(?P<plural>e?s)?(?![\w])") if names else None

    @cached_property
    def fallback(self) -> re.Pattern[str]:
        """The names matched case-insensitively, for the rare text whose length changes when
        lower-cased ("İ"); built on first use, not for every build."""
        return re.compile(
            rf"(?<![\w-])(?P<name>{trie_pattern(sorted(self.targets))})(?P<plural>e?s)?(?![\w])",
            re.IGNORECASE)

    def link(self, fragment: str, glossary_dir: str, link_terms: bool = True,
             skip_slugs: frozenset[str] = frozenset(), letter_page: str | None = None) -> str:
        """Return ``fragment`` (HTML) with term links and abbreviation tooltips added.

        ``glossary_dir``: the link to the glossary folder from this page (``../glossary/``); a
        term links to ``{glossary_dir}{target.page}#{slug}``, its full entry.

        ``letter_page``: the fragment is a glossary letter page, this file (``n.md``) of the
        glossary folder. An abbreviation there links to its entry (``#slug`` on the same page, not
        inside the entry itself; ``m.md#slug`` on another), with no tooltip, because a tooltip on
        each of many abbreviations costs a phone's main thread (Material sets every tooltip up
        when the page loads) and the definition is one tap away.
        """
        if self.matcher is None or not fragment.strip():
            return fragment
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
        linked: set[str] = set(skip_slugs) if link_terms else set()
        self._walk(root, _Here(glossary_dir, letter_page), linked, link_terms,
                   "" if letter_page is not None else None)
        return _inner_html(root)

    def _walk(self, element: _Element, here: _Here, linked: set[str], link_terms: bool,
              entry: str | None) -> None:
        if entry is not None and GLOSSARY_ENTRY in (element.get("class") or "").split():
            heading = next((child for child in element if child.tag in ENTRY_HEADINGS), None)
            entry = heading.get("id", "") if heading is not None else ""
        if _may_match(element.text):
            element.text = self._replace(element, None, element.text, here, linked, link_terms,
                                         entry)
        for child in list(element):
            if not _skipped(child):
                self._walk(child, here, linked, link_terms, entry)
            if _may_match(child.tail):
                child.tail = self._replace(element, child, child.tail, here, linked, link_terms,
                                           entry)

    def _replace(self, parent: _Element, after: _Element | None, text: str, here: _Here,
                 linked: set[str], link_terms: bool, entry: str | None = None) -> str:
        """Insert link/abbr elements for matches in ``text``; return the text before the first."""
        assert self.matcher is not None
        pieces: list[str | _Element] = []
        position = 0
        lowered = text.lower()
        matches = (self.matcher.finditer(lowered) if len(lowered) == len(text)
                   else self.fallback.finditer(text))
        for match in matches:
            name = text[match.start("name") : match.end("name")]
            mention = text[match.start() : match.end()]
            target = self.targets.get(name.casefold())
            if target is None:
                continue
            is_abbreviation = target.abbreviation is not None
            if is_abbreviation and name != target.abbreviation:
                continue  # "cows" is not COWS
            element = None
            if (link_terms and target.slug not in linked
                    and not _inside_proper_name(text, mention, match.start(), match.end())):
                linked.add(target.slug)
                element = parent.makeelement("a", {
                    "class": "kb-term", "href": here.href(target),
                    "title": f"{target.term}: {target.summary}"})
            elif is_abbreviation and entry is not None:
                if target.slug == entry:
                    continue  # an entry does not link to itself
                element = parent.makeelement("a", {"class": "kb-abbr",
                                                   "href": here.href(target)})
            elif is_abbreviation:
                element = parent.makeelement("abbr", {"title": target.term})
            if element is None:
                continue
            element.text = mention
            pieces.append(text[position : match.start()])
            pieces.append(element)
            position = match.end()
        if not pieces:
            return text
        pieces.append(text[position:])
        head = pieces[0]
        assert isinstance(head, str)
        index = 0 if after is None else list(parent).index(after) + 1
        last: _Element | None = None
        for piece in pieces[1:]:
            if isinstance(piece, str):
                if last is not None:
                    last.tail = piece
            else:
                parent.insert(index, piece)
                index += 1
                last = piece
        return head


_NEXT_WORD_CAPITALISED = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(]\s*)$")


def _inside_proper_name(text: str, name: str, start: int, end: int) -> bool:
    """A capitalised mention followed by another capitalised word, not at a sentence start, is
    part of a name ("American Society of Addiction Medicine"): link a later mention instead."""
    return (name[:1].isupper() and not name.isupper()
            and _NEXT_WORD_CAPITALISED.match(text, end) is not None
            and _SENTENCE_START.search(text[:start]) is None)


def _may_match(text: str | None) -> TypeGuard[str]:
    """Whether ``text`` can hold a name: most text nodes are the line breaks between elements
    (half the 200,000 of a 10x build), and a name has ``MIN_NAME_LENGTH`` characters, not all
    of them white space."""
    return text is not None and len(text) >= MIN_NAME_LENGTH and not text.isspace()


def _skipped(element: _Element) -> bool:
    if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
        return True
    classes = element.get("class")  # most elements have none: no set to build
    return classes is not None and not SKIP_CLASSES.isdisjoint(classes.split())


def _inner_html(root: _Element) -> str:
    text = str(lxml_html.tostring(root, encoding="unicode"))
    # Strip the wrapper <div> that fragment_fromstring added.
    return text[len("<div>") : -len("</div>")]
