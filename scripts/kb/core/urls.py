"""Site URLs of pages, as MkDocs builds them with ``use_directory_urls: true``."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def page_url(src_path: str) -> str:
    """``treatment/urod.md`` -> ``treatment/urod/``; ``heroin/index.md`` -> ``heroin/``."""
    stem = src_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem.removesuffix("/index")
    return stem + "/"


# Pages link to the same few targets over and over (at 10x content, 42,000 links a build): the
# answer for a pair is kept. posixpath.relpath normalises both paths on every call.
@lru_cache(maxsize=2**16)
def relative_url(to_url: str, from_url: str) -> str:
    """Relative link from the page at ``from_url`` to the page at ``to_url`` (both site-relative)."""
    base = "/" + from_url
    target = "/" + to_url
    relative = posixpath.relpath(target, base if base.endswith("/") else posixpath.dirname(base))
    if relative == ".":
        return "./"
    directory = to_url == "" or to_url.endswith("/")
    return relative + ("/" if directory and not relative.endswith("/") else "")
