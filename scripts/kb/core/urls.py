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
    relative = _relpath(target, base if base.endswith("/") else posixpath.dirname(base))
    if relative == ".":
        return "./"
    directory = to_url == "" or to_url.endswith("/")
    return relative + ("/" if directory and not relative.endswith("/") else "")


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for absolute paths, five times faster: most of the 23,000 distinct
    pairs of a 10x build are asked once, so the cache above does not help them. Paths with a
    ``.`` or ``..`` segment go to ``posixpath.relpath`` (``tests/test_urls.py`` compares)."""
    to_parts = [part for part in target.split("/") if part]
    from_parts = [part for part in start.split("/") if part]
    if any(part in (".", "..") for part in to_parts + from_parts):
        return posixpath.relpath(target, start)
    common = 0
    for to_part, from_part in zip(to_parts, from_parts, strict=False):
        if to_part != from_part:
            break
        common += 1
    parts = [".."] * (len(from_parts) - common) + to_parts[common:]
    return "/".join(parts) if parts else "."
