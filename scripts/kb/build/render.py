"""Turn a page's Markdown into Markdown with shortcodes, evidence box and citations resolved."""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from kb.bibliography import pages as reference_pages
from kb.build.site import FACT_QUOTE_MARK, PageRecord, Site
from kb.core.citations import (
    CitationGroup,
    as_is,
    cited_keys,
    parse_citations,
    render_citations,
    render_reference_list,
)
from kb.core.shortcodes import SHORTCODE_RE
from kb.core.urls import page_url, relative_url
from kb.corrections.log import render_corrections
from kb.facts.render import render_fact, render_quick_reference
from kb.glossary.pages import FOLDER as GLOSSARY_FOLDER
from kb.glossary.pages import INDEX_PAGE as GLOSSARY_INDEX
from kb.glossary.pages import entry_pages, letter_argument, render_index, render_letter
from kb.instruments.form import render_instrument
from kb.pages.evidence import evidence_box, evidence_table

METHOD_PAGE = "about/evidence-ratings.md"
GLOSSARY_PAGE = GLOSSARY_INDEX
OVERDOSE_PAGE = "health-effects/overdose.md"
HELP_PAGE = "help/index.md"
REFERENCES_PAGE = reference_pages.INDEX_PAGE


def md_link(from_path: str, to_path: str) -> str:
    """Relative Markdown link target from one docs file to another (MkDocs validates it)."""
    return _relative_path(to_path, posixpath.dirname(from_path) or ".")


# The same pairs over and over; relpath is slow (see relative_url). Keyed by the folder, not the
# file: every glossary letter page lists every page, and they all sit in one folder.
@lru_cache(maxsize=2**16)
def _relative_path(to_path: str, from_folder: str) -> str:
    return posixpath.relpath(to_path, from_folder)


def url_link(from_path: str, to_path: str) -> str:
    """Relative URL from one page to another (directory URLs), as MkDocs writes a Markdown link.

    Raw HTML the toolkit writes uses ``md_link`` (source-relative, which Zensical resolves);
    ``kb.build.extension`` turns those into these URLs under MkDocs and ProperDocs."""
    return relative_url(page_url(to_path), page_url(from_path))


def render_page(site: Site, path: str, markdown: str,
                stash: Callable[[str], str] = as_is) -> str:
    """Resolve shortcodes, the evidence box and citations of the page at docs path ``path``.

    ``stash``: hands generated HTML to Python-Markdown's ``htmlStash`` when there is a Markdown
    instance (``KbExtension.hold``) and returns what stands in for it. The references page's
    list, citation marks and the page's reference list go there and come back after Markdown as
    they are, instead of being parsed by Markdown's raw HTML parser (at 10x content that parse
    was a fifth of the Markdown time of a build, and most of a rebuild after an edit that
    changes the references page)."""
    def references(site: Site, path: str, args: list[str]) -> str:
        return references_page(site, path, stash, args)

    handlers = {**SHORTCODES, "references": references}
    text = SHORTCODE_RE.sub(
        lambda m: handlers[m.group("name")](site, path, m.group("args").split()), markdown)
    record = site.pages.get(path)
    if record and record.page.meta.evidence:
        text = _after_title(text, evidence_box(record.page.meta.evidence,
                                               md_link(path, METHOD_PAGE)))
    groups = loaded_citations(record, text) if record is not None else None
    if groups is None:
        groups, _ = parse_citations(text, path)
    if not groups:
        return text
    keys = cited_keys(groups)
    numbers = {key: index for index, key in enumerate(keys, start=1)}
    plain = site.bibliography.plain
    # The glossary cites two sources for each of its terms: a tooltip on every mark made Material
    # set up hundreds of tooltips on a phone (BENCHMARKS.md, Lighthouse). Its marks link to the
    # numbered list on the same page instead.
    in_glossary = path.startswith(GLOSSARY_FOLDER + "/")
    tooltip = (lambda key: "") if in_glossary else (lambda key: plain[key])
    text = render_citations(text, groups, numbers, tooltip, _fact_quotes(site, text, groups),
                            stash)
    text = FACT_QUOTE_MARK.sub("", text)
    pages = reference_pages.entry_pages(site.bibliography.entries)  # once a page, not a key
    return text.rstrip() + render_reference_list(
        keys, site.bibliography.formatted, lambda key: f"{md_link(path, pages[key])}#{key}", stash)


def loaded_citations(record: PageRecord, text: str) -> list[CitationGroup] | None:
    """The citations the load found in the page's body, as ``parse_citations(text, ...)`` would
    find them, when ``text`` is that body without its leading blank lines (MkDocs drops them) and
    so without shortcodes or an evidence box expanded (551 of 1,059 pages at 10x); otherwise
    None. ``tests/test_render.py`` compares with a new parse."""
    body = record.page.body
    skipped = len(body) - len(text)
    if skipped < 0 or body.count("\n", 0, skipped) != skipped or not body.endswith(text):
        return None
    lines = record.page.body_line + skipped - 1
    return [CitationGroup(group.start - skipped, group.end - skipped, group.line - lines,
                          group.items) for group in record.citations]


