"""Structural rules for page bodies: Key points, modality section order, shortcodes."""

from __future__ import annotations

import re
from fnmatch import fnmatch

from kb.core.problems import Problem
from kb.core.shortcodes import SHORTCODE_RE
from kb.pages.frontmatter import PageType, ParsedPage

KEY_POINTS_RE = re.compile(r'^!!! abstract "Key points"\s*$')
BULLET_RE = re.compile(r"^    [-*] \S")
EMERGENCY_PAGES = ("health-effects/overdose.md", "health-effects/withdrawal.md",
                   "treatment/detoxification/*.md", "help/*.md")
EMERGENCY_MARK = "<!-- kb:emergency -->"
MODALITY_SECTIONS = [
    "What it is",
    "How it is meant to work",
    "What happens",
    "What the evidence shows",
    "Risks and who should not have it",
    "Where it fits",
    "Questions to ask a provider",
]


def key_points_problems(page: ParsedPage) -> list[Problem]:
    """Topic and modality pages open with a Key points admonition of 3 to 5 bullets."""
    if page.meta.type not in (PageType.TOPIC, PageType.MODALITY) or page.meta.stub:
        return []
    lines = page.body.split("\n")
    index = 0
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith("# ")):
        index += 1
    line_number = page.body_line + index
    if index >= len(lines) or not KEY_POINTS_RE.match(lines[index]):
        return [Problem(page.path, line_number, "the page must open with a Key points admonition",
                        'after the title, add \'!!! abstract "Key points"\' with 3 to 5 '
                        "indented bullets")]
    bullets = 0
    for line in lines[index + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        bullets += bool(BULLET_RE.match(line))
    if not 3 <= bullets <= 5:
        return [Problem(page.path, line_number, f"Key points has {bullets} bullets",
                        "write 3 to 5 plain-language bullets")]
    return []


def modality_section_problems(page: ParsedPage) -> list[Problem]:
    """Modality pages use the shared H2 sections in the shared order."""
    if page.meta.type is not PageType.MODALITY or page.meta.stub:
        return []
    headings = [(page.body_line + i, line[3:].strip())
                for i, line in enumerate(page.body.split("\n")) if line.startswith("## ")]
    found = [title for _, title in headings if title in MODALITY_SECTIONS]
    if found != MODALITY_SECTIONS:
        missing = [s for s in MODALITY_SECTIONS if s not in found]
        what = f"missing sections: {', '.join(missing)}" if missing else "sections out of order"
        return [Problem(page.path, headings[0][0] if headings else page.body_line,
                        f"treatment modality page: {what}",
                        "use these H2 headings in this order: " + "; ".join(MODALITY_SECTIONS))]
    return []


def shortcode_problems(page: ParsedPage, known: frozenset[str],
                       taking_arguments: frozenset[str] = frozenset()) -> list[Problem]:
    """Every ``<!-- kb:name -->`` must be a known shortcode; only some take arguments."""
    problems = []
    for offset, line in enumerate(page.body.split("\n")):
        for match in SHORTCODE_RE.finditer(line):
            name = match.group("name")
            if name not in known:
                problems.append(Problem(page.path, page.body_line + offset,
                                        f"unknown shortcode 'kb:{name}'",
                                        "use one of: " + ", ".join(sorted(known))))
            elif match.group("args").strip() and name not in taking_arguments:
                problems.append(Problem(page.path, page.body_line + offset,
                                        f"shortcode 'kb:{name}' takes no arguments",
                                        f"write <!-- kb:{name} -->"))
    return problems


def emergency_problems(page: ParsedPage, docs_path: str) -> list[Problem]:
    """Overdose, withdrawal, detoxification and help pages carry the emergency box."""
    if not any(fnmatch(docs_path, pattern) for pattern in EMERGENCY_PAGES) or page.meta.stub:
        return []
    if EMERGENCY_MARK in page.body:
        return []
    return [Problem(page.path, page.body_line, "this page must carry the emergency box",
                    f"add {EMERGENCY_MARK} on its own line right after Key points")]
