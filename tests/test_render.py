"""Unit tests of page rendering: evidence box, comparison table, citations, emergency box."""

from __future__ import annotations

from pathlib import Path

from conftest import VALID_PAGE
from kb.build.render import emergency_box, render_page
from kb.build.site import load_site
from kb.core.urls import page_url, relative_url
from kb.pages.pagerules import MODALITY_SECTIONS

MODALITY = VALID_PAGE.replace("type: topic", (
    "type: modality\nevidence:\n  rating: not-recommended\n"
    "  summary: Trials found no benefit and serious harms.\n  sources: [nida-heroin]")) + "".join(
    f"\n## {heading}\n\nText.\n" for heading in MODALITY_SECTIONS)


def test_urls() -> None:
    assert page_url("index.md") == ""
    assert page_url("heroin/index.md") == "heroin/"
    assert page_url("treatment/detoxification/urod.md") == "treatment/detoxification/urod/"
    assert relative_url("about/evidence-ratings/", "treatment/detoxification/urod/") == (
        "../../../about/evidence-ratings/")
    assert relative_url("", "references/") == "../"
    assert relative_url("glossary/", "") == "glossary/"


def test_modality_page_gets_badge_citations_and_reference_list(project: Path) -> None:
    (project / "docs" / "treatment").mkdir()
    (project / "docs" / "treatment" / "urod.md").write_text(MODALITY)
    site = load_site(project)
    body = site.pages["treatment/urod.md"].page.body
    html = render_page(site, "treatment/urod.md", body)
    assert ('<a class="kb-badge kb-badge--not-recommended" '
            'href="../about/evidence-ratings.md#not-recommended">Not recommended</a>') in html
    assert html.index("kb-evidence") < html.index("Key points")
    assert 'aria-label="Reference 1">1</a>&#93;</sup>' in html
    assert '<li id="ref-nida-heroin">National Institute on Drug Abuse.' in html
    # Source-relative, which every engine resolves (kb.build.extension does it for MkDocs).
    # The full record on the letter page of the first author (National Institute on Drug Abuse).
    assert 'href="../references/n.md#nida-heroin">Full record</a>' in html


def test_evidence_table_lists_every_modality(project: Path) -> None:
    (project / "docs" / "urod.md").write_text(MODALITY)
    (project / "docs" / "example.md").write_text(VALID_PAGE + "\n<!-- kb:evidence-table -->\n")
    site = load_site(project)
    html = render_page(site, "example.md", site.pages["example.md"].page.body)
    assert "| [Example topic](urod.md) | A page used by the tests" in html
    assert "kb-badge--not-recommended" in html
    assert "Trials found no benefit and serious harms." in html


def test_emergency_box_links_relative_to_the_page() -> None:
    box = emergency_box("treatment/detoxification/urod.md")
    assert box.startswith('!!! danger kb-emergency "Emergency: someone may be overdosing"')
    assert "(../../health-effects/overdose.md)" in box and "(../../help/index.md)" in box


def test_citations_found_by_the_load_are_those_a_new_parse_finds() -> None:
    """render_page reuses the load's citations when the text is the page's body (MkDocs drops
    the blank lines before it): on every page of the site they must be exactly those a parse of
    that text finds, spans and lines included; on any other text there are none to reuse."""
    from kb.build.render import loaded_citations
    from kb.core.citations import parse_citations

    root = Path(__file__).resolve().parents[1]
    site = load_site(root, root / "docs")
    cited = 0
    for path, record in site.pages.items():
        text = record.page.body.lstrip("\n")
        groups = loaded_citations(record, text)
        assert groups == parse_citations(text, path)[0], path
        cited += bool(groups)
        assert loaded_citations(record, "x" + text) is None
        assert loaded_citations(record, text[:-1] + "y") is None if text else True
        assert loaded_citations(record, "\n" * 3 + record.page.body) is None
    assert cited > 40
