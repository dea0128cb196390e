"""The per-page work of the build as a Python-Markdown extension, for any engine that runs
Python-Markdown with the extensions in ``markdown_extensions`` (MkDocs, ProperDocs, Zensical).

A Preprocessor expands shortcodes, places the evidence box and turns citations into numbered marks
with the page's reference list (``kb.build.render.render_page``), before any other extension sees
the text. A Postprocessor links glossary terms and marks abbreviations in the finished HTML
(``kb.glossary.linker``). The whole site is loaded and validated once per build: the result is
cached per project root and the modification times of its sources, and a failed validation raises
``BuildFailed`` listing every problem as ``file:line``.

Engines do not hand a page to an extension in one way, so the page being converted is found as:

1. the ``path`` option (docs path such as ``treatment/index.md``), for plain Python-Markdown;
2. MkDocs and ProperDocs: the ``relpath`` tree processor they register on each page's Markdown
   instance carries the page's ``File`` (``src_uri``) and the config (``config_file_path``,
   ``docs_dir``);
3. Zensical: its ``rendering_context`` preprocessor carries the page (``path``) and the config
   (``root_dir``, ``docs_dir``).

A Markdown instance without a page, or one that converts a part of a page (mkdocstrings' inner
instances for docstrings, which get MkDocs' ``relpath`` copied to them), is left alone.

Links the extension writes into raw HTML are source-relative (``../glossary/index.md#slug``), which
Zensical resolves in raw HTML; MkDocs resolves ``.md`` links only in Markdown, so under MkDocs and
ProperDocs the postprocessor turns them into the page-relative URLs MkDocs would have written.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kb.build.render import GLOSSARY_PAGE, md_link, render_page, url_link
from kb.build.site import CITING_TYPES, Site, load_site_saved
from kb.build.timing import phase
from kb.core.problems import BuildFailed
from kb.glossary.linker import Target, TermLinker, summary
from kb.glossary.pages import FOLDER as GLOSSARY_FOLDER
from kb.glossary.pages import entry_pages

# Before pymdownx.snippets (32), Python-Markdown's whitespace normalising (30), fenced code (28)
# and the raw HTML stash (20): the same text the on_page_markdown hook used to get.
PREPROCESSOR_PRIORITY = 35
# After whitespace normalising (30, which removes the stash's placeholder characters) and
# before the raw HTML block parser (20): generated HTML goes to Python-Markdown's stash.
STASH_PRIORITY = 25
_STASHED = re.compile(r"<!--kb-stash:(?P<index>\d+)-->")
# After raw HTML is put back (30) and ampersands are restored (20): the finished fragment.
POSTPROCESSOR_PRIORITY = 1
# After every other tree processor: from here on the postprocessors see the whole page. Before it,
# the table of contents (and MkDocs' title extraction) run all postprocessors on each heading.
TREE_DONE_PRIORITY = -1000
# Where the site's sources live, relative to the project root (besides the docs directory).
SOURCES = ("references.yml", "glossary", "editorial", "facts", "instruments")
# Markdown instances for parts of a page, which get the page's processors copied to them.
INNER_EXTENSIONS = frozenset({"MkdocstringsInnerExtension"})
review_log = logging.getLogger("kb.review")
_SOURCE_LINK = re.compile(r'href="(?P<target>[^":#?]+\.md)(?P<anchor>#[^"]*)?"')


@dataclass(frozen=True)
class Built:
    """The validated site and what every page's rendering derives from it."""

    site: Site
    linker: TermLinker
    own: dict[str, frozenset[str]]  # docs path -> slugs of the terms the page is the main article of


# Per project root: the build it was loaded for (the engine's config object, when it has one per
# build), the sources' fingerprint, and the validated site or the failure.
_cache: dict[Path, tuple[object, tuple[int, int, int], Built | BuildFailed]] = {}
_lock = threading.Lock()


def fingerprint(root: Path, docs_dir: Path) -> tuple[int, int, int]:
    """Number, newest modification time and total size of the site's source files (the pages'
    Markdown and the YAML sources): a few milliseconds, so every page can ask."""
    count = newest = size = 0
    reference = root / "references.yml"
    if reference.is_file():
        stat = reference.stat()
        count, newest, size = 1, stat.st_mtime_ns, stat.st_size
    pending = [(str(docs_dir), ".md"), *((str(root / name), ".yml") for name in SOURCES[1:])]
    while pending:
        folder, suffix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir():
                pending.append((entry.path, suffix))
            elif entry.name.endswith(suffix):
                stat = entry.stat()
                count += 1
                newest = max(newest, stat.st_mtime_ns)
                size += stat.st_size
    return count, newest, size


