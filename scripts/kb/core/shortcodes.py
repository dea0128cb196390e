"""Shortcode syntax: ``<!-- kb:name arg ... -->``, HTML comments that GitHub's preview hides.

One pattern for every reader of shortcodes: the page rules (known names), the renderer, and the
content kinds that validate their own arguments (key facts, instruments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Arguments are anything but spaces and '>', so a malformed argument is still seen and reported.
SHORTCODE_RE = re.compile(r"<!--\s*kb:(?P<name>[a-z-]+)(?P<args>(?:\s+[^\s>]+)*)\s*-->")


@dataclass(frozen=True)
class ShortcodeUse:
    """One shortcode in a page body, with its arguments and line."""

    name: str
    args: tuple[str, ...]
    line: int


def shortcode_uses(body: str, first_line: int, name: str) -> list[ShortcodeUse]:
    """Every ``<!-- kb:name ... -->`` of one name in ``body``, whose first line is ``first_line``."""
    return [ShortcodeUse(name, tuple(m.group("args").split()),
                         first_line + body.count("\n", 0, m.start()))
            for m in SHORTCODE_RE.finditer(body) if m.group("name") == name]
