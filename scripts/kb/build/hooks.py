"""MkDocs hooks: only what is MkDocs-specific. The per-page work is the Markdown extension
``kb.build.extension``, which any Python-Markdown engine runs; the hooks validate early (so MkDocs
stops before writing anything), add the glossary exports as generated files, give Material's
search the page's own terms as tags, put the Content Security Policy in, and report timings."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kb.build.csp import add_policy
from kb.build.extension import load_built
from kb.build.search import search_keywords
from kb.build.site import Site
from kb.build.timing import phase, write_report
from kb.core.problems import BuildFailed
from kb.glossary.exports import glossary_csv, glossary_jsonld

# mkdocstrings adds its stylesheet to every page's <head>; only pages it rendered need it.
_MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">')
_MKDOCSTRINGS_OUTPUT = 'class="doc doc-'


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Validate every source once; add the glossary exports as generated files."""
    site = _site(config)
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
    page.meta["tags"] = search_keywords(page.meta.get("tags"), built.site, own)
    return html


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


def on_post_build(config: MkDocsConfig) -> None:
    """Report hook timings for the benchmarks."""
    write_report()