def save_sources(enabled: bool) -> None:
    """Whether a load saves the parsed sources for the next build (``kb.build.sourcecache``): yes
    for builds, no under ``mkdocs serve``, whose rebuilds keep them in memory."""
    global _save_sources
    _save_sources = enabled


_save_sources = True


def load_built(root: Path, docs_dir: Path, build: object = None) -> Built:
    """The validated site of ``root``: loaded once, again only when a source changed.

    ``build``: an object that is the same for every page of one build and new for the next (MkDocs'
    config); within it the sources are not looked at again. Without it, every call compares the
    sources' fingerprint. Raises ``BuildFailed`` listing every problem (the same one again while
    nothing changed).
    """
    root, docs_dir = root.resolve(), docs_dir.resolve()
    cached = _cache.get(root)
    if build is not None and cached is not None and cached[0] is build:
        if isinstance(cached[2], BuildFailed):
            raise cached[2]
        return cached[2]
    key = fingerprint(root, docs_dir)
    with _lock:
        cached = _cache.get(root)
        if cached is None or cached[1] != key:
            with phase("load and validate"):
                try:
                    site = load_site_saved(root, docs_dir, save=_save_sources)
                    result: Built | BuildFailed = _built(site)
                except BuildFailed as error:
                    result = error
            if isinstance(result, Built):
                for warning in result.site.warnings:
                    review_log.warning("WARNING (review due) %s", warning)
            cached = (build, key, result)
        _cache[root] = cached = (build, key, cached[2])
    if isinstance(cached[2], BuildFailed):
        raise cached[2]
    return cached[2]


def _built(site: Site) -> Built:
    own: dict[str, set[str]] = {}
    for slug, entry in site.glossary.items():
        for page_path in entry.term.pages:
            own.setdefault(page_path, set()).add(slug)
    return Built(site, TermLinker(glossary_targets(site)),
                 {path: frozenset(slugs) for path, slugs in own.items()})


def glossary_targets(site: Site) -> dict[str, Target]:
    """Every name of every glossary term (term, aliases, abbreviation) and what it links to: the
    entry on its letter page."""
    targets = {}
    pages = entry_pages(site.glossary)
    for slug, entry in site.glossary.items():
        term = entry.term
        page = posixpath.basename(pages[slug])
        hover = summary(term.definition)
        for name in [term.term, *term.aliases]:
            targets[name] = Target(slug, term.term, hover, None, page)
        if term.abbreviation:
            targets[term.abbreviation] = Target(slug, term.term, hover, term.abbreviation,
                                                page)
    return targets


def resolve_source_links(html: str, path: str) -> str:
    """Turn source-relative ``.md`` links in ``html`` into page-relative URLs (directory URLs),
    as MkDocs does for Markdown links."""
    def resolve(match: re.Match[str]) -> str:
        return f'href="{_source_url(path, match["target"])}{match["anchor"] or ""}"'
    return _SOURCE_LINK.sub(resolve, html)


# A page links to a few targets many times (every "Full record" goes to the references page).
@lru_cache(maxsize=2**16)
def _source_url(path: str, target: str) -> str:
    return url_link(path, posixpath.normpath(posixpath.join(posixpath.dirname(path), target)))


@dataclass(frozen=True)
class PageContext:
    """The page a Markdown instance is converting, and where its project is."""

    path: str
    root: Path
    docs_dir: Path
    resolve_links: bool  # the engine leaves .md links in raw HTML alone (MkDocs, ProperDocs)
    build: object = None  # the same object for every page of one build, when the engine has one


def page_context(md: Markdown, extension: KbExtension) -> PageContext | None:
    """Find the page being converted (see the module docstring); None when there is none."""
    root = Path(extension.getConfig("root") or ".")
    docs = extension.getConfig("docs_dir") or "docs"
    path = extension.getConfig("path") or ""
    if any(type(ext).__name__ in INNER_EXTENSIONS for ext in md.registeredExtensions):
        return None
    if path:
        return PageContext(path, root, root / docs, False)
    if "relpath" in md.treeprocessors:
        relpath: Any = md.treeprocessors["relpath"]
        file, config = getattr(relpath, "file", None), getattr(relpath, "config", None)
        if file is not None and config is not None:
            return PageContext(file.src_uri, Path(config["config_file_path"]).parent,
                               Path(config["docs_dir"]), True, config)
    if "rendering_context" in md.preprocessors:
        context: Any = md.preprocessors["rendering_context"]
        page, config = getattr(context, "page", None), getattr(context, "config", None) or {}
        if page is not None and getattr(page, "path", None):
            base = Path(config.get("root_dir") or root)
            return PageContext(Path(page.path).as_posix(), base,
                               base / (config.get("docs_dir") or docs), False)
    return None


