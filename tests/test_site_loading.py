"""Unit tests of whole-site validation: cross-file errors are reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_PAGE, VALID_REFERENCES
from kb.build.site import load_site
from kb.core.problems import BuildFailed


def failure(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        load_site(project)
    return [str(p) for p in caught.value.problems]


def test_valid_project_loads(project: Path) -> None:
    site = load_site(project)
    assert list(site.pages) == ["example.md"]
    assert site.citing == {"nida-heroin": ["example.md"]}


def test_unknown_citation_key(project: Path) -> None:
    page = project / "docs" / "example.md"
    page.write_text(VALID_PAGE + "More [@nida-heroin; @no-such-key].\n")
    assert failure(project) == [
        "docs/example.md:18: unknown citation key 'no-such-key'. "
        "Fix: add the source to references.yml or correct the key"]


def test_unused_bibliography_entry(project: Path) -> None:
    extra = VALID_REFERENCES.replace("id: nida-heroin", "id: never-cited")
    (project / "references.yml").write_text(VALID_REFERENCES + extra)
    assert failure(project) == [
        "references.yml:8: entry 'never-cited' is not cited by any page or glossary term. "
        "Fix: cite it with [@never-cited] where it supports a statement, or remove it"]


def test_content_page_without_citations(project: Path) -> None:
    (project / "docs" / "other.md").write_text(VALID_PAGE.replace(" [@nida-heroin]", ""))
    assert failure(project) == [
        "docs/other.md:8: the page cites no sources. "
        "Fix: support its statements with [@key] citations"]


def test_missing_key_points(project: Path) -> None:
    text = VALID_PAGE.replace('!!! abstract "Key points"', '!!! note "Summary"')
    (project / "docs" / "example.md").write_text(text)
    assert failure(project) == [
        "docs/example.md:11: the page must open with a Key points admonition. Fix: after the "
        "title, add '!!! abstract \"Key points\"' with 3 to 5 indented bullets"]


def test_too_few_key_points(project: Path) -> None:
    (project / "docs" / "example.md").write_text(VALID_PAGE.replace("    - Three.\n", ""))
    assert failure(project) == [
        "docs/example.md:11: Key points has 2 bullets. Fix: write 3 to 5 plain-language bullets"]


def test_unknown_shortcode(project: Path) -> None:
    (project / "docs" / "example.md").write_text(VALID_PAGE + "<!-- kb:sparkles -->\n")
    assert failure(project) == [
        "docs/example.md:18: unknown shortcode 'kb:sparkles'. "
        "Fix: use one of: corrections, emergency, evidence-table, fact, glossary, instrument, "
        "quick-reference, references"]


def test_modality_sections_in_order(project: Path) -> None:
    text = VALID_PAGE.replace("type: topic", "type: modality\nevidence:\n  rating: limited\n"
                              "  summary: Small uncontrolled studies only.\n  sources: [nida-heroin]")
    (project / "docs" / "example.md").write_text(text + "## What it is\n\n## Where it fits\n")
    (message,) = failure(project)
    assert message.startswith("docs/example.md:22: treatment modality page: missing sections: "
                              "How it is meant to work, What happens,")


def test_all_problems_reported_together_sorted(project: Path) -> None:
    (project / "docs" / "b.md").write_text("no front matter\n")
    (project / "docs" / "a.md").write_text("also none\n")
    (project / "glossary" / "bad.yml").write_text("term: [\n")
    messages = failure(project)
    assert [m.split(":")[0] for m in messages] == ["docs/a.md", "docs/b.md", "glossary/bad.yml"]


def test_a_tag_on_two_pages(project: Path) -> None:
    """The same search tag on two pages ties them on every query with the word."""
    other = VALID_PAGE.replace("type: topic", "type: topic\ntags: [Naloxone, kit]")
    (project / "docs" / "other.md").write_text(other)
    example = project / "docs" / "example.md"
    example.write_text(VALID_PAGE.replace("type: topic", "type: topic\ntags: [naloxone]"))
    line = VALID_PAGE.split("\n").index("type: topic") + 2
    assert failure(project) == [
        f"docs/other.md:{line}: tag 'Naloxone' is also on example.md: the same tag on two pages "
        "ties them in search. Fix: keep it only on the page that best answers it and remove it from "
        "the other (ARCHITECTURE.md, Content model: one word goes on one page)"]


def test_search_keywords_add_the_names_of_the_pages_own_terms(project: Path) -> None:
    from kb.build.search import search_keywords

    site = load_site(project, project / "docs")
    keywords = search_keywords(["help"], site, frozenset({"heroin"}))
    assert keywords == ["help", "Heroin", "diacetylmorphine"]
    assert search_keywords(None, site, frozenset()) == []
    # Only the term's first main article gets every name; a further one gets the term itself.
    assert search_keywords([], site, frozenset({"heroin"}), "example.md") == \
        ["Heroin", "diacetylmorphine"]
    assert search_keywords([], site, frozenset({"heroin"}), "other.md") == ["Heroin"]


def test_search_keywords_add_the_codes_of_the_pages_own_terms(project: Path) -> None:
    from kb.build.search import search_keywords

    term = project / "glossary" / "heroin.yml"
    term.write_text(term.read_text(encoding="utf-8")
                    + "codes: {icd10cm: T40.1X1A, rxcui: '3304'}\n", encoding="utf-8")
    site = load_site(project, project / "docs")
    # The first main article gets the codes as names (not RxNorm's bare number); others do not.
    assert search_keywords([], site, frozenset({"heroin"}), "example.md") == \
        ["Heroin", "diacetylmorphine", "T40.1X1A"]
    assert search_keywords([], site, frozenset({"heroin"}), "other.md") == ["Heroin"]


def test_tags_stay_on_the_page_entry_of_the_search_index() -> None:
    from kb.build.search import tags_on_page_entries

    tags = ["x", "first-pass metabolism", "Y"]
    index = {"config": {"separator": r"[\s\-]+"},
             "docs": [{"location": "a/", "title": "A", "text": "", "tags": tags},
                      {"location": "a/#b", "title": "B", "text": "", "tags": tags}]}
    docs = tags_on_page_entries(index)["docs"]
    assert docs[0]["tags"] == ["x", "Y"]
    assert docs[0]["phrases"] == ["first-pass metabolism", "_first_pass_metabolism"]
    assert "tags" not in docs[1] and "phrases" not in docs[1]


def test_a_glossary_term_without_an_article_gives_its_names_to_its_own_entry(project: Path) -> None:
    """"SOWS self report": the abbreviation was only in the entry's text, and pages holding
    "self" and "report" in their tags came first. A term with a main article gives its names to
    the article instead (search_keywords); its entry keeps the abbreviation alone."""
    from kb.build.search import glossary_entry_names, tags_on_page_entries

    (project / "glossary" / "subjective-opiate-withdrawal-scale.yml").write_text(
        "term: Subjective Opiate Withdrawal Scale\nabbreviation: SOWS\ncategory: diagnosis\n"
        "definition: A questionnaire on withdrawal symptoms.\nsources: [nida-heroin]\n",
        encoding="utf-8")
    heroin = project / "glossary" / "heroin.yml"  # has a main article: its abbreviation only
    heroin.write_text(heroin.read_text(encoding="utf-8") + "abbreviation: DAM\n", encoding="utf-8")
    (project / "glossary" / "oxycodone.yml").write_text(
        "term: Oxycodone\naliases: [OxyContin]\ncategory: substance\n"
        "definition: An opioid medicine for pain.\nsources: [nida-heroin]\n", encoding="utf-8")
    names = glossary_entry_names(load_site(project, project / "docs"))
    # A name the search separator splits at an inner capital is also there whole, in lower case.
    assert names == {"glossary/s/#subjective-opiate-withdrawal-scale": ["SOWS"],
                     "glossary/o/#oxycodone": ["OxyContin", "oxycontin"],
                     "glossary/h/#heroin": ["DAM"]}
    index = {"docs": [{"location": "glossary/s/", "title": "S", "text": ""},
                      {"location": "glossary/s/#subjective-opiate-withdrawal-scale", "title": "SOWS",
                       "text": "", "tags": ["glossary"]},
                      {"location": "glossary/h/#heroin", "title": "Heroin", "text": "",
                       "tags": ["glossary"]}]}
    docs = tags_on_page_entries(index, section_tags=names)["docs"]
    assert docs[1]["tags"] == ["SOWS"]
    assert docs[2]["tags"] == ["DAM"]
    # A name a page holds as a tag stays the page's: one word, one place.
    example = project / "docs" / "example.md"
    example.write_text(VALID_PAGE.replace("type: topic", "type: topic\ntags: [sows]"))
    names = glossary_entry_names(load_site(project, project / "docs"))
    assert sorted(names) == ["glossary/h/#heroin", "glossary/o/#oxycodone"]


def test_the_a_to_z_letter_lists_are_not_search_results() -> None:
    """The glossary index's letter lists hold every term and alias of a letter: as a result they took
    a top-3 place from the entries themselves ("opvee" found the list of N before the entry)."""
    from kb.build.search import without_letter_lists

    index = {"docs": [{"location": "glossary/", "title": "Glossary", "text": "Every term"},
                      {"location": "glossary/#letter-n", "title": "N", "text": "Nalmefene (Opvee)"},
                      {"location": "glossary/n/#nalmefene", "title": "Nalmefene", "text": ""},
                      {"location": "references/#letter-n", "title": "N", "text": ""}]}
    assert [doc["location"] for doc in without_letter_lists(index)["docs"]] == \
        ["glossary/", "glossary/n/#nalmefene"]


def test_the_description_goes_on_the_page_entry_of_the_search_index() -> None:
    from kb.build.search import tags_on_page_entries

    index = {"docs": [{"location": "", "title": "Home", "text": ""},
                      {"location": "a/", "title": "A", "text": ""},
                      {"location": "a/#b", "title": "B", "text": ""},
                      {"location": "c/", "title": "C", "text": ""}]}
    docs = tags_on_page_entries(index, {"": "The home page.", "a/": "How the site is built."})["docs"]
    assert [doc.get("description") for doc in docs] == \
        ["The home page.", "How the site is built.", None, None]


def test_citation_marks_are_not_indexed_as_words() -> None:
    """A reader's number ("resp rate 6") must not match every section that cites source 6."""
    from kb.build.search import tags_on_page_entries

    text = ("<p>Slow breathing <sup>[6]</sup> and small pupils <sup>[4, Appendix 1]</sup>.</p>"
            "<p>A rate of 6 breaths <sup>[12, 13]</sup>; water<sup>2</sup> stays.</p>")
    index = {"docs": [{"location": "a/#b", "title": "B", "text": text}]}
    assert tags_on_page_entries(index)["docs"][0]["text"] == \
        "<p>Slow breathing  and small pupils .</p><p>A rate of 6 breaths ; water<sup>2</sup> stays.</p>"


