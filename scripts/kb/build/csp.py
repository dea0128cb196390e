"""The Content Security Policy and referrer policy of every page, as ``<meta>`` tags.

Scripts run only from the site itself and from the theme's own inline scripts, each allowed by the
SHA-256 hash of its exact text, computed here from the finished page; never ``'unsafe-inline'``.
An inline script that sits in the page's content (the Markdown's HTML) is not the theme's and is
not hashed, so a script that slips into a page does not run.

The policy is a ``<meta http-equiv>`` tag because the site is static and may be served by a host
whose headers we do not control. A meta policy applies only to what follows it, so it goes right
after ``<meta charset>`` (which HTML wants first), before any script or stylesheet. The offline
bundle (``file://``) gets none: browsers treat every ``file://`` URL as its own origin, so
``'self'`` would block the site's own scripts there.

With instant navigation the first page's policy stays in force while later pages are swapped in;
Material re-runs only the inline scripts inside the page container, which are the same on every
page (the tabbed-content script), so one page's hashes cover the pages it navigates to.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from functools import lru_cache

from lxml import html as lxml_html

# Script types a browser executes (an empty type is JavaScript); JSON data blocks such as
# Material's ``__config`` never run and need no hash.
EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})

REFERRER_POLICY = "no-referrer"

# Everything but scripts. Styles: Material's stylesheets are files and the pages carry no style
# attributes or <style> elements. Images: Material's icons are data: SVGs in its CSS.
FIXED_DIRECTIVES = (
    ("default-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"(?P<start><script\b[^>]*>)(?P<text>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def script_hash(text: str) -> str:
    """The CSP source expression allowing an inline script whose text is exactly ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every executable inline ``<script>`` in ``html`` (a page or a fragment).

    Found the way an HTML tokenizer ends a script (at the first ``</script``), rather than by
    parsing the whole page: that parse was most of the policy's cost. Only each start tag is
    parsed (lxml), for its ``src`` and ``type``. A ``<script`` written inside a comment would add
    a needless hash, never drop a needed one; the browser tests fail on any blocked script."""
    return [match.group("text") for match in _SCRIPT.finditer(html)
            if _executable_inline(match.group("start"))]


@lru_cache(maxsize=1024)  # every page has the theme's same few start tags
def _executable_inline(start_tag: str) -> bool:
    tag = lxml_html.fragment_fromstring(start_tag + "</script>")
    return tag.get("src") is None and (tag.get("type") or "").strip().lower() in EXECUTABLE_TYPES


def theme_script_hashes(page_html: str, content_html: str) -> list[str]:
    """Hashes of the page's inline scripts that the theme put there, not the page content.

    Each inline script found in ``content_html`` is discounted once from those of ``page_html``.
    Sorted and without duplicates, so the policy of a page is stable from build to build.
    """
    remaining = Counter(inline_scripts(page_html)) - Counter(inline_scripts(content_html))
    return sorted({script_hash(text) for text in remaining})


def policy(script_hashes: list[str]) -> str:
    """The policy text: scripts from the site and the given hashes, the fixed directives."""
    scripts = " ".join(["'self'", *script_hashes])
    directives = [("default-src", "'self'"), ("script-src", scripts),
                  *[item for item in FIXED_DIRECTIVES if item[0] != "default-src"]]
    return "; ".join(f"{name} {value}" for name, value in directives)


def meta_tags(script_hashes: list[str]) -> str:
    """The CSP and referrer ``<meta>`` tags."""
    return (f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')


def add_policy(page_html: str, content_html: str) -> str:
    """``page_html`` with the CSP and referrer meta tags first in its ``<head>``.

    Raises ValueError when the page has no ``<head>``: a page must never go out without its policy.
    """
    tags = meta_tags(theme_script_hashes(page_html, content_html))
    head = _HEAD.search(page_html)
    if head is None:
        raise ValueError("the page has no <head> for its Content-Security-Policy")
    charset = _CHARSET.search(page_html, head.end())
    at = charset.end() if charset and not page_html[head.end():charset.start()].strip() else head.end()
    return page_html[:at] + tags + page_html[at:]