class KbPreprocessor(Preprocessor):  # type: ignore[misc]  # markdown has no types
    """Shortcodes, evidence box, citations and reference list, on the page's Markdown."""

    def __init__(self, md: Markdown, extension: KbExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return the page's lines with the toolkit's Markdown-level work done."""
        context = page_context(self.md, self.extension)
        self.extension.context = context
        if context is None:
            return lines
        built = self.extension.built = load_built(context.root, context.docs_dir, context.build)
        with phase("citations and shortcodes"):
            return render_page(built.site, context.path, "\n".join(lines),
                               self.extension.hold).split("\n")


class _StashHeld(Preprocessor):  # type: ignore[misc]
    """Hands the HTML ``KbExtension.hold`` kept to Python-Markdown's raw HTML stash, which puts
    it back after Markdown exactly as it is, without parsing it: at 10x content, the raw HTML
    parser (md_in_html) reading every citation mark and reference list was a fifth of the
    Markdown time of a build."""

    def __init__(self, md: Markdown, extension: KbExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines with each held piece's marker replaced by its stash placeholder."""
        held = self.extension.held
        if not held:
            return lines
        text = _STASHED.sub(lambda m: self.md.htmlStash.store(held[int(m.group("index"))]),
                            "\n".join(lines))
        return text.split("\n")


class KbPostprocessor(Postprocessor):  # type: ignore[misc]
    """Glossary term links and abbreviations, on the page's finished HTML."""

    def __init__(self, md: Markdown, extension: KbExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        """Return the page's HTML with term links and abbreviations added."""
        context, built = self.extension.context, self.extension.built
        if context is None or built is None or not self.extension.tree_done:
            return text  # not a page, or a heading's text on its way to the table of contents
        path = context.path
        record = built.site.pages.get(path)
        folder = posixpath.dirname(md_link(path, GLOSSARY_PAGE))
        in_folder = posixpath.dirname(path) == GLOSSARY_FOLDER
        with phase("glossary linking"):
            html = built.linker.link(
                text, folder + "/" if folder else "",
                link_terms=record is not None and record.page.meta.type in CITING_TYPES,
                skip_slugs=built.own.get(path, frozenset()),
                letter_page=posixpath.basename(path) if in_folder and path != GLOSSARY_PAGE
                else None)
            return resolve_source_links(html, path) if context.resolve_links else html


class _TreeDone(Treeprocessor):  # type: ignore[misc]
    """Marks the point after which the postprocessors get the page rather than a heading."""

    def __init__(self, md: Markdown, extension: KbExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Any) -> None:
        """Note that the tree is finished."""
        self.extension.tree_done = True


class KbExtension(Extension):  # type: ignore[misc]
    """The toolkit's per-page rendering as a Python-Markdown extension."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "root": [".", "Project root (references.yml, glossary/, editorial/, facts/, "
                          "instruments/), when the engine does not say; default: the working directory"],
            "docs_dir": ["docs", "Docs directory relative to root, when the engine does not say"],
            "path": ["", "Docs path of the page (e.g. 'treatment/index.md'), when the engine does "
                         "not say"],
        }
        self.context: PageContext | None = None
        self.built: Built | None = None
        self.tree_done = False
        self.held: list[str] = []
        super().__init__(**kwargs)

    def hold(self, html: str) -> str:
        """Keep a piece of generated HTML for ``_StashHeld``; its marker stands in for it (on a
        line of its own for a block, inside the text for a citation mark)."""
        self.held.append(html)
        return f"<!--kb-stash:{len(self.held) - 1}-->"

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the preprocessor and the postprocessor."""
        md.registerExtension(self)
        md.preprocessors.register(KbPreprocessor(md, self), "kb_render", PREPROCESSOR_PRIORITY)
        md.preprocessors.register(_StashHeld(md, self), "kb_stash", STASH_PRIORITY)
        md.treeprocessors.register(_TreeDone(md, self), "kb_tree_done", TREE_DONE_PRIORITY)
        md.postprocessors.register(KbPostprocessor(md, self), "kb_terms", POSTPROCESSOR_PRIORITY)

    def reset(self) -> None:
        """Forget the page between conversions."""
        self.context = None
        self.built = None
        self.tree_done = False
        self.held = []


def makeExtension(**kwargs: Any) -> KbExtension:
    """Entry point Python-Markdown calls for ``markdown_extensions: [kb.build.extension]``."""
    return KbExtension(**kwargs)


__all__ = ["BuildFailed", "KbExtension", "load_built", "makeExtension"]
