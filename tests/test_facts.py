"""Key facts: numbers must come from the quote, shortcodes render the statement with its citation,
the quote rides in the citation's tooltip, and the quick reference lists every fact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import html

from kb.core.citations import parse_citations
from kb.facts.registry import Fact, LoadedFact, fact_uses, missing_numbers, numbers_in
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
    facts = page.xpath("//div[contains(@class, 'kb-fact')]")
    assert len(facts) >= 40 and all(f.xpath(".//blockquote") for f in facts)
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("about/quick-reference/") for doc in index["docs"])
