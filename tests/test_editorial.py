"""Unit tests of the editorial rules: language, claims, readability, raw HTML, links."""

from __future__ import annotations

import dataclasses

from conftest import ROOT
from kb.core.problems import Problem
from kb.pages.editorial import claim_problems, language_problems, load_rules
from kb.pages.links import anchors, link_problems
from kb.pages.rawhtml import raw_html_problems, url_problem
from kb.pages.readability import body_text, grade, syllables

RULES = load_rules(ROOT / "editorial")


def messages(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def test_language_ignores_code_links_and_proper_names() -> None:
    text = ("The `addict` variable. [link](addict.md). The National Institute on Drug Abuse "
            "funds research.\nPeople who use heroin.")
    assert language_problems(RULES, "x.md", text, 1) == []


def test_language_finds_terms_case_insensitively_with_lines() -> None:
    found = messages(language_problems(RULES, "x.md", "Fine.\nHeroin Users and a Dirty test.", 5))
    assert found == [
        "x.md:6: stigmatising language 'Dirty'. Fix: write 'positive (test); used (equipment)' "
        "instead, or if the page explains why the word is avoided, add it to front matter: "
        "allow_terms: [dirty]",
        "x.md:6: stigmatising language 'Heroin Users'. Fix: write 'people who use heroin; people "
        "who inject drugs' instead, or if the page explains why the word is avoided, add it to "
        "front matter: allow_terms: [user]",
    ]


GATE_CASES = [
    "Nothing to see here.",
    "An ADDICT and a Junkie.",
    "Results from the National Institute on Drug Abuse.",
    "National Institute on Drug Abuse; drug abuse too.",
    "She stayed CLEAN and passed clean urine tests.",
    "İstanbul: IV users and Heroin Users.",  # lower-casing changes the length: no gate
    "It is a Guaranteed Cure, a 90% reduction.",
    "Painless detox, cures heroin addiction; \"cures heroin addiction\" [@x].",
]


def test_the_gates_never_change_a_result() -> None:
    """The fast gate (one lower-case scan) skips only texts where the exact check finds nothing."""
    rules = load_rules(ROOT / "editorial")
    ungated = dataclasses.replace(rules, language_gate=None, claims_gate=None)
    texts = GATE_CASES + [path.read_text(encoding="utf-8") for path in
                          sorted((ROOT / "docs").rglob("*.md"))[:40]]
    for text in texts:
        assert language_problems(rules, "p.md", text, 1) == \
            language_problems(ungated, "p.md", text, 1), text[:60]
        assert claim_problems(rules, "p.md", text, 1) == claim_problems(ungated, "p.md", text, 1)
    assert language_problems(rules, "p.md", GATE_CASES[1], 1)  # the cases do reach the rules
    assert claim_problems(rules, "p.md", GATE_CASES[6], 1)


def test_allow_terms_is_explicit_per_term() -> None:
    text = "Avoid the word addict. Stay clean."
    found = messages(language_problems(RULES, "x.md", text, 1, frozenset({"addict"})))
    assert len(found) == 1 and "'Stay clean'" in found[0]


def test_quoted_claim_with_evidence_passes() -> None:
    text = 'The clinic says "there is no return to drugs", but most people return to use [@k].'
    assert claim_problems(RULES, "x.md", text, 1) == []


def test_blockquoted_claim_needs_a_citation_in_its_paragraph() -> None:
    text = "> UROD is extremely effective.\n\nTrials found no benefit [@k]."
    assert messages(claim_problems(RULES, "x.md", text, 3)) == [
        "x.md:3: quoted claim 'extremely effective' has no evidence beside it. Fix: cite a source "
        "in the same paragraph saying what the evidence shows"]


def test_claim_in_prose_is_an_error_even_with_a_citation() -> None:
    (message,) = messages(claim_problems(RULES, "x.md", "It cures heroin addiction [@k].", 1))
    assert message.startswith("x.md:1: claim stated as fact: 'cures heroin addiction'")


def test_syllables_from_dictionary_and_fallback() -> None:
    assert syllables("heroin") == 3
    assert syllables("buprenorphine") >= 4
    assert syllables("zzqx") == 1


def test_grade_rises_with_long_words_and_sentences() -> None:
    plain = "The cat sat on the mat. It was a good day. We went home."
    dense = ("Pharmacological interventions demonstrated considerable heterogeneity "
             "regarding methodological characteristics and epidemiological generalisability.")
    assert grade(plain) < 3 < 9 < grade(dense)


def test_body_text_leaves_out_clinician_blocks_tables_and_headings() -> None:
    text = ("## Heading words\n\nReader text.\n\n| a | b |\n| --- | --- |\n| cell | x |\n\n"
            '!!! clinician "For clinicians"\n\n    Clinical detail.\n\nMore reader text.\n')
    body = body_text(text)
    assert "Reader text." in body and "More reader text." in body
    assert "Clinical" not in body and "cell" not in body and "Heading" not in body


def test_url_rules() -> None:
    assert url_problem("https://who.int") is None and url_problem("../page.md") is None
    assert url_problem("mailto:a@b.org") is None
    assert url_problem("http://who.int") == "external links must use https"
    assert url_problem("JavaScript:alert(1)") == "'javascript:' URLs are not allowed"


def test_raw_html_allowlist_reports_lines() -> None:
    text = 'Text\n\n<div class="x" markdown>\n<em>ok</em>\n</div>\n\n<form action="x"></form>\n'
    assert messages(raw_html_problems("x.md", text, 10)) == [
        "x.md:16: raw HTML tag <form> is not allowed. Fix: use Markdown, or one of: a, abbr, b, "
        "br, caption, dd, details, div, dl, dt, em, figcaption, figure, hr, i, img, kbd, li, mark, "
        "ol, p, s, section, small, span, strong, sub, summary, sup, table, tbody, td, th, thead, "
        "time, tr, u, ul"]


def test_anchors_follow_python_markdown_toc() -> None:
    ids = anchors("# Title\n## What it is\n## Q&A: the *best*\n## What it is\n## X {#custom}\n")
    assert {"title", "what-it-is", "what-it-is_1", "qa-the-best", "custom"} <= ids


def test_links_to_pages_and_anchors() -> None:
    pages = {"a/b.md": {"top"}, "c.md": {"intro"}}
    text = "[ok](../c.md#intro) [bad](../c.md#nope) [gone](../d.md) [ext](https://x.org)"
    assert [p.message for p in link_problems("docs/a/b.md", "a/b.md", text, 1, pages)] == [
        "link to '../c.md#nope': no anchor #nope on docs/c.md",
        "link to '../d.md': no page docs/d.md",
    ]
