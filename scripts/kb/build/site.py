"""Load and cross-validate every source of the site once: pages, bibliography, glossary."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from kb.bibliography import pages as reference_pages
from kb.bibliography.formatcache import CACHE_FILE
from kb.bibliography.references import Bibliography, load_bibliography
from kb.build import sourcecache
from kb.core.citations import CitationGroup, parse_citations
from kb.core.filecache import FileCache, signature
from kb.core.fileformat import MAX_BIBLIOGRAPHY_BYTES, read_source
from kb.core.letters import LetterUse, Part, letter_anchor
from kb.core.placeholders import placeholder_problems
from kb.core.problems import Problem, raise_if_any
from kb.core.prose import prose
from kb.core.shortcodes import shortcode_uses
from kb.corrections.log import LoggedCorrection, load_corrections, reference_problems
from kb.facts.registry import FactUse, LoadedFact, fact_uses, load_facts, usage_problems
from kb.glossary.pages import (
    FOLDER,
    INDEX_PAGE,
    by_part,
    entry_pages,
    letter_argument,
    letter_page,
    letter_page_problems,
)
from kb.glossary.terms import Entry, cross_reference_problems, load_glossary
from kb.instruments.data import LoadedInstrument, load_instruments
from kb.instruments.data import reference_problems as instrument_problems
from kb.pages.doses import dose_problems
from kb.pages.editorial import Rules, claim_problems, language_problems, load_rules
from kb.pages.evidence import Modality
from kb.pages.frontmatter import PageType, ParsedPage, is_stale, parse_page
from kb.pages.links import anchors, link_problems
from kb.pages.pagerules import (
    emergency_problems,
    key_points_problems,
    modality_section_problems,
    shortcode_problems,
)
from kb.pages.rawhtml import raw_html_problems
from kb.pages.readability import readability_problem
from kb.pages.tags import shared_tag_problems

SHORTCODES = frozenset({"emergency", "evidence-table", "glossary", "references", "fact",
                        "quick-reference", "corrections", "instrument"})
SHORTCODES_WITH_ARGUMENTS = frozenset({"fact", "instrument", "glossary", "references"})
# Left by kb.facts.render before a fact's citation, so the citation's tooltip can carry the quote.
FACT_QUOTE_MARK = re.compile(r"<!--kb-fact:(?P<id>[a-z0-9-]+)-->")
CITING_TYPES = (PageType.TOPIC, PageType.MODALITY, PageType.INDEX)


@dataclass(frozen=True)
class PageRecord:
    """A validated page and the citations found in its body."""

    page: ParsedPage
    citations: list[CitationGroup]
    facts: tuple[FactUse, ...] = ()
    generated_keys: frozenset[str] = frozenset()
    anchors: frozenset[str] = frozenset()  # ids its headings and explicit ids produce

    @property
    def keys(self) -> set[str]:
        """Every key the page cites: text, evidence block, key facts and generated lists."""
        keys = {item.key for group in self.citations for item in group.items} | self.generated_keys
        if self.page.meta.evidence:
            keys.update(self.page.meta.evidence.sources)
        return keys


@dataclass
class Site:
    """Everything the build needs, validated."""

    pages: dict[str, PageRecord]
    bibliography: Bibliography
    glossary: dict[str, Entry]
    citing: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    facts: dict[str, LoadedFact] = field(default_factory=dict)
    corrections: list[LoggedCorrection] = field(default_factory=list)
    instruments: dict[str, LoadedInstrument] = field(default_factory=dict)

    def fact_pages(self) -> dict[str, list[str]]:
        """Docs paths using each fact, for the quick reference."""
        used: dict[str, list[str]] = defaultdict(list)
        for path, record in sorted(self.pages.items()):
            for fact_id in dict.fromkeys(use.id for use in record.facts):
                used[fact_id].append(path)
        return dict(used)

    def modalities(self) -> list[Modality]:
        """Every treatment modality page, for the comparison table (site-relative URLs)."""
        return [
            Modality(r.page.meta.title, path, r.page.meta.description, r.page.meta.evidence)
            for path, r in sorted(self.pages.items())
            if r.page.meta.evidence is not None
        ]

    def stubs(self) -> list[str]:
        """Pages still marked as stubs."""
        return sorted(path for path, r in self.pages.items() if r.page.meta.stub)


def load_site(root: Path, docs_dir: Path | None = None, today: dt.date | None = None) -> Site:
    """Read and validate all sources; raise ``BuildFailed`` listing every problem found."""
    docs = docs_dir or root / "docs"
    today = today or dt.date.today()
    rule_files = signature([root / "editorial" / "language.yml", root / "editorial" / "claims.yml"])
    rules = _RULES.get(str(root), rule_files, lambda: load_rules(root / "editorial"))
    problems: list[Problem] = []
    loaded_bib, bib_problems = _BIBLIOGRAPHIES.get(
        str(root), signature([root / "references.yml"]), lambda: _load_bibliography(root))
    problems.extend(bib_problems)
    if isinstance(loaded_bib, list):
        problems.extend(loaded_bib)
        bibliography = Bibliography({}, {})
    else:
        bibliography = loaded_bib
    pages: dict[str, PageRecord] = {}
    page_files = sorted(docs.rglob("*.md"))
    for path in page_files:
        relative = path.relative_to(docs).as_posix()
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        page_key = (signature([path]), shown, relative, today, rule_files)
        record, page_problems = _PAGES.get(
            str(path), page_key, partial(_read_page, path, shown, relative, today, rules))
        problems.extend(page_problems)
        if record is not None:
            pages[relative] = record
    glossary_files = sorted((root / "glossary").glob("*.yml"))
    glossary, glossary_problems = _GLOSSARIES.get(
        str(root), (signature(glossary_files), rule_files), lambda: _load_glossary(root, rules))
    problems.extend(glossary_problems)
    uses, use_problems = _letter_uses(pages, "glossary", letter_argument)
    problems.extend(use_problems)
    problems.extend(letter_page_problems(glossary, uses))
    reference_uses, use_problems = _letter_uses(pages, "references",
                                                reference_pages.letter_argument)
    problems.extend(use_problems)
    problems.extend(reference_pages.letter_page_problems(
        bibliography.entries, bibliography.lines, bibliography.file, reference_uses))
    page_anchors = {docs_path: set(r.anchors) for docs_path, r in pages.items()}
    # The generated glossary pages' ids: terms on their letter pages, letters on the index, where a
    # term's id only forwards the reader to the entry.
    # (a letter's parts each on their own page).
    for part, group in by_part(glossary).items():
        page_anchors.get(letter_page(*part), set()).update(entry.slug for entry in group)
        page_anchors.get(INDEX_PAGE, set()).add(letter_anchor(part.letter))
    # The same for the references' pages: sources on their letter pages, forwarded from the index.
    for part, references in reference_pages.by_part(bibliography.entries).items():
        page_anchors.get(reference_pages.PAGES.letter_page(*part), set()).update(
            reference.id for reference in references)
        page_anchors.get(reference_pages.INDEX_PAGE, set()).add(letter_anchor(part.letter))
    moved = {INDEX_PAGE: entry_pages(glossary),
             reference_pages.INDEX_PAGE: reference_pages.entry_pages(bibliography.entries)}
    for docs_path, record in pages.items():
        problems.extend(link_problems(record.page.path, docs_path, record.page.body,
                                      record.page.body_line, page_anchors, moved))
    # Check against every page file and (when it loaded) the bibliography, so one broken file
    # does not cascade into "no such page" or "unknown key" errors elsewhere.
    all_pages = {path.relative_to(docs).as_posix() for path in page_files}
    known_keys = None if isinstance(loaded_bib, list) else set(bibliography.entries)
    problems.extend(cross_reference_problems(glossary, all_pages, known_keys))
    facts, fact_problems, broken_facts = load_facts(root / "facts", root)
    problems.extend(fact_problems)
    problems.extend(usage_problems(facts, {r.page.path: list(r.facts) for r in pages.values()},
                                   known_keys, broken_facts))
    corrections, correction_problems = load_corrections(root)
    problems.extend(correction_problems)
    problems.extend(reference_problems(corrections, all_pages, known_keys))
    instruments, loaded_problems = load_instruments(root / "instruments", root)
    problems.extend(loaded_problems)
    problems.extend(instrument_problems(instruments, known_keys,
                                        {i: f.fact.quote for i, f in facts.items()}))
    problems.extend(_instrument_use_problems(pages, instruments))
    # The generated A-Z pages each carry their section's name as their tag.
    a_to_z = (f"{FOLDER}/", f"{reference_pages.FOLDER}/")
    problems.extend(shared_tag_problems((path, record.page) for path, record in pages.items()
                                        if not path.startswith(a_to_z)))
    pages = _with_generated_keys(pages, facts, corrections)
    if not isinstance(loaded_bib, list):
        problems.extend(_citation_problems(pages, bibliography))
    citing = _citing_pages(pages)
    used = set(citing) | {key for entry in glossary.values() for key in entry.term.sources}
    for key in sorted(set(bibliography.entries) - used):
        problems.append(Problem(bibliography.file, bibliography.lines[key],
                                f"entry '{key}' is not cited by any page or glossary term",
                                "cite it with [@" + key + "] where it supports a statement, "
                                "or remove it"))
    raise_if_any(problems)
    warnings = [Problem(r.page.path, 1, f"reviewed {r.page.meta.reviewed}: due for review "
                        "(more than 12 months ago)", "check it against its sources")
                for r in pages.values() if is_stale(r.page.meta, today)]
    return Site(pages, bibliography, glossary, citing, warnings, facts, corrections, instruments)


def load_site_saved(root: Path, docs_dir: Path | None = None, today: dt.date | None = None,
                    save: bool = True) -> Site:
    """:func:`load_site`, starting from the parsed sources the last build saved on disk and saving
    them for the next (``kb.build.sourcecache``). ``save=False`` under ``mkdocs serve``, which keeps
    them in memory between its rebuilds: writing the file would add to every reload."""
    # The stamp stats every kb module: only when the file is read or written, not on each reload.
    if root not in _RESTORED:
        _RESTORED.add(root)
        sourcecache.restore(root, CACHES, sourcecache.code_stamp())
    try:
        return load_site(root, docs_dir, today)
    finally:
        if save:
            sourcecache.save(root, CACHES, sourcecache.code_stamp())


# Parsed sources kept between the rebuilds of ``mkdocs serve`` (kb.core.filecache), and between
# builds on disk (load_site_saved).
_RESTORED: set[Path] = set()
_RULES: FileCache[Rules] = FileCache()
_BIBLIOGRAPHIES: FileCache[tuple[Bibliography | list[Problem], list[Problem]]] = FileCache()
_PAGES: FileCache[tuple[PageRecord | None, list[Problem]]] = FileCache()
_GLOSSARIES: FileCache[tuple[dict[str, Entry], list[Problem]]] = FileCache()
CACHES = (_RULES, _BIBLIOGRAPHIES, _PAGES, _GLOSSARIES)


def _load_bibliography(root: Path) -> tuple[Bibliography | list[Problem], list[Problem]]:
    """``references.yml`` loaded (or its problems), and its placeholder problems."""
    text = read_source(root / "references.yml", "references.yml", MAX_BIBLIOGRAPHY_BYTES)
    if not isinstance(text, str):
        return [text], []
    loaded = load_bibliography(text, "references.yml")
    if isinstance(loaded, Bibliography):
        loaded = replace(loaded, cache=root / CACHE_FILE)
    return loaded, placeholder_problems("references.yml", text)


def _read_page(path: Path, shown: str, relative: str, today: dt.date,
               rules: Rules) -> tuple[PageRecord | None, list[Problem]]:
    """One page read, parsed and checked on its own (nothing here looks at other files)."""
    text = read_source(path, shown)
    if isinstance(text, Problem):
        return None, [text]
    problems = placeholder_problems(shown, text)
    return _load_page(shown, relative, text, today, rules, problems), problems


def _load_glossary(root: Path, rules: Rules) -> tuple[dict[str, Entry], list[Problem]]:
    """The glossary with its own problems and the language rules applied to its prose."""
    glossary, problems = load_glossary(root / "glossary", root)
    problems = list(problems)
    for entry in glossary.values():
        for name in ("definition", "clinical_note"):
            value = getattr(entry.term, name)
            if value:
                problems.extend(language_problems(rules, entry.file, value, entry.lines.get(name, 1)))
    return glossary, problems


def _letter_uses(pages: dict[str, PageRecord], shortcode: str,
                 argument: Callable[[tuple[str, ...]], Part | None]
                 ) -> tuple[list[LetterUse], list[Problem]]:
    """Every A-Z index (``<!-- kb:glossary -->``) and letter page (``<!-- kb:glossary letter=x
    -->``) of one shortcode; ``argument`` reads the letter (ValueError: neither)."""
    uses, problems = [], []
    for path, record in sorted(pages.items()):
        page = record.page
        for use in shortcode_uses(page.body, page.body_line, shortcode):
            try:
                part = argument(use.args)
                uses.append(LetterUse(path, page.path, use.line, part and part.letter,
                                      part.number if part else 1))
            except ValueError as error:
                problems.append(Problem(page.path, use.line, str(error),
                                        f"write <!-- kb:{shortcode} --> (the index) or "
                                        f"<!-- kb:{shortcode} letter=n --> (a letter page; its part 2: "
                                        f"letter=n part=2)"))
    return uses, problems


def _instrument_use_problems(pages: dict[str, PageRecord],
                             instruments: dict[str, LoadedInstrument]) -> list[Problem]:
    """Each ``<!-- kb:instrument ID -->`` names one instrument of ``instruments/``."""
    problems = []
    for record in pages.values():
        page = record.page
        for use in shortcode_uses(page.body, page.body_line, "instrument"):
            if len(use.args) != 1 or use.args[0] not in instruments:
                problems.append(Problem(page.path, use.line, f"unknown instrument '{' '.join(use.args)}'",
                                        "write <!-- kb:instrument ID --> with one of: "
                                        + ", ".join(sorted(instruments))))
    return problems


def _with_generated_keys(pages: dict[str, PageRecord], facts: dict[str, LoadedFact],
                         corrections: list[LoggedCorrection]) -> dict[str, PageRecord]:
    """Count the sources that shortcodes cite as the page's own: key facts, the quick reference
    (every fact) and the corrections log (every correction)."""
    updated = {}
    for path, record in pages.items():
        keys = {facts[use.id].fact.source for use in record.facts if use.id in facts}
        if "<!-- kb:quick-reference -->" in record.page.body:
            keys |= {loaded.fact.source for loaded in facts.values()}
        if "<!-- kb:corrections -->" in record.page.body:
            keys |= {key for entry in corrections for key in entry.correction.sources}
        updated[path] = replace(record, generated_keys=frozenset(keys)) if keys else record
    return updated


def _load_page(file: str, docs_path: str, text: str, today: dt.date, rules: Rules,
               problems: list[Problem]) -> PageRecord | None:
    parsed = parse_page(file, text, today)
    if isinstance(parsed, list):
        problems.extend(parsed)
        return None
    groups, citation_problems = parse_citations(parsed.body, file, parsed.body_line)
    problems.extend(citation_problems)
    problems.extend(key_points_problems(parsed))
    problems.extend(modality_section_problems(parsed))
    problems.extend(shortcode_problems(parsed, SHORTCODES, SHORTCODES_WITH_ARGUMENTS))
    problems.extend(dose_problems(parsed))
    problems.extend(emergency_problems(parsed, docs_path))
    problems.extend(raw_html_problems(file, parsed.body, parsed.body_line))
    readable = prose(parsed.body)
    problems.extend(language_problems(rules, file, parsed.body, parsed.body_line,
                                      frozenset(parsed.meta.allow_terms), readable))
    problems.extend(claim_problems(rules, file, parsed.body, parsed.body_line, readable))
    return PageRecord(parsed, groups, tuple(fact_uses(parsed.body, parsed.body_line)),
                      anchors=frozenset(anchors(parsed.body)))


def _citation_problems(pages: dict[str, PageRecord], bibliography: Bibliography) -> list[Problem]:
    problems = []
    for record in pages.values():
        page = record.page
        for group in record.citations:
            for item in group.items:
                if item.key not in bibliography.entries:
                    problems.append(Problem(page.path, group.line,
                                            f"unknown citation key '{item.key}'",
                                            "add the source to references.yml or correct the key"))
        if page.meta.evidence:
            for key in page.meta.evidence.sources:
                if key not in bibliography.entries:
                    problems.append(Problem(page.path, 1, f"evidence.sources: unknown key '{key}'",
                                            "add the source to references.yml or correct the key"))
        if page.meta.type in CITING_TYPES and not page.meta.stub and not record.citations:
            problems.append(Problem(page.path, page.body_line, "the page cites no sources",
                                    "support its statements with [@key] citations"))
    return problems


def _citing_pages(pages: dict[str, PageRecord]) -> dict[str, list[str]]:
    citing: dict[str, list[str]] = defaultdict(list)
    for path, record in sorted(pages.items()):
        for key in sorted(record.keys):
            citing[key].append(path)
    return dict(citing)


def readability_problems(site: Site) -> list[Problem]:
    """Content pages whose body text reads above the grade budget."""
    found = []
    for record in site.pages.values():
        if record.page.meta.type in CITING_TYPES and not record.page.meta.stub:
            problem = readability_problem(record.page.path, record.page.body, record.page.body_line)
            if problem:
                found.append(problem)
    return found
