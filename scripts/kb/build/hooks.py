"""Thin MkDocs hooks: load and validate once, then render each page with pure functions."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kb.build.csp import add_policy
from kb.build.render import GLOSSARY_PAGE, render_page, url_link
from kb.build.search import search_keywords
from kb.build.site import CITING_TYPES, Site, load_site
from kb.build.timing import phase, write_report
from kb.core.problems import BuildFailed
from kb.glossary.exports import glossary_csv, glossary_jsonld
from kb.glossary.linker import Target, TermLinker

_state: dict[str, Any] = {}
# Outside the "mkdocs" logger tree on purpose: a page due for review is a warning to read,
# not a strict-mode failure (pages over 24 months old do fail, in validation).
review_log = logging.getLogger("kb.review")
# mkdocstrings adds its stylesheet to every page's <head>; only pages it rendered need it.
_MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">')
_MKDOCSTRINGS_OUTPUT = 'class="doc doc-'


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Validate every source once; add the glossary exports as generated files."""
    root = Path(config.config_file_path).parent
    with phase("load and validate"):
        try:
            site = load_site(root, Path(config.docs_dir))
        except BuildFailed as error:
            raise Abort(f"\n{error}") from None
    _state["site"] = site
    for warning in site.warnings:
        review_log.warning("WARNING (review due) %s", warning)
    _state["linker"] = TermLinker(_targets(site))
    own: dict[str, set[str]] = {}
    for slug, entry in site.glossary.items():
        for page_path in entry.term.pages:
            own.setdefault(page_path, set()).add(slug)
    _state["own"] = own
    with phase("exports"):
        glossary_url = (config.site_url or "/") + "glossary/"
        files.append(File.generated(config, "glossary.json",
                                    content=glossary_jsonld(site.glossary, glossary_url)))
        files.append(File.generated(config, "glossary.csv", content=glossary_csv(site.glossary)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Shortcodes, evidence box and citations."""
    with phase("citations and shortcodes"):
        return render_page(_state["site"], page.file.src_uri, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Glossary links and abbreviation tooltips; the page's own terms as search keywords."""
    site: Site = _state["site"]
    path = page.file.src_uri
    record = site.pages.get(path)
    own = frozenset(_state["own"].get(path, ()))
    page.meta["tags"] = search_keywords(page.meta.get("tags"), site, own)
    with phase("glossary linking"):
        return _state["linker"].link(  # type: ignore[no-any-return]
            html, url_link(path, GLOSSARY_PAGE),
            link_terms=record is not None and record.page.meta.type in CITING_TYPES,
            skip_slugs=own, in_glossary=path == GLOSSARY_PAGE)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """mkdocstrings' stylesheet only where there is API documentation; then the Content Security
    Policy and referrer policy first in <head> (not in the offline bundle)."""
    output = _without_unused_api_css(output)
    if _offline(config):
        return output
    with phase("content security policy"):
        return add_policy(output, page.content or "")


def _without_unused_api_css(output: str) -> str:
    # All pages but the toolkit reference save 1.5 KB gzip and a request. Instant navigation adds
    # and removes the link as the reader moves between pages, since it diffs the <head>.
    if _MKDOCSTRINGS_OUTPUT in output:
        return output
    return _MKDOCSTRINGS_CSS.sub("", output, count=1)


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


def on_post_build(config: MkDocsConfig) -> None:
    """Report hook timings for the benchmarks."""
    write_report()


def _targets(site: Site) -> dict[str, Target]:
    targets = {}
    for slug, entry in site.glossary.items():
        term = entry.term
        for name in [term.term, *term.aliases]:
            targets[name] = Target(slug, term.term, term.definition, None)
        if term.abbreviation:
            targets[term.abbreviation] = Target(slug, term.term, term.definition, term.abbreviation)
    return targets
