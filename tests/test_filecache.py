"""Unit tests of the parse caches kept between the rebuilds of ``mkdocs serve``."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import VALID_PAGE, VALID_REFERENCES
from kb.build.site import load_site
from kb.core.filecache import FileCache, signature


def test_a_value_is_reused_while_its_key_holds(tmp_path: Path) -> None:
    cache: FileCache[str] = FileCache()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return f"value {len(calls)}"

    assert cache.get("a", 1, compute) == "value 1"
    assert cache.get("a", 1, compute) == "value 1"
    assert cache.get("a", 2, compute) == "value 2"  # a new key replaces the old entry
    assert (cache.hits, cache.misses) == (1, 2)


def test_signature_follows_modification_time_and_size(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text("one")
    first = signature([file])
    os.utime(file, ns=(1, 1))
    assert signature([file]) != first
    assert signature([tmp_path / "missing.md"]) == ((str(tmp_path / "missing.md"), -1, -1),)


def test_an_edited_page_is_reparsed_and_its_citations_reach_the_site(project: Path) -> None:
    other = VALID_PAGE
    (project / "docs" / "other.md").write_text(other, encoding="utf-8")
    extra = VALID_REFERENCES.replace("id: nida-heroin", "id: second-source")
    (project / "references.yml").write_text(VALID_REFERENCES + extra, encoding="utf-8")
    page = project / "docs" / "example.md"
    page.write_text(VALID_PAGE + "More [@second-source].\n", encoding="utf-8")
    first = load_site(project)
    assert first.citing["second-source"] == ["example.md"]
    page.write_text(VALID_PAGE, encoding="utf-8")
    (project / "docs" / "other.md").write_text(other + "Also [@second-source].\n",
                                               encoding="utf-8")
    second = load_site(project)
    assert second.citing["second-source"] == ["other.md"]
    assert second.bibliography is first.bibliography  # references.yml unchanged: not re-read
    third = load_site(project)
    assert third.pages["example.md"].page is second.pages["example.md"].page
