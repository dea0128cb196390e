"""The site's own stylesheets and scripts, served minified from the readable sources in ``docs/``.

``rjsmin`` and ``rcssmin`` only take out comments and whitespace: no renaming, no rewriting, so the
served file is the source, token for token, and a reader of the site can still follow it. Both are
pure Python (with optional C speed-ups in their wheels), so the build needs no Node toolchain.
Comments that start with ``/*!`` (licence headers) are kept.

One known gap, handled here: ``rjsmin`` follows ``jsmin.c``, which predates private class members,
so it takes ``#`` for an operator and joins ``#busy = null`` and ``#waiting = null`` on two lines
into ``#busy=null#waiting=null``, a syntax error (class fields end at a line break, not a ``;``).
While it minifies, every ``#`` stands in as a character it treats as part of a name (one that the
source does not contain), which keeps the line break; afterwards it is ``#`` again. ``#`` occurs in
JavaScript only in private names and inside strings, regular expressions and comments, which the
round trip leaves as they were.

Third-party files (any ``vendor/`` folder) are served as they came.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import rcssmin
import rjsmin

SUFFIXES = frozenset({".css", ".js"})
VENDOR = "vendor"
# A private-use character: rjsmin counts every character past ASCII as part of a name.
_PRIVATE_NAME = "\ue000"


def minify_js(source: str) -> str:
    """``source`` without comments and needless whitespace; ``/*!`` comments are kept."""
    if _PRIVATE_NAME in source:
        raise ValueError(f"cannot minify a script that contains U+{ord(_PRIVATE_NAME):04X}")
    minified = rjsmin.jsmin(source.replace("#", _PRIVATE_NAME), keep_bang_comments=True)
    return str(minified).replace(_PRIVATE_NAME, "#")


def minify_css(source: str) -> str:
    """``source`` without comments and needless whitespace; ``/*!`` comments are kept."""
    return str(rcssmin.cssmin(source, keep_bang_comments=True))


def is_own_asset(src_uri: str) -> bool:
    """Whether the file at ``src_uri`` (relative to ``docs/``) is one of ours to minify."""
    path = PurePosixPath(src_uri)
    return path.suffix in SUFFIXES and VENDOR not in path.parts[:-1]


def minify(source: str, src_uri: str) -> str:
    """``source`` minified by the minifier for ``src_uri``'s suffix (``.css`` or ``.js``)."""
    suffix = PurePosixPath(src_uri).suffix
    if suffix == ".js":
        return minify_js(source)
    if suffix == ".css":
        return minify_css(source)
    raise ValueError(f"no minifier for {src_uri}")
