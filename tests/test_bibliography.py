"""Unit tests of bibliography validation and AMA formatting."""

from __future__ import annotations

import textwrap
from pathlib import Path

from kb.bibliography.references import Bibliography, format_ama, load_bibliography

ARTICLE = textwrap.dedent("""\
    - id: mattick-bup-2014
      type: article-journal
      title: Buprenorphine maintenance versus placebo or methadone maintenance for opioid dependence
      author:
        - {family: Mattick, given: Richard P}
        - {family: Breen, given: Courtney}
      issued: {date-parts: [[2014]]}
      container-title: Cochrane Database of Systematic Reviews
      issue: "2"
      page: CD002207
      DOI: 10.1002/14651858.CD002207.pub4
    """)


def problems_of(text: str) -> list[str]:
    result = load_bibliography(text)
    assert isinstance(result, list), "expected problems"
    return [str(p) for p in result]


def test_valid_article_formats_in_ama_with_doi_link() -> None:
    bibliography = load_bibliography(ARTICLE)
    assert isinstance(bibliography, Bibliography)
    text = bibliography.formatted["mattick-bup-2014"]
    assert text.startswith("Mattick RP, Breen C. Buprenorphine maintenance")
    assert "<i>Cochrane Database of Systematic Reviews</i>. 2014;(2):CD002207." in text
    assert 'doi:<a href="https://doi.org/10.1002/14651858.CD002207.pub4">' in text
    assert bibliography.plain["mattick-bup-2014"].endswith("doi:10.1002/14651858.CD002207.pub4")


def test_duplicate_ids() -> None:
    assert problems_of(ARTICLE + ARTICLE) == [
        "references.yml:12: duplicate id 'mattick-bup-2014' (first at line 1). "
        "Fix: give each entry a unique id"]


def test_malformed_doi() -> None:
    text = ARTICLE.replace("DOI: 10.1002/", "DOI: https://doi.org/10.1002/")
    assert problems_of(text) == [
        "references.yml:11: mattick-bup-2014: DOI: 'https://doi.org/10.1002/14651858"
        ".CD002207.pub4' is not a DOI like 10.1002/14651858.CD002207.pub4 (no https://doi.org/ "
        "prefix). Fix: correct 'DOI'"]


def test_http_url_is_rejected() -> None:
    text = ARTICLE + "  URL: http://example.org/x\n  accessed: {date-parts: [[2026, 11, 26]]}\n"
    assert problems_of(text) == [
        "references.yml:12: mattick-bup-2014: URL: 'http://example.org/x' is not an "
        "https URL. Fix: correct 'URL'"]


def test_required_fields_by_type() -> None:
    text = ARTICLE.replace("  container-title: Cochrane Database of Systematic Reviews\n", "")
    assert problems_of(text) == [
        "references.yml:1: mattick-bup-2014: a article-journal needs container-title. "
        "Fix: add or correct that field"]


def test_url_needs_accessed_date() -> None:
    text = ARTICLE + "  URL: https://example.org/x\n"
    assert problems_of(text)[0].endswith(
        "an entry with a URL needs 'accessed' (the date you read it). Fix: add or correct that field")


def test_unknown_field() -> None:
    assert problems_of(ARTICLE + "  journal: X\n") == [
        "references.yml:12: mattick-bup-2014: journal: unknown field. "
        "Fix: remove 'journal' or correct its spelling"]


def test_not_a_list() -> None:
    assert problems_of("id: x\n") == [
        "references.yml:1: the bibliography must be a YAML list of CSL entries. "
        "Fix: start each entry with '- id: key'"]


def test_memoized_xpath_formats_exactly_as_citeproc() -> None:
    """format_ama evaluates each XPath expression on each style element once: every entry of the
    real bibliography must come out as citeproc-py formats it without that, and citeproc-py's
    own method must be back afterwards."""
    from citeproc.model import CitationStylesElement


    original = CitationStylesElement.xpath_search
    root = Path(__file__).resolve().parents[1]
    bibliography = load_bibliography((root / "references.yml").read_text(encoding="utf-8"))
    assert not isinstance(bibliography, list)
    entries = list(bibliography.entries.values())
    assert format_ama(entries) == format_ama(entries, memoize=False)
    assert CitationStylesElement.xpath_search is original