def glossary_pages(project: Path) -> None:
    """The A-Z index and the letter page of the project's one term (Heroin)."""
    from kb.glossary.pages import letter_page_text
    (project / "docs" / "glossary").mkdir()
    (project / "docs" / "glossary" / "index.md").write_text(
        letter_page_text("h", "2026-11-30").replace("letter=h ", "").replace("Glossary: H", "Glossary"))
    (project / "docs" / "glossary" / "h.md").write_text(letter_page_text("h", "2026-11-30"))


def test_links_to_a_term_go_to_its_letter_page(project: Path) -> None:
    glossary_pages(project)
    page = project / "docs" / "example.md"
    page.write_text(VALID_PAGE + "See [heroin](glossary/h.md#heroin) and [H](glossary/index.md#letter-h).\n")
    assert list(load_site(project).pages) == ["example.md", "glossary/h.md", "glossary/index.md"]
    page.write_text(VALID_PAGE + "See [heroin](glossary/index.md#heroin).\n")
    assert failure(project) == [
        "docs/example.md:18: link to 'glossary/index.md#heroin': #heroin on docs/glossary/index.md "
        "only forwards to docs/glossary/h.md. Fix: link to the entry itself: glossary/h.md#heroin"]


def test_a_letter_without_its_page_names_the_file_to_create(project: Path) -> None:
    glossary_pages(project)
    (project / "docs" / "glossary" / "h.md").unlink()
    assert failure(project) == [
        "glossary/heroin.yml:1: no page for the glossary terms under H (Heroin). "
        "Fix: create docs/glossary/h.md (`make new-term` does; `make letter-page KIND=glossary "
        "LETTER=h` for terms already there) with front matter like another "
        "letter page's, '# Glossary: H' and <!-- kb:glossary letter=h -->"]