def _after_title(text: str, block: str) -> str:
    match = re.search(r"^# .*$", text, re.M)
    if match is None:
        return block + "\n" + text
    return text[: match.end()] + "\n\n" + block + text[match.end() :]


def _fact_quotes(site: Site, text: str, groups: list[CitationGroup]) -> dict[int, str]:
    """Tooltips for the citations that key facts produced: the source's own words first."""
    notes = {}
    for group in groups:
        mark = FACT_QUOTE_MARK.search(text, max(0, group.start - 120), group.start)
        if mark and mark.end() == group.start:
            fact = site.facts[mark.group("id")].fact
            notes[group.start] = f"Source: \u201c{fact.quote}\u201d ({fact.locator})."
    return notes


def _evidence_table(site: Site, path: str, args: list[str]) -> str:
    modalities = [replace(m, url=md_link(path, m.url)) for m in site.modalities()]
    return evidence_table(modalities, md_link(path, METHOD_PAGE))


def _glossary(site: Site, path: str, args: list[str]) -> str:
    part = letter_argument(args)  # validated with the page (kb.build.site)
    if part is not None:
        links = {p: (md_link(path, p), r.page.meta.title) for p, r in site.pages.items()}
        return render_letter(site.glossary, part.letter, links, part.number)
    # The exports sit at the top of the site, beside the home page's source.
    exports = posixpath.dirname(md_link(path, "glossary.json"))
    return render_index(site.glossary, exports + "/" if exports else "")


def _fact(site: Site, path: str, args: list[str]) -> str:
    return render_fact(site.facts[args[0]], clinician=args[1:] == ["clinician"])


def _quick_reference(site: Site, path: str, args: list[str]) -> str:
    titles = {p: (md_link(path, p), r.page.meta.title) for p, r in site.pages.items()}
    return render_quick_reference(site.facts, site.fact_pages(), titles)


def _corrections(site: Site, path: str, args: list[str]) -> str:
    links = {p: (md_link(path, p), r.page.meta.title) for p, r in site.pages.items()}
    return render_corrections(site.corrections, links)


# One small handler per shortcode: (site, docs path of the page, arguments) -> Markdown.
# kb.build.site.SHORTCODES lists the same names for validation (tests/test_render.py checks).
SHORTCODES: dict[str, Callable[[Site, str, list[str]], str]] = {
    "emergency": lambda site, path, args: emergency_box(path),
    "evidence-table": _evidence_table,
    "glossary": _glossary,
    "references": lambda site, path, args: references_page(site, path, args=args),
    "fact": _fact,
    "quick-reference": _quick_reference,
    "corrections": _corrections,
    "instrument": lambda site, path, args: render_instrument(site.instruments[args[0]]),
}


def emergency_box(path: str) -> str:
    """The standard emergency admonition, linking to the overdose and help pages."""
    overdose = md_link(path, OVERDOSE_PAGE)
    helplines = md_link(path, HELP_PAGE)
    return (
        '!!! danger kb-emergency "Emergency: someone may be overdosing"\n\n'
        "    If a person cannot be woken, is breathing very slowly or not at all, or has blue or "
        "grey lips, call your local emergency number now. Give naloxone if you have it and stay "
        f"with them.\n\n    [What to do in an overdose]({overdose}) · "
        f"[Emergency numbers and helplines]({helplines})\n"
    )


def references_page(site: Site, path: str, stash: Callable[[str], str] = as_is,
                    args: list[str] | tuple[str, ...] = ()) -> str:
    """The references index (no ``args``) or one letter page (``letter=n``), handed to ``stash``
    (see ``render_page``)."""
    entries = site.bibliography.entries
    part = reference_pages.letter_argument(args)  # validated with the page (kb.build.site)
    if part is None:
        return stash(reference_pages.render_index(entries))
    keys = {r.id for r in reference_pages.by_part(entries).get(part, [])}
    terms: dict[str, list[str]] = defaultdict(list)
    glossary_pages = entry_pages(site.glossary)
    for slug, entry in sorted(site.glossary.items()):
        for key in set(entry.term.sources) & keys:
            terms[key].append(f'<a href="{md_link(path, glossary_pages[slug])}#{slug}">'
                              f"Glossary: {html.escape(entry.term.term)}</a>")
    citing = {key: ([f'<a href="{md_link(path, p)}">{html.escape(site.pages[p].page.meta.title)}</a>'
                     for p in site.citing.get(key, []) if p in site.pages], terms.get(key, []))
              for key in keys}
    return stash(reference_pages.render_letter(entries, part.letter, site.bibliography.formatted,
                                               citing, part.number))
