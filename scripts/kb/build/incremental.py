"""Which pages an edit can change, so ``mkdocs serve --dirty`` rebuilds those and no others.

MkDocs' dirty build rebuilds only the pages whose source file is newer than their output. That is
stale for this site: the references' letter pages list the pages citing each source, the quick reference
lists the pages using each key fact, and every page shows the others' titles in its navigation. So
after each successful load the site is compared with the one before, and the answer is the set of
docs paths whose output can differ:

- a page whose text changed, and nothing else, when its front matter is the same;
- plus the references' letter page of each source it began or stopped citing;
- plus every page with a ``quick-reference`` shortcode when the key facts it uses changed;
- every page (``None``) when its front matter changed (title, description, rating: shown on
  other pages), when a page was added or removed, or when anything outside the pages changed
  (references.yml, glossary, facts, corrections, instruments, configuration, included files).
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from kb.bibliography.pages import entry_pages
from kb.build.site import PageRecord, Site
from kb.core.filecache import Signature, signature
from kb.core.shortcodes import shortcode_uses

# Files outside docs/ that pages include or that configure the build (mkdocs.yml, the Markdown
# files pulled in with snippets, theme overrides): any change means a full rebuild.
_PROJECT_FILES = ("mkdocs.yml", "*.md", "overrides/**/*")
_DIRTY_WARNING = "A 'dirty' build is being performed"


def pages_to_rebuild(before: Site | None, after: Site) -> frozenset[str] | None:
    """Docs paths whose built page can differ between ``before`` and ``after``; ``None``: all."""
    if before is None or set(before.pages) != set(after.pages):
        return None
    if (before.bibliography is not after.bibliography or before.glossary is not after.glossary
            or before.facts != after.facts or before.corrections != after.corrections
            or before.instruments != after.instruments):
        return None
    changed: set[str] = set()
    for path, record in after.pages.items():
        old = before.pages[path]
        if old == record:
            continue
        if old.page.meta != record.page.meta:
            return None
        changed.add(path)
        if old.keys != record.keys:
            changed |= _reference_pages(after, old.keys ^ record.keys)
        if _fact_ids(old) != _fact_ids(record):
            changed |= _pages_using(after, "quick-reference")
    return frozenset(changed)


def _reference_pages(site: Site, keys: set[str]) -> set[str]:
    """The letter pages listing ``keys`` (the index lists no citing pages)."""
    entries = site.bibliography.entries
    pages = entry_pages(entries)
    return {pages[key] for key in keys if key in pages} & set(site.pages)


def _fact_ids(record: PageRecord) -> set[str]:
    return {use.id for use in record.facts}


def _pages_using(site: Site, shortcode: str) -> set[str]:
    return {path for path, record in site.pages.items()
            if shortcode_uses(record.page.body, record.page.body_line, shortcode)}


def project_signature(root: Path) -> Signature:
    """Modification times of the configuration and the files pages include."""
    return signature(sorted(path for pattern in _PROJECT_FILES for path in root.glob(pattern)
                            if path.is_file()))


class Tracker:
    """The last successfully built site per project, to compare the next build with."""

    def __init__(self) -> None:
        self._last: dict[Path, tuple[Signature, Site]] = {}

    def rebuild(self, root: Path, site: Site) -> frozenset[str] | None:
        """Pages the build about to run must rebuild (``None``: all); remembers ``site``."""
        project = project_signature(root)
        last = self._last.get(root)
        self._last[root] = (project, site)
        if last is None or last[0] != project:
            return None
        return pages_to_rebuild(last[1], site)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates kept in memory across rebuilds: ``mkdocs serve`` makes a new
    Jinja environment for every rebuild and compiled Material's templates again each time (a
    third of a one-page rebuild). Jinja checks each entry against its template's source."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with the template's compiled code, if kept."""
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the template's freshly compiled code."""
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate, which ``strict: true``
    turns into a failed build; the tracker is what makes the dirty build complete here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def allow_dirty_builds() -> None:
    """Stop MkDocs' dirty-build warning from failing the strict build (once per process)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(existing, _DropDirtyWarning) for existing in logger.filters):
        logger.addFilter(_DropDirtyWarning())


TRACKER = Tracker()
TEMPLATES = MemoryBytecodeCache()
