"""The scaffolds create files that pass validation, and refuse existing or malformed names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from devtools.scaffold import create_page, create_reference, create_term, ensure_letter_page
from kb.glossary.terms import Entry, load_term
from kb.pages.frontmatter import ParsedPage, parse_page

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("kind", ["topic", "modality"])
def test_new_page_is_valid(tmp_path: Path, kind: str) -> None:
    created = create_page(tmp_path, "treatment/example", "Example", kind, TODAY)
    assert created == tmp_path / "treatment" / "example.md"
    parsed = parse_page("x.md", created.read_text(), TODAY)
    assert isinstance(parsed, ParsedPage)
    assert parsed.meta.type.value == kind
    assert ('!!! abstract "Key points"' in parsed.body) and ("## What the evidence shows" in
                                                            parsed.body) == (kind == "modality")


def test_new_page_refuses_existing_and_malformed(tmp_path: Path) -> None:
    create_page(tmp_path, "help/example", "Example", "topic", TODAY)
    with pytest.raises(FileExistsError):
        create_page(tmp_path, "help/example", "Again", "topic", TODAY)
    with pytest.raises(ValueError, match="is not SECTION/SLUG"):
        create_page(tmp_path, "Help/Bad Name", "X", "topic", TODAY)


def test_new_term_is_valid_and_refuses_duplicates(tmp_path: Path) -> None:
    created = create_term(tmp_path, "naloxone", "Naloxone", "medication", "who-overdose")
    entry = load_term("naloxone", created.read_text(), "glossary/naloxone.yml")
    assert isinstance(entry, Entry) and entry.term.sources == ["who-overdose"]
    with pytest.raises(FileExistsError):
        create_term(tmp_path, "naloxone", "Naloxone", "medication", "x")
    with pytest.raises(ValueError, match="category must be one of"):
        create_term(tmp_path, "other", "Other", "drugs", "x")


def test_new_term_creates_its_letter_page_once(tmp_path: Path) -> None:
    created = ensure_letter_page(tmp_path, "Naloxone", TODAY)
    assert created == tmp_path / "glossary" / "n.md"
    parsed = parse_page("docs/glossary/n.md", created.read_text(), TODAY)
    assert not isinstance(parsed, list) and parsed.meta.title == "Glossary: N"
    assert "<!-- kb:glossary letter=n -->" in parsed.body
    assert ensure_letter_page(tmp_path, "nalmefene", TODAY) is None
    assert ensure_letter_page(tmp_path, "6-MAM", TODAY) == tmp_path / "glossary" / "0-9.md"


def test_new_reference_appends_and_refuses_duplicates(tmp_path: Path) -> None:
    references = tmp_path / "references.yml"
    references.write_text("- id: existing\n  type: report\n")
    create_reference(references, "smith-topic-2024", "report", "A title", TODAY)
    entries = yaml.safe_load(references.read_text())
    assert [e["id"] for e in entries] == ["existing", "smith-topic-2024"]
    assert entries[1]["publisher"].startswith("Replace")
    with pytest.raises(FileExistsError):
        create_reference(references, "existing", "report", "", TODAY)


def test_pages_that_need_the_emergency_box_get_it(tmp_path: Path) -> None:
    help_page = create_page(tmp_path, "help/example", "Example", "topic", TODAY).read_text()
    other = create_page(tmp_path, "heroin/example", "Example", "topic", TODAY).read_text()
    assert "<!-- kb:emergency -->" in help_page and "<!-- kb:emergency -->" not in other
