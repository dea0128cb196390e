"""Unit tests of glossary validation, rendering and exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kb.core.letters import letter_of
from kb.glossary.exports import glossary_csv, glossary_jsonld
from kb.glossary.pages import (
    GlossaryUse,
    by_letter,
    letter_argument,
    letter_page_problems,
    letter_page_text,
    render_index,
    render_letter,
)
from kb.glossary.terms import Entry, cross_reference_problems, load_glossary, load_term

TERM = ("term: Naloxone\naliases: [Narcan]\ncategory: medication\n"
        "definition: A medicine that reverses an opioid overdose for a short time.\n"
        "codes: {mesh: D009270}\nsources: [who-overdose]\n")


def problems(text: str) -> list[str]:
    result = load_term("naloxone", text, "glossary/naloxone.yml")
    assert isinstance(result, list), "expected problems"
    return [str(p) for p in result]


def entry(slug: str, text: str) -> Entry:
    result = load_term(slug, text, f"glossary/{slug}.yml")
    assert isinstance(result, Entry)
    return result


def test_malformed_yaml_has_line() -> None:
    assert problems(TERM + "see_also: [a\n") == [
        "glossary/naloxone.yml:7: malformed YAML: did not find expected ',' or ']'. "
        "Fix: check indentation, colons and quotes on this line"]


def test_unknown_field() -> None:
    assert problems(TERM + "synonyms: [x]\n") == [
        "glossary/naloxone.yml:7: synonyms: unknown field. "
        "Fix: remove 'synonyms' or correct its spelling"]


def test_missing_definition() -> None:
    text = TERM.replace("definition: A medicine that reverses an opioid overdose for a short time.\n", "")
    assert problems(text) == [
        "glossary/naloxone.yml:1: definition: required field is missing. Fix: add 'definition'"]


def test_unknown_category() -> None:
    (message,) = problems(TERM.replace("category: medication", "category: drugs"))
    assert message.startswith("glossary/naloxone.yml:3: category: Input should be 'substance', ")


@pytest.mark.parametrize(("system", "code"), [("icd10", "F1120"), ("icd10", "f11.20"),
                                               ("icd11", "6C43-2"), ("mesh", "D0092"),
                                               ("icd10cm", "F1120"), ("atc", "N07BC2"),
                                               ("atc", "n07bc02"), ("rxcui", "12a"), ("rxcui", "0")])
def test_code_formats(system: str, code: str) -> None:
    (message,) = problems(TERM.replace("{mesh: D009270}", f"{{{system}: '{code}'}}"))
    assert message.startswith(f"glossary/naloxone.yml:5: codes.{system}: String should match pattern")


@pytest.mark.parametrize(("system", "code"), [("icd10", "F11.20"), ("icd10", "F11"),
                                               ("icd11", "6C43.2"), ("icd11", "6C43"),
                                               ("mesh", "D006556"), ("icd10cm", "F11.20"),
                                               ("icd10cm", "T40.1X1A"), ("atc", "N07BC02"),
                                               ("rxcui", "6813")])
def test_valid_codes(system: str, code: str) -> None:
    entry("naloxone", TERM.replace("{mesh: D009270}", f"{{{system}: '{code}'}}"))


def test_duplicate_alias_across_files(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "naloxone.yml").write_text(TERM)
    (tmp_path / "glossary" / "narcan.yml").write_text(TERM.replace("term: Naloxone", "term: Narcan")
                                                      .replace("[Narcan]", "[]"))
    _, found = load_glossary(tmp_path / "glossary", tmp_path)
    assert [str(p) for p in found] == [
        "glossary/narcan.yml:1: term: 'Narcan' is already used by glossary/naloxone.yml. "
        "Fix: keep each name in one entry; link the two with see_also"]


def test_cross_references() -> None:
    text = TERM + "see_also: [missing-term]\npages: [nowhere.md]\n"
    entries = {"naloxone": entry("naloxone", text.replace("[who-overdose]", "[unknown-key]"))}
    assert [str(p) for p in cross_reference_problems(entries, {"a.md"}, {"who-overdose"})] == [
        "glossary/naloxone.yml:7: see_also: no glossary entry 'missing-term'. "
        "Fix: create glossary/missing-term.yml or remove it from see_also",
        "glossary/naloxone.yml:8: pages: no page 'docs/nowhere.md'. "
        "Fix: use a path relative to docs/, e.g. health-effects/overdose.md",
        "glossary/naloxone.yml:6: sources: unknown bibliography key 'unknown-key'. "
        "Fix: add the source to references.yml or correct the key",
    ]


def test_related_pages_exist_and_are_not_also_main_articles() -> None:
    text = TERM + "pages: [a.md]\nrelated: [a.md, nowhere.md]\n"
    entries = {"naloxone": entry("naloxone", text)}
    assert [str(p) for p in cross_reference_problems(entries, {"a.md"}, {"who-overdose"})] == [
        "glossary/naloxone.yml:8: related: no page 'docs/nowhere.md'. "
        "Fix: use a path relative to docs/, e.g. health-effects/overdose.md",
        "glossary/naloxone.yml:8: related: 'a.md' is also in pages. "
        "Fix: keep it in pages if part of it is about the term, else in related only",
    ]


def test_an_entry_links_its_main_articles_and_the_pages_that_mention_it_apart() -> None:
    entries = {"naloxone": entry("naloxone", TERM + "pages: [a.md]\nrelated: [b.md]\n")}
    links = {"a.md": ("../a.md", "Overdose"), "b.md": ("../b.md", "Signs")}
    html = render_letter(entries, "n", links)
    assert '<dt>Read more</dt>\n<dd><a href="../a.md">Overdose</a></dd>' in html
    assert '<dt>Also mentioned on</dt>\n<dd><a href="../b.md">Signs</a></dd>' in html


MORPHINE = ("term: Morphine\nabbreviation: MOR\ncategory: substance\n"
            "definition: An opioid medicine made from the opium poppy, used for severe pain.\n"
            "see_also: [naloxone]\nsources: [who-overdose]\n")


def two_letters() -> dict[str, Entry]:
    return {"naloxone": entry("naloxone", TERM + "see_also: [morphine]\n"),
            "morphine": entry("morphine", MORPHINE)}


def test_index_lists_every_term_with_its_id_and_links_to_its_letter_page() -> None:
    html = render_index(two_letters(), "../")
    assert '<a id="naloxone" data-category="medication" href="n.md#naloxone">Naloxone (Narcan' in html
    assert '<a id="morphine" data-category="substance" href="m.md#morphine">Morphine (MOR)</a>' in html
    assert "<li" not in html and "<small" not in html  # one element per term (style and layout cost)
    assert '<label for="kb-cat-medication">Medications</label>' in html
    assert '<a href="#letter-n">N</a>' in html and 'id="letter-m"' in html
    assert 'class="kb-glossary__terms" data-search-exclude' in html
    assert 'href="../glossary.json"' in html and 'href="../glossary.csv"' in html
    assert "[@" not in html  # definitions and their sources are on the letter pages


def test_letter_page_has_full_entries_of_its_letter_only() -> None:
    html = render_letter(two_letters(), "n", {})
    assert '<h2 id="naloxone">Naloxone</h2>' in html and 'id="morphine"' not in html
    assert "MeSH <code>D009270</code>" in html
    assert "[@who-overdose]" in html
    assert '<a href="m.md#morphine">Morphine</a>' in html  # see also, on another letter page
    assert '<strong aria-current="page">N</strong>' in html and '<a href="m.md">M</a>' in html
    assert '<a href="m.md" rel="prev">Previous: M</a>' in html and 'rel="next"' not in html
    assert '<a href="index.md">All terms</a>' in html
    assert '<a href="n.md#naloxone">Naloxone</a>' in render_letter(two_letters(), "m", {})


def test_letters() -> None:
    assert [letter_of(name) for name in ["naloxone", "Éther", "6-MAM", "'tranq'"]] == [
        "n", "e", "0-9", "0-9"]
    assert list(by_letter(two_letters())) == ["m", "n"]
    assert letter_argument([]) is None and letter_argument(["letter=0-9"]) == ("0-9", 1)
    with pytest.raises(ValueError, match="letter=x"):
        letter_argument(["letter=N"])
    assert "<!-- kb:glossary letter=n -->" in letter_page_text("n", "2026-11-30")


def test_letter_pages_must_match_the_terms() -> None:
    index = GlossaryUse("glossary/index.md", "docs/glossary/index.md", 10, None)
    n_page = GlossaryUse("glossary/n.md", "docs/glossary/n.md", 9, "n")
    q_page = GlossaryUse("glossary/q.md", "docs/glossary/q.md", 9, "q")
    misplaced = GlossaryUse("about/x.md", "docs/about/x.md", 12, "m")
    found = [str(p) for p in letter_page_problems(two_letters(), [index, n_page, q_page, misplaced])]
    assert found == [
        "docs/about/x.md:12: letter m belongs on docs/glossary/m.md, not docs/about/x.md. "
        "Fix: move this shortcode to docs/glossary/m.md",
        "glossary/morphine.yml:1: no page for the glossary terms under M (Morphine). "
        "Fix: create docs/glossary/m.md (`make new-term` does; `make letter-page KIND=glossary "
        "LETTER=m` for terms already there) with front matter like another "
        "letter page's, '# Glossary: M' and <!-- kb:glossary letter=m -->",
        "docs/glossary/q.md:9: no glossary term starts with Q. "
        "Fix: delete docs/glossary/q.md (it would be an empty page)"]
    assert letter_page_problems(two_letters(), []) == []  # a site without a glossary page


def test_exports_match_source() -> None:
    entries = {"naloxone": entry("naloxone", TERM)}
    document = json.loads(glossary_jsonld(entries, "https://example.org/glossary/"))
    assert document["@type"] == "DefinedTermSet"
    (term,) = document["hasDefinedTerm"]
    assert term["@id"] == "https://example.org/glossary/#naloxone"  # citable: the index
    assert term["url"] == "https://example.org/glossary/n/#naloxone"  # the entry
    assert term["name"] == "Naloxone" and term["alternateName"] == ["Narcan"]
    assert term["identifier"] == [{"@type": "PropertyValue", "propertyID": "MeSH", "value": "D009270"}]
    (row,) = csv.DictReader(io.StringIO(glossary_csv(entries, "https://example.org/glossary/")))
    assert row["slug"] == "naloxone" and row["mesh"] == "D009270" and row["aliases"] == "Narcan"
    assert row["url"] == "https://example.org/glossary/#naloxone"
    assert row["entry_url"] == "https://example.org/glossary/n/#naloxone"
