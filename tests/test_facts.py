"""Key facts: numbers must come from the quote, shortcodes render the statement with its citation,
the quote rides in the citation's tooltip, and the quick reference lists every fact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import html

from conftest import ROOT
from kb.core.citations import parse_citations
from kb.facts.registry import Fact, LoadedFact, fact_uses, load_facts, missing_numbers, numbers_in
from kb.facts.render import render_fact, render_quick_reference
from kb.pages.doses import DOSE_RE, normalise_dose

QUOTE = ("An opioid-free interval of a minimum of 7-10 days is recommended for patients previously "
         "dependent on short-acting opioids.")


def fact(**changes: object) -> LoadedFact:
    fields: dict[str, object] = {
        "id": "naltrexone-interval", "statement": "Wait 7 to 10 days after heroin.",
        "clinician": "A minimum opioid-free interval of 7–10 days.", "source": "vivitrol-label",
        "locator": "Section 2.1", "quote": QUOTE, "reviewed": dt.date(2026, 11, 30)}
    fields.update(changes)
    return LoadedFact(Fact.model_validate(fields), "Naltrexone", "facts/naltrexone.yml", 3)


@pytest.mark.parametrize(("text", "numbers"), [
    ("7 to 10 days", {"7", "10"}), ("7–10 days", {"7", "10"}), ("two weeks", {"2"}),
    ("1,000 people", {"1000"}), ("0.4 mg", {"0.4"}), ("Seven to ten days", {"7", "10"})])
def test_numbers_are_normalised(text: str, numbers: set[str]) -> None:
    assert numbers_in(text) == numbers


def test_a_number_missing_from_the_quote_is_named() -> None:
    assert missing_numbers("Wait 7 to 14 days.", QUOTE) == ["14"]
    assert missing_numbers("Wait seven to ten days.", QUOTE) == []


def test_a_fact_renders_its_statement_then_a_citation_with_locator() -> None:
    text = render_fact(fact())
    assert text.startswith("Wait 7 to 10 days after heroin. ")
    groups, problems = parse_citations(text, "page.md")
    assert problems == [] and [(i.key, i.locator) for g in groups for i in g.items] == [
        ("vivitrol-label", "Section 2.1")]
    assert render_fact(fact(), clinician=True).startswith("A minimum opioid-free interval")


def test_shortcode_uses_are_found_with_lines() -> None:
    body = "One.\n\n- <!-- kb:fact a-fact -->\n  <!-- kb:fact b-fact clinician -->\n"
    assert [(u.id, u.variant, u.line) for u in fact_uses(body, 10)] == [
        ("a-fact", None, 12), ("b-fact", "clinician", 13)]


def test_quick_reference_lists_quote_source_date_and_pages() -> None:
    text = render_quick_reference({"naltrexone-interval": fact()},
                                  {"naltrexone-interval": ["treatment/naltrexone.md"]},
                                  {"treatment/naltrexone.md": ("../treatment/naltrexone.md", "Naltrexone")})
    assert "## Naltrexone" in text and QUOTE in text and "2026-11-30" in text
    assert "[@vivitrol-label, Section 2.1]" in text and "[Naltrexone](../treatment/naltrexone.md)" in text
    # Light markup: the address on the statement, the quote without an inner paragraph, no wrappers.
    assert "{: #fact-naltrexone-interval .kb-fact }" in text and '<blockquote markdown="span">' in text
    assert "<div" not in text and "**" not in text and "`" not in text


@pytest.mark.parametrize(("text", "dose"), [("take 16 mg daily", "16mg"), ("2–6 mg", "2-6mg"),
                                            ("0.4mg", "0.4mg"), ("4 mL", "4ml"), ("8 µg", "8µg")])
def test_doses_are_found_and_normalised(text: str, dose: str) -> None:
    match = DOSE_RE.search(text)
    assert match is not None and normalise_dose(match.group(0)) == dose


def test_words_that_only_contain_units_are_not_doses() -> None:
    assert DOSE_RE.search("in 2 mgmt meetings, html5 and 3 milligrams") is None


@pytest.mark.site
def test_fact_citations_carry_the_quote_in_their_tooltip(built_site: Path) -> None:
    page = html.parse(str(built_site / "treatment" / "medications" / "naltrexone" / "index.html"))
    titles = [a.get("title", "") for a in page.xpath("//sup[@class='kb-cite']/a")]
    assert any(title.startswith("Source: \u201c") for title in titles)
    assert "<!--kb-fact:" not in (built_site / "treatment" / "medications" / "naltrexone" /
                                  "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_quick_reference_is_built_and_searchable(built_site: Path) -> None:
    page = html.parse(str(built_site / "about" / "quick-reference" / "index.html"))
    facts = fact_blocks(page)
    assert len(facts) >= 40 and all(any(e.tag == "blockquote" for e in f) for f in facts.values())
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("about/quick-reference/") for doc in index["docs"])



# Elements per fact on the quick reference: 12.2 with a <div> around each, a <strong> statement,
# an <em> label, a paragraph inside the quote and the id in <code> (1,353 on the page); 7.5 now.
QUICK_REFERENCE_ELEMENTS_PER_FACT = 8.5


def fact_blocks(page: html.HtmlElement) -> dict[str, list[html.HtmlElement]]:
    """Each fact on the quick reference by id: its statement paragraph (``#fact-<id>``) and the
    elements after it up to its small print (``kb-fact__meta``)."""
    blocks = {}
    for statement in page.xpath("//p[contains(@class, 'kb-fact') and starts-with(@id, 'fact-')]"):
        block = [statement]
        for element in statement.itersiblings():
            block.append(element)
            if "kb-fact__meta" in (element.get("class") or ""):
                break
        blocks[statement.get("id").removeprefix("fact-")] = block
    return blocks


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.site
def test_quick_reference_shows_every_fact_with_its_quote_source_and_date(built_site: Path) -> None:
    """Every fact of facts/*.yml, whole and as text (so the browser's find reaches all of it):
    statement, clinician wording, the verbatim quote in a <blockquote>, a citation mark to its
    source in the page's reference list, the review date; at its old address #fact-<id>."""
    facts, problems, _ = load_facts(ROOT / "facts", ROOT)
    assert not problems
    page = html.parse(str(built_site / "about" / "quick-reference" / "index.html"))
    listed = set(page.xpath("//ol[@class='kb-references']/li/@id"))
    blocks = fact_blocks(page)
    assert sorted(blocks) == sorted(facts)
    for fact_id, loaded in facts.items():
        fact, block = loaded.fact, blocks[fact_id]
        assert [e.tag for e in block[:1]] + [e.tag for e in block[-2:]] == ["p", "blockquote", "p"], fact_id
        text = _words(" ".join(e.text_content() for e in block))
        assert _words(fact.statement) in _words(block[0].text_content()), fact_id
        assert not fact.clinician or _words(fact.clinician) in text, fact_id
        assert [_words(e.text_content()) for e in block if e.tag == "blockquote"] == [
            f"\u201c{_words(fact.quote)}\u201d"], fact_id
        assert f"reviewed {fact.reviewed.isoformat()}" in _words(block[-1].text_content()), fact_id
        assert block[0].xpath(".//sup[@class='kb-cite']/a/@href") == [f"#ref-{fact.source}"], fact_id
        assert f"ref-{fact.source}" in listed and _words(fact.locator) in text, fact_id


@pytest.mark.site
def test_quick_reference_markup_is_light(built_site: Path) -> None:
    """A phone styles and lays out every element, several times over as Material's script sets up
    (BENCHMARKS.md, quick reference): a fact is a few blocks, not a nest of inline wrappers."""
    page = html.parse(str(built_site / "about" / "quick-reference" / "index.html"))
    blocks = fact_blocks(page).values()
    per_fact = sum(len(element.xpath("descendant-or-self::*")) for block in blocks
                   for element in block) / len(blocks)
    assert per_fact <= QUICK_REFERENCE_ELEMENTS_PER_FACT, f"{per_fact:.1f} elements per fact"
