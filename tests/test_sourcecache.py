"""Parsed sources saved on disk between builds (``kb.build.sourcecache``): a new process starts
from them, re-parses only what changed, and never uses a file written by other code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import ROOT, VALID_PAGE
from kb.build import sourcecache
from kb.build.site import CACHES, load_site
from kb.core.filecache import FileCache

# One build in a new process: how many sources it parsed, and a digest of what it loaded.
_BUILD = """
import sys
from pathlib import Path
from kb.build.site import CACHES, load_site_saved
site = load_site_saved(Path(sys.argv[1]))
print(sum(cache.misses for cache in CACHES), sorted(site.citing.items()),
      [(path, record.page.body) for path, record in sorted(site.pages.items())])
"""


def _build(project: Path) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-c", _BUILD, str(project)], capture_output=True,
                            text=True, check=True, env={**os.environ,
                                                        "PYTHONPATH": str(ROOT / "scripts")})
    parsed, loaded = result.stdout.split(" ", 1)
    return int(parsed), loaded


def test_the_next_process_parses_only_what_changed(project: Path) -> None:
    parsed, first = _build(project)
    assert parsed == 4  # rules, references, the one page, the glossary
    assert (project / sourcecache.CACHE_FILE).is_file()
    parsed, second = _build(project)
    assert (parsed, second) == (0, first)
    page = project / "docs" / "example.md"
    page.write_text(VALID_PAGE + "\nOne more sentence.\n", encoding="utf-8")
    parsed, third = _build(project)
    assert parsed == 1
    assert "One more sentence." in third and "One more sentence." not in first


def test_what_is_restored_equals_what_is_parsed(project: Path) -> None:
    for cache in CACHES:
        cache.clear()
    parsed = load_site(project)
    stamp = sourcecache.code_stamp()
    assert sourcecache.save(project, CACHES, stamp)
    assert not sourcecache.save(project, CACHES, stamp)  # nothing new: not written again
    fresh: list[FileCache[object]] = [FileCache() for _ in CACHES]
    assert sourcecache.restore(project, fresh, stamp)
    parsed_caches: list[FileCache[Any]] = list(CACHES)
    for parsed_cache, restored in zip(parsed_caches, fresh, strict=True):
        assert restored.entries(lambda name: True) == parsed_cache.entries(lambda name: True)
    assert parsed.pages["example.md"].page.body.strip()


def test_a_file_from_other_code_or_a_broken_file_is_ignored(project: Path) -> None:
    for cache in CACHES:
        cache.clear()
    load_site(project)
    stamp = sourcecache.code_stamp()
    sourcecache.save(project, CACHES, stamp)
    fresh: list[FileCache[object]] = [FileCache() for _ in CACHES]
    assert not sourcecache.restore(project, fresh, (stamp[0], ()))  # the kb modules changed
    assert all(not cache.entries(lambda name: True) for cache in fresh)
    saved = project / sourcecache.CACHE_FILE
    saved.write_bytes(saved.read_bytes()[:100])  # cut short, as by a killed build
    assert not sourcecache.restore(project, fresh, stamp)
    saved.unlink()
    assert not sourcecache.restore(project, fresh, stamp)


def test_serve_does_not_write_the_file_on_its_rebuilds(project: Path) -> None:
    from kb.build import hooks
    from kb.build.extension import load_built

    try:
        hooks.on_startup(command="serve", dirty=False)
        load_built(project, project / "docs")
        assert not (project / sourcecache.CACHE_FILE).exists()
        hooks.on_startup(command="build", dirty=False)
        (project / "docs" / "example.md").write_text(VALID_PAGE + "\nEdited.\n", encoding="utf-8")
        load_built(project, project / "docs")
        assert (project / sourcecache.CACHE_FILE).is_file()
    finally:
        hooks.on_startup(command="build", dirty=False)