def test_every_glossary_entry_carries_its_other_names_and_articles_for_the_search_box(project: Path) -> None:
    """The search box shows the entry a query names ("detox", "OUD meaning", a question beside the
    term's article): it reads each entry's aliases, abbreviation and street names and the
    addresses of its main articles and of the pages that only use it from fields of the index that
    lunr does not index, so they do not rank the entry."""
    from kb.build.search import glossary_entry_fields, with_entry_fields

    (project / "glossary" / "oxycodone.yml").write_text(
        "term: Oxycodone\naliases: [OxyContin]\nabbreviation: OXY\nstreet_names: [Roxy]\n"
        "category: substance\ndefinition: An opioid medicine for pain.\nrelated: [example.md]\n"
        "sources: [nida-heroin]\n", encoding="utf-8")
    fields = glossary_entry_fields(load_site(project, project / "docs"))
    # A page that only uses the term (related) is known apart from its main articles.
    assert fields["glossary/o/#oxycodone"] == {"aliases": ["OxyContin", "OXY", "Roxy"],
                                               "related": ["example/"]}
    # The fixture's heroin term has a main article, example.md: its address as the index has it.
    assert fields["glossary/h/#heroin"]["articles"] == ["example/"]
    index = {"docs": [{"location": "glossary/o/#oxycodone", "title": "Oxycodone", "text": ""},
                      {"location": "glossary/o/", "title": "O", "text": ""}]}
    docs = with_entry_fields(index, fields)["docs"]
    assert docs[0]["glossary"]["aliases"] == ["OxyContin", "OXY", "Roxy"] and "glossary" not in docs[1]
