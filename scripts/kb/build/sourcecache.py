"""Parsed sources kept on disk between builds, in ``.cache/kb/sources.pickle`` under the project.

Every ``make build`` or ``make check`` is a new process whose parse caches (``kb.core.filecache``)
start empty, so each one used to parse every page, term and reference again: at 10x content, 2.6 s
of the build's 6.4 s in hooks. The caches' entries are keyed by their files' path, modification
time and size, so an entry is as sound in the next process as in this one: the build saves them
after parsing something and the next one starts from them, re-parsing only files that changed.

The file is stamped with the versions of Python and the parsing libraries and the signature of the
``kb`` package's own modules, so any change to the code that parses discards it. It is a pickle
(the parsed records are dataclasses and pydantic models, and unpickling them is about 15 times
faster than parsing), which, as with Sphinx's environment pickle in its build folder, is trusted
because it is this checkout's own git-ignored output; a file that cannot be read is ignored and the
sources parsed again. Delete ``.cache/`` to start cold.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from kb.core.filecache import FileCache, Signature, signature

CACHE_FILE = Path(".cache") / "kb" / "sources.pickle"


# The libraries whose objects or results the parsed records hold (pydantic models, YAML values,
# HTML parsed by lxml, Markdown-derived text).
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Markdown", "lxml")


def code_stamp() -> tuple[str, Signature]:
    """What the saved entries depend on besides their files: Python, the libraries that parse,
    and the ``kb`` modules."""
    package = Path(__file__).resolve().parent.parent  # kb/
    versions = " ".join(f"{name}={_version(name)}" for name in LIBRARIES)
    return f"{sys.version} {versions}", signature(sorted(package.rglob("*.py")))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def restore(root: Path, caches: Sequence[FileCache[Any]], stamp: tuple[str, Signature]) -> bool:
    """Fill ``caches`` from ``root``'s saved file when it was saved by the same code; False
    when there was nothing usable."""
    try:
        with (root / CACHE_FILE).open("rb") as file:
            # Unpickling allocates hundreds of thousands of objects, which would set off the
            # cyclic garbage collector again and again (1 s instead of 0.2 s at 10x content).
            collecting = gc.isenabled()
            gc.disable()
            try:
                saved = pickle.load(file)
            finally:
                if collecting:
                    gc.enable()
    except Exception:  # missing, truncated, or naming classes that changed: parse again
        return False
    if not (isinstance(saved, tuple) and len(saved) == 2 and saved[0] == stamp
            and isinstance(saved[1], list) and len(saved[1]) == len(caches)):
        return False
    for cache, entries in zip(caches, saved[1], strict=True):
        cache.restore(entries)
    return True


def save(root: Path, caches: Sequence[FileCache[Any]], stamp: tuple[str, Signature]) -> bool:
    """Write the entries of ``root``'s own files when any cache computed something new since the
    last save; written to a temporary file first, so a reader never sees half a file."""
    if not any(cache.changed for cache in caches):
        return False
    prefix = str(root)

    def own(name: str) -> bool:  # names are the project root or paths under it
        return name == prefix or name.startswith(prefix + os.sep)

    target = root / CACHE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with partial.open("wb") as file:
        pickle.dump((stamp, [cache.entries(own) for cache in caches]), file,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)
    for cache in caches:
        cache.mark_saved()
    return True
