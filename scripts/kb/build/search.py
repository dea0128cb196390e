"""What Material's search indexes for a page beyond its text: the names of its glossary terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kb.bibliography import pages as reference_pages
from kb.build.site import Site
from kb.core.letters import LETTER_ANCHOR
from kb.core.urls import page_url
from kb.glossary.pages import FOLDER, entry_pages
from kb.glossary.terms import Term

_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def search_keywords(tags: object, site: Site, own: frozenset[str], page: str = "") -> list[str]:
    """The page's tags, then the names of each glossary term it is a main article of: on the
    term's first main article (``pages[0]``) every name (the term, its aliases, abbreviation and
    street names) and its classification codes, on a further one the term alone.

    Material's search weighs tags like the title and this site does not show tags, so a reader who
    types a term, an abbreviation or a brand name on the box ("Espranor") finds the article about it
    ahead of, or beside, the term's glossary entry. A name on two pages as a tag ties them on every
    query with that name ("smack" on the chemistry and the pharmacology page): the term's first
    article gets the names, the others keep the term itself. ``page`` is the docs path; without it
    every page counts as the first. A code ("N07BC02", "F11.20") is a name a clinician or a
    pharmacist types too; the glossary entry shows it, the article explains the subject. RxNorm's
    identifier is left out: a bare number would match numbers in readers' questions.
    """
    keywords = [str(tag) for tag in tags] if isinstance(tags, list) else []
    seen = set(keywords)
    for slug in sorted(own):
        term = site.glossary[slug].term
        first = not page or not term.pages or term.pages[0] == page
        names = [*term.names(), *term.street_names, *search_codes(term)] if first else [term.term]
        for keyword in whole_keywords(names):
            if keyword not in seen:
                seen.add(keyword)
                keywords.append(keyword)
    return keywords


def whole_keywords(names: list[str]) -> list[str]:
    """Names as search keywords: a name with an inner capital also in lower case, because the
    search separator splits "BritLofex" and "OxyContin" at the capital and a reader types it whole."""
    return [keyword for name in names
            for keyword in ((name, name.lower()) if _INNER_CAPITAL.search(name) else (name,))]


def glossary_entry_names(site: Site) -> dict[str, list[str]]:
    """The names of each glossary term without a main article (``pages: []``), by the search
    location of its entry on its letter page (``glossary/s/#subjective-opiate-withdrawal-scale``):
    its aliases, abbreviation, street names and codes, as that entry's tags; of a term with a main
    article, its abbreviation alone ("M6G"), so the entry a clinician cites comes up beside the
    article for it (the article holds every name as a tag, and a word rarely collides with an
    abbreviation).

    A term with a main article gives its names to the article (:func:`search_keywords`); a term
    without one had them only in its entry's text, so "SOWS self report" found pages that
    merely hold "self" and "report" ahead of the entry whose title the abbreviation stands for.
    Where the glossary is the best answer, the entry carries the term's names like an article.
    A name that a page already holds as a front-matter tag stays the page's only ("rehab" on the page on
    choosing a programme, not also on the entry for residential treatment): one word, one place.
    """
    names: dict[str, list[str]] = {}
    pages = entry_pages(site.glossary)
    tagged = {tag.casefold() for record in site.pages.values() for tag in record.page.meta.tags}
    for slug, entry in site.glossary.items():
        term = entry.term
        candidates = (([term.abbreviation] if term.abbreviation else []) if term.pages
                      else [*other_names(term), *search_codes(term)])
        words = [name for name in candidates if name.casefold() not in tagged]
        if words:
            names[entry_location(pages[slug], slug)] = list(dict.fromkeys(whole_keywords(words)))
    return names


def glossary_entry_fields(site: Site) -> dict[str, dict[str, list[str]]]:
    """What the search box knows of each glossary entry, by the search location of the entry:
    its other names (``aliases``: aliases, abbreviation, street names) and the addresses of its
    main articles (``articles``) and of the pages that only use it (``related``). The search box
    reads them (``search-query.js``, ``entries``) to know which entry a query names ("OUD
    meaning", "detox") and whether the entry's article, or a page that uses the term, is already
    at the top; lunr does not, as it indexes only the fields in ``mkdocs.yml``: they are no words
    of the entry and do not rank it."""
    pages = entry_pages(site.glossary)
    fields = {}
    for slug, entry in site.glossary.items():
        term = entry.term
        known = {"aliases": other_names(term),
                 "articles": [page_url(page) for page in term.pages],
                 "related": [page_url(page) for page in term.related]}
        if any(known.values()):
            fields[entry_location(pages[slug], slug)] = {
                name: values for name, values in known.items() if values}
    return fields


def entry_location(letter_page: str, slug: str) -> str:
    """A glossary entry's location in the search index: ``glossary/s/#subjective-opiate-withdrawal-scale``."""
    return letter_page.removesuffix(".md") + "/#" + slug


def with_entry_fields(index: dict[str, Any], fields: Mapping[str, Mapping[str, list[str]]]) -> dict[str, Any]:
    """Material's search index with each glossary entry's :func:`glossary_entry_fields` on it, in
    one field that lunr does not index, ``glossary``: the search worker hands it on whole, without
    knowing what it holds."""
    for entry in index.get("docs", []):
        known = fields.get(str(entry.get("location", "")))
        if known:
            entry["glossary"] = dict(known)
    return index


def other_names(term: Term) -> list[str]:
    """A term's names but its own: aliases, abbreviation, street names."""
    return [*term.names()[1:], *term.street_names]


def search_codes(term: Term) -> list[str]:
    """The term's classification codes the search indexes as names: every system but RxNorm."""
    return [code for system, code in term.codes.model_dump().items()
            if code is not None and system not in _NUMERIC_CODES]


_NUMERIC_CODES = frozenset({"rxcui"})


def tags_on_page_entries(index: dict[str, Any],
                         descriptions: Mapping[str, str] | None = None,
                         section_tags: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """Material's search index with each page's tags on the page's own entry only, and the tags
    of more than one word moved to a field of their own, ``phrases``; each page's front-matter
    ``description`` (by page URL, ``descriptions``) on its entry as the field ``description``;
    every entry's text without its citation marks (:func:`without_citation_marks`).

    The description is the page's answer in one sentence, written for search previews, and
    Material's search leaves it out: "how is this site built" did not find the page described as
    "How the site is built, ...". Its field has a boost of its own in ``mkdocs.yml``.

    Material's search plugin copies a page's tags onto every section of the page, and a tag weighs
    like a title: one query word that matched a tag (a street name, an alias) then lifted every
    section of the page above sections whose text held the whole question. On the page's entry
    (the one without a fragment, shown as the page's result) the tags still find the page.

    lunr indexes the words of a name, not the name: "first-pass metabolism" made "pass" a title
    word of the pharmacology page, "drug consumption room" "room" one of the harm reduction page,
    and a reader's "passed out" or "my son's room" went there. A one-word tag is the whole name;
    a word of a longer one is weaker evidence, so ``phrases`` has a boost of its own in
    ``mkdocs.yml`` (below the title's).

    Each phrase is in ``phrases`` a second time as one word, its words joined and marked by
    :data:`NAME_MARK` ("precipitated withdrawal" -> "_precipitated_withdrawal"): the search box
    (``search-query.js``) asks for that word when a query holds the whole name, so the page named
    by all its words outranks a page whose title holds one of them ("Withdrawal"). The mark in
    front keeps the joined word out of the prefix matches of what readers type ("opioid*").

    ``section_tags`` (by location with a fragment) are tags of a section of their own: a glossary
    term's names on its entry (:func:`glossary_entry_names`).
    """
    separator = re.compile(str(index.get("config", {}).get("separator") or r"\s+"))
    descriptions = descriptions or {}
    section_tags = section_tags or {}
    for entry in index.get("docs", []):
        if isinstance(entry.get("text"), str):
            entry["text"] = without_citation_marks(entry["text"])
        tags = entry.pop("tags", None)
        location = str(entry.get("location", ""))
        if "#" in location:
            tags = list(section_tags.get(location, []))
            if not tags:
                continue
        elif location in descriptions:
            entry["description"] = descriptions[location]
        if not isinstance(tags, list):
            continue
        words = {tag: [word for word in separator.split(str(tag)) if word] for tag in tags}
        single = [tag for tag in tags if len(words[tag]) <= 1]
        phrases = [tag for tag in tags if len(words[tag]) > 1]
        if single:
            entry["tags"] = single
        if phrases:
            joined = [joined_name(words[tag]) for tag in phrases]
            entry["phrases"] = [*phrases, *dict.fromkeys(joined)]
    return index


NAME_MARK = "_"

# The A-Z indexes' letter lists ("glossary/#letter-o"): every term and alias of the letter in one
# section, a list to browse, not an answer; each term is found in its own entry.
_LETTER_LISTS = tuple(f"{folder}/#{LETTER_ANCHOR}" for folder in (FOLDER, reference_pages.FOLDER))


def without_letter_lists(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search index without the A-Z indexes' letter lists (``glossary/#letter-n``):
    as results they took a top-3 place from the entries they list ("opvee" found the list of N
    before the entry for nalmefene)."""
    index["docs"] = [entry for entry in index.get("docs", [])
                     if not str(entry.get("location", "")).startswith(_LETTER_LISTS)]
    return index


def joined_name(words: list[str]) -> str:
    """A name of several words as the one word the search index holds it as: ``_first_pass_metabolism``."""
    return NAME_MARK + NAME_MARK.join(word.lower() for word in words)


# A citation mark as Material indexes it: "<sup>[14, 15]</sup>", "<sup>[4, Appendix 1]</sup>".
_CITATION_MARK = re.compile(r"<sup>\[[^\]<]*\]</sup>")


def without_citation_marks(text: str) -> str:
    """Section text without its citation marks: their numbers ("[6]") and locators ("Abstract,
    Results") are not words of the page, and a reader's "resp rate 6" or "my 15 year old" matched
    whichever section cited source 6 or 15."""
    return _CITATION_MARK.sub("", text)
