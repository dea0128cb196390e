"""Formatted references kept on disk between builds: reused while the entry, the style and the
library are unchanged; a broken cache file is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_REFERENCES
from kb.bibliography import formatcache, references
from kb.bibliography.references import Bibliography, load_bibliography


def _bibliography(cache: Path, text: str = VALID_REFERENCES) -> Bibliography:
    loaded = load_bibliography(text)
    assert isinstance(loaded, Bibliography)
    return Bibliography(loaded.entries, loaded.lines, cache=cache)


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts like a new build process: nothing formatted in memory."""
    monkeypatch.setattr(references, "_FORMATTED", {})


def test_the_next_build_reuses_the_formatted_entries(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / ".cache" / "kb" / "references-ama.json"
    first = _bibliography(cache).formatted
    assert "Heroin Research Report" in first["nida-heroin"]
    assert cache.is_file()

    monkeypatch.setattr(references, "_FORMATTED", {})

    def no_formatting(missing: list[object]) -> dict[str, str]:
        assert not missing, "an unchanged entry was formatted again"
        return {}

    monkeypatch.setattr(references, "format_ama", no_formatting)
    assert _bibliography(cache).formatted == first


def test_a_changed_entry_is_formatted_again(tmp_path: Path) -> None:
    cache = tmp_path / "references-ama.json"
    _bibliography(cache).formatted  # noqa: B018 (fills the cache)
    changed = VALID_REFERENCES.replace("Heroin Research Report", "Heroin Research Report 2")
    assert "Heroin Research Report 2" in _bibliography(cache, changed).formatted["nida-heroin"]


def test_the_key_depends_on_the_formatter_version(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = {"id": "a", "type": "book", "title": "T"}
    before = formatcache.entry_key(entry)
    assert formatcache.entry_key(dict(entry)) == before
    assert formatcache.entry_key({**entry, "title": "U"}) != before
    monkeypatch.setattr(formatcache, "_formatter_version", lambda: "another version")
    assert formatcache.entry_key(entry) != before


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"key": 3}'])
def test_a_broken_cache_file_is_ignored(tmp_path: Path, content: str) -> None:
    cache = tmp_path / "references-ama.json"
    cache.write_text(content, encoding="utf-8")
    assert "Heroin Research Report" in _bibliography(cache).formatted["nida-heroin"]
    assert formatcache.read_formatted(cache)  # rewritten with the fresh entries
