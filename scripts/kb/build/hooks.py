"""MkDocs hooks: only what is MkDocs-specific. The per-page work is the Markdown extension
``kb.build.extension``, which any Python-Markdown engine runs; the hooks validate early (so MkDocs
stops before writing anything), add the glossary exports as generated files, serve our own CSS
and JS minified, give Material's search the page's own terms as tags, put the Content Security
Policy in, and report timings. Under ``mkdocs serve --dirty`` (``make serve``) they also mark the
pages an edit can change, so a rebuild redoes those and no others (``kb.build.incremental``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kb.build.csp import add_policy
from kb.build.extension import load_built, save_sources
from kb.build.incremental import TEMPLATES, TRACKER, allow_dirty_builds
from kb.build.minify import is_own_asset, minify
from kb.build.search import (
    glossary_entry_fields,
    glossary_entry_names,
    search_keywords,
    tags_on_page_entries,
    with_entry_fields,
    without_letter_lists,
)
from kb.build.site import Site
from kb.build.timing import phase, write_report
from kb.core.problems import BuildFailed
from kb.glossary.exports import glossary_csv, glossary_jsonld

# mkdocstrings adds its stylesheet to every page's <head>; only pages it rendered need it.
_MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">')
_MKDOCSTRINGS_OUTPUT = 'class="doc doc-'


_dirty = False
# Each page's front-matter description by its URL, for the search index (on_post_build).
_descriptions: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether builds are dirty (``mkdocs serve --dirty``); hooks have no other way to
    know. Module state: MkDocs loads this file once per configuration load, and calls this once.
    Parsed sources are saved on disk for the next build, but not after each rebuild of a serve."""
    global _dirty
    _dirty = dirty
    save_sources(command != "serve")
    if dirty:
        allow_dirty_builds()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Validate every source once; add the glossary exports as generated files; serve our own
    CSS and JS minified (``kb.build.minify``); in a dirty build, mark the pages the last edit can
    change."""
    site = _site(config)
    if _dirty:
        _mark_for_rebuild(files, TRACKER.rebuild(_paths(config)[0].resolve(), site), config)
    with phase("minify"):
        docs = _paths(config)[1].resolve()
        for file in files.media_files():
            if (file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs)
                    and is_own_asset(file.src_uri)):
                file.content_string = minify(file.content_string, file.src_uri)
    with phase("exports"):
        glossary_url = (config.site_url or "/") + "glossary/"
        files.append(File.generated(config, "glossary.json",
                                    content=glossary_jsonld(site.glossary, glossary_url)))
        files.append(File.generated(config, "glossary.csv",
                                    content=glossary_csv(site.glossary, glossary_url)))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The names of the terms the page is the main article of, as Material's search tags."""
    built = load_built(*_paths(config), config)
    own = built.own.get(page.file.src_uri, frozenset())
    page.meta["tags"] = search_keywords(page.meta.get("tags"), built.site, own, page.file.src_uri)
    if isinstance(page.meta.get("description"), str):
        _descriptions[page.url] = page.meta["description"]
    return html


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """In a dirty build MkDocs leaves the pages it does not rebuild unread, so their titles are
    ``None`` in the rebuilt pages' navigation and footer: give them the front-matter title, the one
    MkDocs reads (every page has one; ``kb.pages.frontmatter``). And keep compiled templates
    between rebuilds."""
    if _dirty:
        env.bytecode_cache = TEMPLATES
        titles = {path: record.page.meta.title for path, record in _site(config).pages.items()}
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and file.src_uri in titles:
                page.markdown = ""
                page.meta = {"title": titles[file.src_uri]}
    return env


def _mark_for_rebuild(files: Files, rebuild: frozenset[str] | None, config: MkDocsConfig) -> None:
    """MkDocs rebuilds a page in a dirty build when ``File.is_modified()`` says so; for pages that
    depend on the edited one, say so. Material's search then merges the new entries into the
    previous index, dropping only the first rebuilt page's old entries: drop the others' too."""
    marked = set()
    for file in files.documentation_pages():
        if rebuild is None or file.src_uri in rebuild:
            setattr(file, "is_modified", lambda: True)  # noqa: B010 (instance override, by design)
            marked.add(file.url)
    search = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", None)
    if previous is not None:
        previous.entries = [entry for entry in previous.entries
                            if entry["location"].split("#", 1)[0] not in marked]


def _paths(config: MkDocsConfig) -> tuple[Path, Path]:
    return Path(config.config_file_path).parent, Path(config.docs_dir)


def _site(config: MkDocsConfig) -> Site:
    """The validated site (cached by ``kb.build.extension``); every problem aborts the build."""
    try:
        return load_built(*_paths(config), config).site
    except BuildFailed as error:
        raise Abort(f"\n{error}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop mkdocstrings' stylesheet from pages without API documentation (all but the toolkit
    reference): 1.5 KB gzip and a request saved on every other page. Instant navigation adds and
    removes the link as the reader moves between pages, since it diffs the <head>. Then the
    Content Security Policy and referrer policy first in <head> (not in the offline bundle)."""
    if _MKDOCSTRINGS_OUTPUT not in output:
        output = _MKDOCSTRINGS_CSS.sub("", output, count=1)
    if _offline(config):
        return output
    with phase("content security policy"):
        return add_policy(output, page.content or "")


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same policy on the theme's own pages (404.html); sitemap.xml needs none."""
    if _offline(config) or not template_name.endswith(".html"):
        return output_content
    with phase("content security policy"):
        return add_policy(output_content, "")


def _offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on: the file:// bundle, where 'self' cannot work."""
    for name in ("material/offline", "offline"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return bool(plugin.config.get("enabled", True))
    return False


@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Tags and the description only on each page's own search entry, no A-Z letter lists, and
    each glossary entry's other names and main articles for the search box
    (``kb.build.search.tags_on_page_entries``, ``without_letter_lists``, ``with_entry_fields``):
    after Material's search writes its index (priority 0), before its offline plugin inlines it (-100).
    Then report hook timings for the benchmarks."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        with phase("search index"):
            site = _site(config)
            index = with_entry_fields(tags_on_page_entries(
                without_letter_lists(json.loads(path.read_text(encoding="utf-8"))),
                _descriptions, glossary_entry_names(site)), glossary_entry_fields(site))
            path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    write_report()
