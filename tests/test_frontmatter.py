"""Unit tests of the front-matter model: valid pages and each kind of invalid input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kb.pages.frontmatter import PageType, ParsedPage, json_schema, parse_page

TODAY = dt.date(2026, 11, 26)


def page(front: str, body: str = "# Title\n") -> str:
    return f"---\n{front}---\n{body}"


BASE = ("title: Example\ndescription: A description long enough for the model.\n"
        "audience: [general]\nreviewed: 2026-11-01\n")


def messages(text: str) -> list[str]:
    result = parse_page("docs/x.md", text, TODAY)
    assert isinstance(result, list), "expected problems"
    return [str(p) for p in result]


def test_valid_page_parses_with_body_line() -> None:
    result = parse_page("docs/x.md", page(BASE, "# Title\nText\n"), TODAY)
    assert isinstance(result, ParsedPage)
    assert result.meta.type is PageType.TOPIC
    assert result.body_line == 7
    assert result.body.startswith("# Title")


def test_missing_front_matter() -> None:
    assert messages("# Title\n") == [
        "docs/x.md:1: missing front matter. Fix: start the file with a '---' line, YAML fields, "
        "and a closing '---' line (see docs/about/contributing.md)"]


def test_unknown_field_names_its_line() -> None:
    assert messages(page(BASE + "colour: blue\n")) == [
        "docs/x.md:6: colour: unknown field. Fix: remove 'colour' or correct its spelling"]


def test_missing_required_field() -> None:
    text = page("title: Example\naudience: [general]\nreviewed: 2026-11-01\n")
    assert messages(text) == [
        "docs/x.md:1: description: required field is missing. Fix: add 'description'"]


def test_bad_date() -> None:
    text = page(BASE.replace("2026-11-01", "'1 Nov 2026'"))
    assert messages(text) == [
        "docs/x.md:5: reviewed: must be a date written as YYYY-MM-DD, e.g. "
        "2026-11-26. Fix: correct 'reviewed'"]


def test_future_date() -> None:
    text = page(BASE.replace("2026-11-01", "2027-01-01"))
    assert messages(text) == [
        "docs/x.md:5: reviewed: 2027-01-01 is in the future. Fix: use the date a person last "
        "checked the page against its sources"]


def test_description_too_long() -> None:
    text = page(BASE.replace("A description long enough for the model.", "x" * 161))
    assert messages(text) == [
        "docs/x.md:3: description: String should have at most 160 characters. "
        "Fix: correct 'description'"]


def test_malformed_yaml_reports_line() -> None:
    text = page(BASE + "tags: [a, b\n")
    assert messages(text) == [
        "docs/x.md:6: malformed YAML: did not find expected ',' or ']'. "
        "Fix: check indentation, colons and quotes on this line"]


def test_evidence_required_on_modality() -> None:
    assert messages(page(BASE + "type: modality\n")) == [
        "docs/x.md:6: evidence: required on a treatment modality page. "
        "Fix: add an 'evidence' block with rating, summary and sources"]


def test_evidence_forbidden_elsewhere() -> None:
    evidence = ("evidence:\n  rating: strong\n  summary: Several good trials agree on this.\n"
                "  sources: [a-key]\n")
    assert messages(page(BASE + evidence)) == [
        "docs/x.md:6: evidence: only treatment modality pages carry an evidence block. "
        "Fix: remove it, or set 'type: modality' if this page is a modality"]


def test_unknown_rating() -> None:
    evidence = ("type: modality\nevidence:\n  rating: great\n  summary: Several good trials "
                "agree on this.\n  sources: [a-key]\n")
    (message,) = messages(page(BASE + evidence))
    assert message.startswith("docs/x.md:7: evidence.rating: Input should be 'strong', 'moderate'")


def test_schema_is_valid_json_with_required_fields() -> None:
    schema = json.loads(json_schema())
    assert set(schema["required"]) == {"title", "description", "audience", "reviewed"}
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("audience", ["[]", "[everyone]"])
def test_bad_audience(audience: str) -> None:
    assert messages(page(BASE.replace("[general]", audience)))[0].startswith("docs/x.md:4: audience")


def test_committed_schemas_are_current() -> None:
    """schemas/ is what `make schema` writes, so editors validate against the real model."""
    from conftest import ROOT
    from kb.glossary.terms import term_json_schema

    assert (ROOT / "schemas" / "page.schema.json").read_text() == json_schema()
    assert (ROOT / "schemas" / "glossary-term.schema.json").read_text() == term_json_schema()
