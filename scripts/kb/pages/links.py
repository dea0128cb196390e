"""Internal links between pages: the target page must exist and the #anchor must be on it.

MkDocs validates links too, but names no line; this check says exactly where the link is.
Anchors are the heading ids Python-Markdown's toc extension makes, plus explicit ``{#id}``
attributes and ``id="..."`` in raw HTML.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique

from kb.core.citations import mask_code
from kb.core.problems import Problem

_LINK_RE = re.compile(r"\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$", re.M)
_ATTR_ID_RE = re.compile(r"\{:?[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}")
_HTML_ID_RE = re.compile(r"\bid=\"(?P<id>[^\"]+)\"")
_INLINE_MARKUP_RE = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def anchors(markdown: str) -> set[str]:
    """Every id a page's Markdown produces for its headings and explicit ids."""
    masked = mask_code(markdown)
    ids: set[str] = set()
    for match in _HEADING_RE.finditer(masked):
        if match.group("id"):
            ids.add(match.group("id"))
            continue
        text = _INLINE_MARKUP_RE.sub(lambda m: m.group(1) or "", match.group("text"))
        ids.add(unique(slugify(text, "-"), ids))
    ids.update(m.group("id") for m in _ATTR_ID_RE.finditer(masked))
    if 'id="' in markdown:  # the scan, led by \b, tries every position of the page
        ids.update(m.group("id") for m in _HTML_ID_RE.finditer(markdown))
    return ids


def link_problems(file: str, docs_path: str, markdown: str, first_line: int,
                  page_anchors: dict[str, set[str]],
                  moved: dict[str, dict[str, str]] | None = None) -> list[Problem]:
    """Links to missing pages or missing anchors, located by line.

    ``moved``: docs path -> {anchor: docs path of the page that has it}, for anchors a page
    points readers on to (the glossary index's terms are entries on letter pages): a link there
    is reported with the link to use instead.
    """
    masked = mask_code(markdown)
    problems = []
    for match in _LINK_RE.finditer(masked):
        url = match.group("url")
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:")):
            continue
        line = first_line + masked.count("\n", 0, match.start())
        target = docs_path
        if parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(docs_path),
                                                       unquote(parts.path)))
            if not target.endswith(".md"):
                continue  # assets (figures, downloads) are checked on the built site
            if target not in page_anchors:
                problems.append(Problem(file, line, f"link to '{url}': no page docs/{target}",
                                        "link to an existing .md file, relative to this page"))
                continue
        fragment = unquote(parts.fragment)
        elsewhere = (moved or {}).get(target, {}).get(fragment)
        if fragment and elsewhere:
            better = posixpath.relpath(elsewhere, posixpath.dirname(docs_path) or ".")
            problems.append(Problem(file, line, f"link to '{url}': #{fragment} on docs/{target} "
                                    f"only forwards to docs/{elsewhere}",
                                    f"link to the entry itself: {better}#{fragment}"))
        elif fragment and fragment not in page_anchors[target]:
            problems.append(Problem(file, line, f"link to '{url}': no anchor #{fragment} on "
                                    f"docs/{target}", "use the id of an existing heading"))
    return problems
