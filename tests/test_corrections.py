"""The corrections log: every entry rendered, newest first, linking to its page and citing its sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import html

from conftest import ROOT
from kb.corrections.log import Correction, LoggedCorrection, load_corrections, render_corrections


def entry(day: int, page: str = "a.md") -> LoggedCorrection:
    return LoggedCorrection(Correction.model_validate({
        "date": dt.date(2026, 11, day), "page": page, "kind": "rating-change",
        "was": "Rated strong.", "now": "Rated moderate.", "sources": ["key-one", "key-two"]}), day)


def test_newest_first_with_page_link_kind_and_citations() -> None:
    text = render_corrections([entry(1), entry(20, "b.md")],
                              {"a.md": ("a.md", "Page A"), "b.md": ("b.md", "Page B")})
    assert text.index("Page B") < text.index("Page A")
    assert "**2026-11-20 · [Page B](b.md)** · Rating change" in text
    assert "- **Now says:** Rated moderate. [@key-one; @key-two]" in text


def test_the_real_log_loads_without_problems() -> None:
    entries, problems = load_corrections(ROOT)
    assert problems == [] and len(entries) >= 40


@pytest.mark.site
def test_every_correction_is_on_the_page(built_site: Path) -> None:
    entries, _ = load_corrections(ROOT)
    page = html.parse(str(built_site / "about" / "corrections" / "index.html"))
    said = page.xpath("//article//li[strong[text()='Said:']]")
    assert len(said) == len(entries)
