"""The references' A-Z index and letter pages (kb.bibliography.pages on kb.core.letters)."""

from __future__ import annotations

from pathlib import Path

from kb.bibliography.pages import (
    by_letter,
    entry_pages,
    letter_page_problems,
    letter_page_text,
    render_index,
    render_letter,
    short_label,
)
from kb.bibliography.references import Reference
from kb.build.site import load_site
from kb.core.letters import LetterUse
from kb.core.problems import BuildFailed


def reference(key: str, author: dict[str, str], title: str = "A title", year: int = 2020,
              authors: int = 1) -> Reference:
    return Reference.model_validate({
        "id": key, "type": "report", "title": title, "author": [author] * authors,
        "issued": {"date-parts": [[year]]}, "publisher": "P"})


def sources() -> dict[str, Reference]:
    return {r.id: r for r in [
        reference("who-2023", {"literal": "World Health Organization"}, year=2023),
        reference("who-2014", {"literal": "World Health Organization"}, year=2014),
        reference("volkow-2016", {"family": "Volkow", "given": "N"}, authors=3,
                  title="Neurobiologic advances from the brain disease model of addiction, "
                        "a long title"),
        reference("ozkan-2019", {"family": "Özkan", "given": "A"}),
    ]}


def test_sources_go_under_the_letter_of_their_first_author_or_organisation() -> None:
    groups = by_letter(sources())
    assert {letter: [r.id for r in group] for letter, group in groups.items()} == {
        "o": ["ozkan-2019"], "v": ["volkow-2016"], "w": ["who-2023", "who-2014"]}
    assert entry_pages(sources())["ozkan-2019"] == "references/o.md"  # the accent dropped


def test_the_index_label_is_short() -> None:
    assert short_label(sources()["volkow-2016"]) == (
        "Volkow et al, 2020. Neurobiologic advances from the brain disease model of\u2026")
    assert short_label(sources()["who-2014"]) == "World Health Organization, 2014. A title"


def test_index_keeps_every_key_and_links_each_to_its_letter_page() -> None:
    html = render_index(sources())
    assert html.count("<li id=") == 4
    assert '<li id="who-2014"><a href="w.md#who-2014">World Health Organization, 2014.' in html
    assert '<a href="#letter-o">O</a>' in html and "data-kb-forward" in html
    assert "data-search-exclude" in html


def test_letter_page_has_full_entries_and_citing_pages_of_its_letter_only() -> None:
    formatted = {key: f"Formatted {key}." for key in sources()}
    html = render_letter(sources(), "w", formatted,
                         {"who-2023": (['<a href="../x.md">X</a>'], ['<a href="g">Glossary: G</a>'])})
    assert html.index('id="who-2023"') < html.index('id="who-2014"') and "volkow" not in html
    assert ("Cited on 1 page and 1 glossary term: <a href=\"../x.md\">X</a>, "
            '<a href="g">Glossary: G</a>') in html
    assert '<a href="v.md" rel="prev">Previous: V</a>' in html and 'rel="next"' not in html
    assert '<a href="index.md">All sources</a>' in html


def test_letter_pages_must_match_the_sources() -> None:
    lines = {"who-2023": 40, "volkow-2016": 10, "ozkan-2019": 20, "who-2014": 30}
    uses = [LetterUse("references/o.md", "docs/references/o.md", 15, "o"),
            LetterUse("references/v.md", "docs/references/v.md", 15, "v"),
            LetterUse("references/q.md", "docs/references/q.md", 15, "q")]
    found = [str(p) for p in letter_page_problems(sources(), lines, "references.yml", uses)]
    assert found == [
        "references.yml:40: no page for the sources under W (who-2023, who-2014). Fix: create "
        "docs/references/w.md (`make letter-page KIND=references LETTER=w` does) with front matter "
        "like another letter page's, '# References: W' and <!-- kb:references letter=w -->",
        "docs/references/q.md:15: no source starts with Q. "
        "Fix: delete docs/references/q.md (it would be an empty page)"]


def test_a_source_without_its_letter_page_fails_the_build(project: Path) -> None:
    """Once the site has a references page, every letter with sources needs its page."""
    (project / "docs" / "references").mkdir()
    (project / "docs" / "references" / "index.md").write_text(
        letter_page_text("n", "2026-11-30").replace(" letter=n", "").replace("References: N",
                                                                            "References"))
    try:
        load_site(project)
    except BuildFailed as error:
        assert "references.yml:1: no page for the sources under N (nida-heroin)" in str(error)
    else:
        raise AssertionError("the build passed without docs/references/n.md")
    (project / "docs" / "references" / "n.md").write_text(letter_page_text("n", "2026-11-30"))
    assert "nida-heroin" in load_site(project).bibliography.entries


def test_a_hand_written_link_to_the_index_names_the_letter_page(project: Path) -> None:
    (project / "docs" / "references").mkdir()
    (project / "docs" / "references" / "index.md").write_text(
        letter_page_text("n", "2026-11-30").replace(" letter=n", "").replace("References: N",
                                                                            "References"))
    (project / "docs" / "references" / "n.md").write_text(letter_page_text("n", "2026-11-30"))
    page = project / "docs" / "example.md"
    page.write_text(page.read_text() + "\nSee [the report](references/index.md#nida-heroin).\n")
    try:
        load_site(project)
    except BuildFailed as error:
        assert ("#nida-heroin on docs/references/index.md only forwards to docs/references/n.md. "
                "Fix: link to the entry itself: references/n.md#nida-heroin") in str(error)
    else:
        raise AssertionError("the build passed with a link to the index")


def test_the_grouping_is_kept_only_for_the_same_entries() -> None:
    """by_letter keeps its last answer (one sort per build, not one per letter page): asked again
    with the same entry objects it is the same answer; with other entries, or the same ones in
    another dict with one more, it is grouped anew."""
    entries = sources()
    first = by_letter(entries)
    assert by_letter(dict(entries)) is first  # same entries, same order: kept
    more = {**entries, "adams-2021": reference("adams-2021", {"family": "Adams", "given": "B"})}
    assert list(by_letter(more)) == ["a", "o", "v", "w"]
    fresh = sources()  # equal content, new objects: grouped again, to the same result
    again = by_letter(fresh)
    assert again is not first
    assert {k: [r.id for r in v] for k, v in again.items()} == {
        k: [r.id for r in v] for k, v in first.items()}
    assert by_letter({}) == {}
