"""Results of parsing source files, kept while the files are unchanged.

``mkdocs serve`` rebuilds the whole site after every edit. The loaders keep what they parsed
from each file, keyed by the file's path, modification time (ns) and size, so a rebuild after one
edited page re-reads and re-validates only that page; whatever looks across files (citations of
every page, the references page) is still computed from the fresh set on every load. One entry
per path is kept: an edited file replaces its old entry, so memory stays the size of the site.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

Signature = tuple[tuple[str, int, int], ...]
T = TypeVar("T")


def signature(paths: Iterable[Path]) -> Signature:
    """``(path, mtime_ns, size)`` of each file; a missing file is ``(path, -1, -1)``."""
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append((str(path), -1, -1))
            continue
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class FileCache(Generic[T]):
    """Memo of one computed value per name, reused while its key (file signature and any other
    inputs) is unchanged."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Hashable, T]] = {}
        self.hits = 0
        self.misses = 0
        self.changed = False  # an entry was computed since the last ``mark_saved``

    def get(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``name`` if it was computed under ``key``; else compute it now."""
        kept = self._entries.get(name)
        if kept is not None and kept[0] == key:
            self.hits += 1
            return kept[1]
        self.misses += 1
        value = compute()
        self._entries[name] = (key, value)
        self.changed = True
        return value

    def entries(self, names: Callable[[str], bool]) -> dict[str, tuple[Hashable, T]]:
        """The kept entries whose name ``names`` accepts (to save them)."""
        return {name: kept for name, kept in self._entries.items() if names(name)}

    def restore(self, entries: dict[str, tuple[Hashable, T]]) -> None:
        """Take saved entries for names not computed in this process (their keys still decide
        whether they are used)."""
        for name, kept in entries.items():
            self._entries.setdefault(name, kept)

    def mark_saved(self) -> None:
        """What is kept now has been saved."""
        self.changed = False

    def clear(self) -> None:
        """Forget every entry (tests)."""
        self._entries.clear()
        self.hits = self.misses = 0
        self.changed = False
