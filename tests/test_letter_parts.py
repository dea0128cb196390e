"""A long letter split into parts (kb.core.letters): pure splitting, every link to an item going to
its part (content pages, the A-Z index, references' glossary links), make check naming a missing or
empty part file, the scaffolds and the benchmark's largest page; in Chromium, ``glossary/#slug``
forwarding to part 2 with no change to kb.js."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import BASE_PATH, ROOT, VALID_PAGE, build_fixture
from devtools.bench.generator import letter_parts
from devtools.bench.lighthouse import largest_letter_page
from devtools.scaffold import create_letter_page, ensure_letter_page
from devtools.search_eval import serve
from kb.bibliography import pages as reference_pages
from kb.bibliography.references import Reference
from kb.build.site import load_site
from kb.core.letters import PART_SIZE, Part, letter_argument, parts_of, split_parts
from kb.core.problems import BuildFailed
from kb.glossary.exports import term_urls
from kb.glossary.pages import (
    GlossaryUse,
    entry_pages,
    letter_page_problems,
    letter_page_text,
    render_index,
    render_letter,
    term_part,
)
from kb.glossary.terms import Entry, load_term

TERMS = PART_SIZE + 5  # Zeta 001 to Zeta 105: part 2 holds Zeta 101 to Zeta 105
IN_PART_2 = "zeta-104"
ROOT_DATE = dt.date(2026, 12, 1)


def zeta_text(number: int, source: str = "nida-heroin") -> str:
    return (f"term: Zeta {number:03d}\ncategory: research\n"
            f"definition: Test term number {number} of a long letter.\nsources: [{source}]\n")


def zetas() -> dict[str, Entry]:
    """A glossary of one letter longer than a page, and one term under another letter."""
    entries = {}
    for number in range(1, TERMS + 1):
        slug = f"zeta-{number:03d}"
        loaded = load_term(slug, zeta_text(number), f"glossary/{slug}.yml")
        assert isinstance(loaded, Entry)
        entries[slug] = loaded
    heroin = load_term("heroin", "term: Heroin\ncategory: substance\n"
                       "definition: An opioid drug made from morphine.\n"
                       "see_also: [zeta-104]\nsources: [nida-heroin]\n", "glossary/heroin.yml")
    assert isinstance(heroin, Entry)
    return {"heroin": heroin, **entries}


def test_a_letter_splits_by_position_into_runs_of_at_most_the_part_size() -> None:
    assert split_parts(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert split_parts([], 3) == [] and split_parts([1, 2, 3], 3) == [[1, 2, 3]]
    assert parts_of({"a": [1], "t": [1, 2, 3, 4]}, 2) == {
        Part("a"): [1], Part("t"): [1, 2], Part("t", 2): [3, 4]}
    with pytest.raises(ValueError, match="at least one item"):
        split_parts([1], 0)
    assert [Part("t").name, Part("t", 2).name, Part("0-9", 3).name] == ["t", "t-2", "0-9-3"]
    # The benchmark's generator writes the same number of parts from the counts alone.
    assert letter_parts(Counter({"t": 2 * PART_SIZE + 1, "a": 1})) == [("a", 1), ("t", 1), ("t", 2), ("t", 3)]


def test_the_shortcode_names_a_part_and_refuses_anything_else() -> None:
    assert letter_argument("glossary", ["letter=t", "part=2"]) == Part("t", 2)
    assert letter_argument("glossary", ["letter=t"]) == Part("t", 1)
    for bad in (["letter=t", "part=1"], ["letter=t", "part=0"], ["letter=t", "part=x"],
                ["part=2"], ["letter=t", "part=2", "x"]):
        with pytest.raises(ValueError, match=r"'letter=x part=N' \(N from 2\)"):
            letter_argument("glossary", bad)
    text = letter_page_text("t", "2026-12-01", 2)
    assert 'title: "Glossary: T (part 2)"' in text and "# Glossary: T (part 2)\n" in text
    assert "<!-- kb:glossary letter=t part=2 -->" in text


def test_every_link_to_an_entry_goes_to_its_part() -> None:
    entries = zetas()
    pages = entry_pages(entries)
    assert pages["zeta-100"] == "glossary/z.md" and pages[IN_PART_2] == "glossary/z-2.md"
    index = render_index(entries, "../")
    assert f'<a id="{IN_PART_2}" data-category="research" href="z-2.md#{IN_PART_2}">' in index
    assert '<a id="zeta-001" data-category="research" href="z.md#zeta-001">' in index
    assert index.count('href="#letter-z"') == 1  # the A-Z bar shows letters, not parts
    # The exports' entry URL too (the citable one stays the index's).
    assert term_urls(entries[IN_PART_2], "https://e.org/glossary/", entries) == (
        f"https://e.org/glossary/#{IN_PART_2}", f"https://e.org/glossary/z-2/#{IN_PART_2}")
    # See also from another letter page goes to the part.
    assert f'<a href="z-2.md#{IN_PART_2}">Zeta 104</a>' in render_letter(entries, "h", {})


def test_a_part_holds_its_entries_with_a_part_bar_and_a_pager_through_the_parts() -> None:
    entries = zetas()
    first, second = render_letter(entries, "z", {}), render_letter(entries, "z", {}, 2)
    assert first.count('class="kb-glossary__term"') == PART_SIZE
    assert second.count('class="kb-glossary__term"') == TERMS - PART_SIZE
    assert 'id="zeta-101"' in second and 'id="zeta-100"' not in second
    assert 'id="zeta-100"' in first and 'id="zeta-101"' not in first
    assert "[@nida-heroin]" in second  # the part's own reference list cites only its entries
    assert ('<nav class="kb-az__letters kb-az__parts" aria-label="Glossary Z parts">'
            '<span>Z, part 2 of 2:</span> <a href="z.md">1</a> '
            '<strong aria-current="page">2</strong></nav>') in second
    assert '<strong aria-current="page">1</strong> <a href="z-2.md">2</a>' in first
    # The A-Z bar: the letter is current on part 1, a link to part 1 from part 2.
    assert '<strong aria-current="page">Z</strong>' in first
    assert '<a href="z.md">Z</a>' in second and "aria-current=\"page\">Z<" not in second
    assert '<a href="z-2.md" rel="next">Next: Z (2 of 2)</a>' in first
    assert '<a href="h.md" rel="prev">Previous: H</a>' in first
    assert '<a href="z.md" rel="prev">Previous: Z (1 of 2)</a>' in second
    assert 'rel="next"' not in second
    assert 'Next: Z (1 of 2)' in render_letter(entries, "h", {})
    # A letter of one part has no part bar.
    assert "kb-az__parts" not in render_letter(entries, "h", {})


def test_make_check_names_a_missing_part_file_and_an_empty_one() -> None:
    entries = zetas()
    uses = [GlossaryUse("glossary/index.md", "docs/glossary/index.md", 10, None),
            GlossaryUse("glossary/h.md", "docs/glossary/h.md", 9, "h"),
            GlossaryUse("glossary/z.md", "docs/glossary/z.md", 9, "z"),
            GlossaryUse("glossary/z-3.md", "docs/glossary/z-3.md", 9, "z", 3),
            GlossaryUse("glossary/z.md", "docs/glossary/z.md", 11, "z", 2)]
    assert [str(p) for p in letter_page_problems(entries, uses)] == [
        "docs/glossary/z.md:11: letter z part 2 belongs on docs/glossary/z-2.md, not "
        "docs/glossary/z.md. Fix: move this shortcode to docs/glossary/z-2.md",
        "glossary/zeta-101.yml:1: no page for part 2 of the glossary terms under Z (Zeta 101, "
        "Zeta 102, Zeta 103, ...). Fix: create docs/glossary/z-2.md (`make new-term` does; "
        "`make letter-page KIND=glossary LETTER=z PART=2` for terms already there) with front "
        "matter like another letter page's, '# Glossary: Z (part 2)' and "
        "<!-- kb:glossary letter=z part=2 -->",
        f"docs/glossary/z-3.md:9: no glossary term is in part 3 of Z (a page holds {PART_SIZE}). "
        "Fix: delete docs/glossary/z-3.md (it would be an empty page)"]


def test_references_split_the_same_way() -> None:
    references = {}
    for number in range(1, TERMS + 1):
        key = f"smith-{number:03d}"
        references[key] = Reference.model_validate({
            "id": key, "type": "report", "title": f"Title {number:03d}",
            "author": [{"family": "Smith", "given": "A"}], "issued": {"date-parts": [[2020]]},
            "publisher": "P"})
    pages = reference_pages.entry_pages(references)
    assert pages["smith-001"] == "references/s.md" and pages["smith-105"] == "references/s-2.md"
    assert '<li id="smith-105"><a href="s-2.md#smith-105">' in reference_pages.render_index(
        references)
    formatted = {key: key for key in references}
    second = reference_pages.render_letter(references, "s", formatted, {}, 2)
    assert second.count('class="kb-ref"') == TERMS - PART_SIZE
    assert "Previous: S (1 of 2)" in second
    assert 'title: "References: S (part 2)"' in reference_pages.letter_page_text("s", "x", 2)


def test_new_term_and_letter_page_create_the_part(tmp_path: Path) -> None:
    names = [f"Zeta {number:03d}" for number in range(1, PART_SIZE + 1)]
    assert term_part(names, "Zeta 050") == Part("z")
    assert term_part(names, "Zeta 999") == Part("z", 2)
    created = ensure_letter_page(tmp_path, "Zeta 999", ROOT_DATE, names)
    assert created == tmp_path / "glossary" / "z-2.md"
    assert "<!-- kb:glossary letter=z part=2 -->" in created.read_text(encoding="utf-8")
    assert ensure_letter_page(tmp_path, "Zeta 998", ROOT_DATE, [*names, "Zeta 999"]) is None
    made = create_letter_page(tmp_path, "references", "s", ROOT_DATE, 3)
    assert made == tmp_path / "references" / "s-3.md"
    with pytest.raises(ValueError, match="PART a whole number from 1"):
        create_letter_page(tmp_path, "glossary", "s", ROOT_DATE, 0)


def test_the_bench_measures_the_largest_page_that_exists(tmp_path: Path) -> None:
    for name, size in (("t", 10), ("t-2", 30), ("a", 20)):
        (tmp_path / "glossary" / name).mkdir(parents=True)
        (tmp_path / "glossary" / name / "index.html").write_text("x" * size)
    assert largest_letter_page(tmp_path) == "glossary/t-2/"


def zeta_project(project: Path) -> Path:
    """The minimal project with a letter of 105 terms, its two part files, the A-Z index and a
    content page naming a term of part 2."""
    glossary = project / "glossary"
    for number in range(1, TERMS + 1):
        (glossary / f"zeta-{number:03d}.yml").write_text(zeta_text(number), encoding="utf-8")
    docs = project / "docs" / "glossary"
    docs.mkdir()
    (docs / "index.md").write_text(letter_page_text("h", "2026-12-01").replace(" letter=h", "")
                                   .replace("Glossary: H", "Glossary"), encoding="utf-8")
    for letter, part in (("h", 1), ("z", 1), ("z", 2)):
        (docs / f"{Part(letter, part).name}.md").write_text(
            letter_page_text(letter, "2026-12-01", part), encoding="utf-8")
    (project / "docs" / "example.md").write_text(
        VALID_PAGE + "\nZeta 104 is a test term [@nida-heroin].\n", encoding="utf-8")
    return project


def test_make_check_asks_for_the_part_file_and_links_are_checked_against_it(project: Path) -> None:
    zeta_project(project)
    site = load_site(project)
    assert {"glossary/z.md", "glossary/z-2.md"} <= set(site.pages)
    (project / "docs" / "example.md").write_text(
        VALID_PAGE + f"See [it](glossary/z.md#{IN_PART_2}).\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        load_site(project)
    assert any(f"#{IN_PART_2}" in str(p) and "docs/example.md" in str(p)
               for p in caught.value.problems), caught.value.problems
    (project / "docs" / "example.md").write_text(VALID_PAGE, encoding="utf-8")
    (project / "docs" / "glossary" / "z-2.md").unlink()
    with pytest.raises(BuildFailed) as caught:
        load_site(project)
    assert [str(p).split(". Fix:")[0] for p in caught.value.problems] == [
        "glossary/zeta-101.yml:1: no page for part 2 of the glossary terms under Z (Zeta 101, "
        "Zeta 102, Zeta 103, ...)"]


@pytest.mark.browser
def test_links_and_forwarding_reach_an_entry_in_part_2(project: Path, browser: Browser) -> None:
    """A fixture site built with the real hooks and kb.js: the content page's term link, the
    index's link and ``glossary/#slug`` all land on the entry in part 2."""
    zeta_project(project)
    scripts = project / "docs" / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    shutil.copy2(ROOT / "docs" / "assets" / "javascripts" / "kb.js", scripts / "kb.js")
    (project / "mkdocs.yml").write_text(
        "site_name: Parts fixture\nsite_url: https://example.org" + BASE_PATH + "\n"
        "theme: {name: material, font: false, features: [navigation.instant]}\n"
        f"hooks: [{ROOT / 'scripts' / 'kb' / 'build' / 'hooks.py'}]\n"
        "extra_javascript: [assets/javascripts/kb.js]\n"
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, toc, kb.build.extension]\n",
        encoding="utf-8")
    build_fixture(project, 300)
    part = re.compile(rf"/glossary/z-2/#{IN_PART_2}$")
    with serve(project / "site", BASE_PATH) as url:
        page = browser.new_page()
        page.goto(url + "example/", wait_until="load")
        link = page.locator(f'article a[href$="glossary/z-2/#{IN_PART_2}"]').first
        expect(link).to_have_text("Zeta 104")
        link.click()
        page.wait_for_url(part)
        expect(page.locator(f"#{IN_PART_2}")).to_be_in_viewport()
        expect(page.locator(".kb-az__parts")).to_contain_text("Z, part 2 of 2")
        page.goto(url + "glossary/", wait_until="load")
        page.locator(f"a#{IN_PART_2}").click()
        page.wait_for_url(part)
        # The citable address forwards to the part, as kb.js does for any letter page.
        page.goto(url + f"glossary/#{IN_PART_2}")
        page.wait_for_url(part)
        expect(page.locator(f"#{IN_PART_2}")).to_be_in_viewport()
        page.close()
