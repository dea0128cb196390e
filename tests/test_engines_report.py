"""The page comparison of `make engines` (devtools.engines) on small pages, without building."""

from __future__ import annotations

from pathlib import Path

from devtools.engines import _content, boxes, citation_links, glossary_links, main_text

PAGE = ('<html><body><article class="md-content__inner"><nav class="md-tags">tag</nav>'
        '<h1>Title</h1><p>Uses <a class="kb-term" href="../glossary/#opioid" title="Opioid: x">'
        'opioids</a> <abbr title="Opioid use disorder">OUD</abbr>'
        '<sup class="kb-cite">[<a href="#ref-a">1</a>]</sup></p>'
        '<div class="admonition danger kb-emergency"><p>Call</p></div>'
        '</article></body></html>')


def test_what_each_aspect_reads(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    article = _content(tmp_path / "index.html")
    assert article is not None
    assert main_text(article) == "Title Uses opioids OUD [ 1 ] Call"  # no tags: theme furniture
    assert citation_links(article) == [("1", "#ref-a")]
    assert glossary_links(article) == [("opioids", "../glossary/#opioid", "Opioid: x"),
                                       ("OUD", "", "Opioid use disorder")]
    assert boxes(article) == ["admonition danger kb-emergency"]
