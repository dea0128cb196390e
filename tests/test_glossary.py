"""Unit tests of glossary validation, rendering and exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kb.glossary.exports import glossary_csv, glossary_jsonld
from kb.glossary.terms import Entry, cross_reference_problems, load_glossary, load_term, render_glossary

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


def test_render_has_anchor_filter_and_citation() -> None:
    html = render_glossary({"naloxone": entry("naloxone", TERM)}, {}, "../")
    assert '<h3 id="naloxone">Naloxone</h3>' in html
    assert 'data-category="medication"' in html
    assert '<label for="kb-cat-medication">Medications</label>' in html
    assert '<a href="#letter-n">N</a>' in html
    assert "MeSH <code>D009270</code>" in html
    assert "[@who-overdose]" in html
    assert 'href="../glossary.json"' in html and 'href="../glossary.csv"' in html


def test_exports_match_source() -> None:
    entries = {"naloxone": entry("naloxone", TERM)}
    document = json.loads(glossary_jsonld(entries, "https://example.org/glossary/"))
    assert document["@type"] == "DefinedTermSet"
    (term,) = document["hasDefinedTerm"]
    assert term["@id"] == "https://example.org/glossary/#naloxone"
    assert term["name"] == "Naloxone" and term["alternateName"] == ["Narcan"]
    assert term["identifier"] == [{"@type": "PropertyValue", "propertyID": "MeSH", "value": "D009270"}]
    (row,) = csv.DictReader(io.StringIO(glossary_csv(entries)))
    assert row["slug"] == "naloxone" and row["mesh"] == "D009270" and row["aliases"] == "Narcan"
