"""The per-page work as a Python-Markdown extension, run by plain Python-Markdown (no engine)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import markdown
import pytest

from conftest import VALID_PAGE
from kb.build import extension
from kb.build.extension import load_built, resolve_source_links
from kb.core.problems import BuildFailed


def convert(project: Path, path: str) -> str:
    body = (project / "docs" / path).read_text(encoding="utf-8").split("---", 2)[2]
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "kb.build.extension"],
                           extension_configs={"kb.build.extension": {
                               "root": str(project), "path": path}})
    return str(md.convert(body))


def test_citations_and_term_links_with_the_path_option(project: Path) -> None:
    (project / "docs" / "other.md").write_text(VALID_PAGE, encoding="utf-8")
    html = convert(project, "other.md")
    assert 'class="kb-cite"' in html
    assert "href=\"references/n.md#nida-heroin\"" in html  # source-relative: the engine resolves it
    assert 'class="kb-term" href="glossary/h.md#heroin"' in html  # the entry on its letter page
    # example.md is the term's main article: no link to the glossary for it there.
    assert 'class="kb-term"' not in convert(project, "example.md")


def test_a_markdown_instance_without_a_page_is_left_alone() -> None:
    html = markdown.markdown("Heroin [@nida-heroin].", extensions=["kb.build.extension"])
    assert html == "<p>Heroin [@nida-heroin].</p>"


def test_source_links_become_directory_urls_for_mkdocs() -> None:
    html = '<a href="../glossary/index.md#heroin">x</a> <a href="https://e.org/a.md">y</a>'
    assert resolve_source_links(html, "treatment/urod.md") == (
        '<a href="../../glossary/#heroin">x</a> <a href="https://e.org/a.md">y</a>')


def test_site_is_loaded_once_until_a_source_changes(project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    real = extension.load_site_saved  # type: ignore[attr-defined]

    def counting(*args: Any, **options: Any) -> Any:
        calls.append(args)
        return real(*args, **options)

    monkeypatch.setattr(extension, "load_site_saved", counting)
    first = load_built(project, project / "docs")
    assert load_built(project, project / "docs") is first and len(calls) == 1
    time.sleep(0.01)
    (project / "docs" / "other.md").write_text(VALID_PAGE, encoding="utf-8")
    assert load_built(project, project / "docs") is not first and len(calls) == 2


def test_every_problem_fails_the_conversion(project: Path) -> None:
    (project / "docs" / "example.md").write_text(
        VALID_PAGE.replace("[@nida-heroin]", "[@no-such-key]"), encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"docs/example\.md:\d+"):
        convert(project, "example.md")


def references_page(project: Path, letter: str | None = None) -> str:
    """The references index (or a letter page) of the minimal project, converted."""
    from kb.bibliography.pages import letter_page_text

    (project / "docs" / "references").mkdir(exist_ok=True)
    (project / "docs" / "references" / "index.md").write_text(
        "---\ntitle: References\ndescription: Every source the site cites, with its pages.\n"
        "audience: [general]\nreviewed: 2026-11-01\ntype: utility\n---\n\n# References\n\n"
        "<!-- kb:references -->\n", encoding="utf-8")
    (project / "docs" / "references" / "n.md").write_text(letter_page_text("n", "2026-11-30"),
                                                          encoding="utf-8")
    return convert(project, f"references/{letter or 'index'}.md")


def test_the_references_index_keeps_every_key_and_links_to_the_letter_page(project: Path) -> None:
    """references/#key lands on the source without JavaScript; its link goes to the entry."""
    html = references_page(project)
    assert re.search(r'<li id="nida-heroin"><a href="n\.md#nida-heroin">National Institute on Drug '
                     r"Abuse, \d{4}\. ", html), html
    assert "data-kb-forward" in html and 'class="kb-ref"' not in html


def test_the_references_list_passes_through_markdown_untouched(project: Path) -> None:
    """A letter page's list goes to Python-Markdown's raw HTML stash (not parsed as Markdown) and
    comes back whole, once per entry, with its links resolved."""
    html = references_page(project, "n")
    assert html.count('class="kb-ref"') == 1 and 'id="nida-heroin"' in html
    assert "kb-stash" not in html and "\x02" not in html
    assert '<a href="../example.md">Example topic</a>' in html


def test_each_reference_lists_its_citing_pages(project: Path) -> None:
    """Every entry on a letter page says how many pages and terms cite it and links each one."""
    html = references_page(project, "n")
    entry = html[html.index('id="nida-heroin"'):]
    assert re.search(r'<p class="kb-ref__cited"><span class="kb-ref__key">nida-heroin</span> · '
                     r'Cited on 1 page and 1 glossary term: '
                     r'<a href="\.\./example\.md">Example topic</a>, '
                     r'<a href="\.\./glossary/h\.md#heroin">Glossary: Heroin</a></p></div>', entry), \
        entry[:600]


def test_generated_html_skips_the_raw_html_parser(project: Path) -> None:
    """Citation marks and the page's reference list reach Python-Markdown's stash before its raw
    HTML parser (md_in_html, priority 20) reads the page, and come back whole after Markdown."""
    (project / "docs" / "other.md").write_text(VALID_PAGE, encoding="utf-8")
    seen: list[str] = []

    class Spy(markdown.preprocessors.Preprocessor):  # type: ignore[misc]
        def run(self, lines: list[str]) -> list[str]:
            seen.append("\n".join(lines))
            return lines

    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "kb.build.extension"],
                           extension_configs={"kb.build.extension": {
                               "root": str(project), "path": "other.md"}})
    md.preprocessors.register(Spy(md), "spy", 21)
    html = str(md.convert(VALID_PAGE.split("---", 2)[2]))
    assert "<sup" not in seen[0] and "<ol" not in seen[0] and "kb-stash" not in seen[0], seen[0]
    assert re.search(r'opioid <sup class="kb-cite">\[<a href="#ref-nida-heroin" title="[^"]+" '
                     r'aria-label="Reference 1">1</a>\]</sup>\.</p>', html), html
    assert re.search(r'<ol class="kb-references">\n<li id="ref-nida-heroin">.*</li>\n</ol>', html), html
