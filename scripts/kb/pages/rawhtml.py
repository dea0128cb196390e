"""Raw HTML in Markdown: only allowlisted tags and attributes, only safe URLs.

The Markdown source (with code masked) is parsed by lxml's HTML parser, which finds each raw tag
and its line; Markdown links are read from their ``](target)`` syntax.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html as lxml_html

from kb.core.citations import mask_code
from kb.core.problems import Problem

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "caption", "dd", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "hr", "i", "img", "kbd", "li", "ol", "p", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "mark", "s", "u", "section", "time",
})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "title", "href", "src", "alt", "width", "height",
                                "colspan", "rowspan", "scope", "markdown", "lang", "datetime",
                                "open", "role"})
_MARKDOWN_LINK_RE = re.compile(r"\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK_RE = re.compile(r"<(?P<url>[a-z][a-z0-9+.-]*:[^>\s]+)>", re.I)


def url_problem(url: str) -> str | None:
    """Why ``url`` may not appear in content, or None if it may."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme in ("javascript", "data", "vbscript"):
        return f"'{scheme}:' URLs are not allowed"
    if scheme == "http":
        return "external links must use https"
    if scheme and scheme not in ("https", "mailto", "tel"):
        return f"'{scheme}:' URLs are not allowed"
    return None


def raw_html_problems(file: str, markdown: str, first_line: int) -> list[Problem]:
    """Disallowed tags, attributes (including on* handlers) and URLs in a page body."""
    masked = mask_code(markdown)
    problems: list[Problem] = []
    for match in _MARKDOWN_LINK_RE.finditer(masked):
        reason = url_problem(match.group("url"))
        if reason:
            line = first_line + masked.count("\n", 0, match.start())
            problems.append(Problem(file, line, f"link '{match.group('url')}': {reason}",
                                    "link to an https address or a page of this site"))
    masked = _AUTOLINK_RE.sub(lambda m: " " * len(m.group(0)), masked)
    if "<" not in masked:
        return problems
    root = lxml_html.fragment_fromstring(masked, create_parent="div")
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        line = first_line + (element.sourceline or 1) - 1
        if element.tag not in ALLOWED_TAGS:
            problems.append(Problem(file, line, f"raw HTML tag <{element.tag}> is not allowed",
                                    "use Markdown, or one of: " + ", ".join(sorted(ALLOWED_TAGS))))
            continue
        for name, value in element.attrib.items():
            if name.startswith("on"):
                problems.append(Problem(file, line, f"event handler attribute '{name}' on "
                                        f"<{element.tag}> is not allowed", "remove it"))
            elif name not in ALLOWED_ATTRIBUTES and not name.startswith(("aria-", "data-")):
                problems.append(Problem(file, line, f"attribute '{name}' on <{element.tag}> is "
                                        "not allowed", "remove it; style pages with classes"))
            elif name in ("href", "src") and (reason := url_problem(value)):
                problems.append(Problem(file, line, f"<{element.tag} {name}='{value}'>: {reason}",
                                        "link to an https address or a page of this site"))
    return problems
