"""Unit tests of citation parsing and rendering."""

from __future__ import annotations

from kb.core.citations import (
    cited_keys,
    mask_code,
    parse_citations,
    render_citations,
    render_reference_list,
)


def keys_of(text: str) -> list[list[tuple[str, str | None]]]:
    groups, problems = parse_citations(text, "docs/x.md")
    assert problems == []
    return [[(item.key, item.locator) for item in group.items] for group in groups]


def test_single_multiple_and_locators() -> None:
    text = "A [@one]. B [@two; @three-3]. C [@four, p. 12]. D [@a-1, pp. 3-4; @b2]."
    assert keys_of(text) == [
        [("one", None)],
        [("two", None), ("three-3", None)],
        [("four", "p. 12")],
        [("a-1", "pp. 3-4"), ("b2", None)],
    ]


def test_adjacent_citations() -> None:
    assert keys_of("Text [@a][@b] end.") == [[("a", None)], [("b", None)]]


def test_citations_in_code_are_left_alone() -> None:
    text = "Use `[@inline]` and\n\n```\n[@fenced]\n```\n\n    ~~~\n    [@deep]\n    ~~~\nreal [@k]"
    assert keys_of(text) == [[("k", None)]]


def test_citations_in_html_comments_are_ignored() -> None:
    assert keys_of("<!-- [@hidden] --> shown [@k]") == [[("k", None)]]


def test_mask_keeps_length_and_lines() -> None:
    text = "a `b` c\n```\nx\n```\nd"
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert "b" not in masked and "x" not in masked


def test_line_numbers_count_from_first_line() -> None:
    groups, _ = parse_citations("one\ntwo [@k]\n", "docs/x.md", first_line=10)
    assert groups[0].line == 11


def test_malformed_citations_are_reported() -> None:
    text = "a [@Upper] b [@] c [@ok;] d [@open\n"
    _, problems = parse_citations(text, "docs/x.md", 5)
    assert [str(p) for p in problems] == [
        f"docs/x.md:5: malformed citation '{raw}'. Fix: write [@key], [@key, p. 12] or "
        "[@key-one; @key-two]; keys use lowercase letters, digits and dashes"
        for raw in ["[@Upper]", "[@]", "[@ok;]", "[@open"]
    ]


def test_numbering_follows_first_appearance() -> None:
    groups, _ = parse_citations("[@b] [@a; @b] [@c]", "x")
    assert cited_keys(groups) == ["b", "a", "c"]


def test_render_marks_and_list() -> None:
    text = "Fact [@a, p. 2]."
    groups, _ = parse_citations(text, "x")
    html = render_citations(text, groups, {"a": 1}, lambda key: f"Title of {key}")
    assert html == ('Fact <sup class="kb-cite">&#91;<a href="#ref-a" title="Title of a" '
                    'aria-label="Reference 1">1</a>, p. 2&#93;</sup>.')
    listing = render_reference_list(["a"], {"a": "Formatted <i>A</i>."},
                                    lambda key: f"../references/z/#{key}")
    assert '<li id="ref-a">Formatted <i>A</i>. <a class="kb-record" href="../references/z/#a">' in listing
    assert listing.startswith("\n\n## References { data-search-exclude }\n")


def test_a_mark_without_tooltip_text_has_no_title() -> None:
    text = "Fact [@a]."
    groups, _ = parse_citations(text, "x")
    assert render_citations(text, groups, {"a": 1}, lambda key: "") == (
        'Fact <sup class="kb-cite">&#91;<a href="#ref-a" aria-label="Reference 1">1</a>&#93;</sup>.')


def test_line_numbers_of_many_citations_and_problems() -> None:
    text = "a [@k1]\n\nb [@k2] [@k3]\nc [@Bad]\n\n\nd [@k4]"
    groups, problems = parse_citations(text, "docs/x.md", first_line=5)
    assert [(g.items[0].key, g.line) for g in groups] == [("k1", 5), ("k2", 7), ("k3", 7), ("k4", 11)]
    assert [p.line for p in problems] == [8]
