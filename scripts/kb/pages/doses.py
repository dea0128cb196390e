"""No dose in prose: a dose (a number followed by mg, mcg, µg or mL) in a page's text must come
from the key-facts registry through ``<!-- kb:fact id -->``, where it is stated once with the
source's own words beside it. A page may list a dose it needs in prose (a table of study arms,
for example) under ``allow_doses`` with a reason."""

from __future__ import annotations

import re

from kb.core.citations import mask_code
from kb.core.literals import contains_any, required_literals
from kb.core.problems import Problem
from kb.pages.frontmatter import ParsedPage

_NUMBER = r"\d+(?:[.,]\d+)?"
DOSE_RE = re.compile(rf"(?<![\w.]){_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?\s*(?:mg|mcg|µg|μg|mL|ml)\b")
# The units: DOSE_RE, led by a look-behind, is tried at every position; most pages have no unit.
_UNITS = required_literals(DOSE_RE.pattern)


def normalise_dose(text: str) -> str:
    """``"8 mg"``, ``"8mg"`` and ``"8 MG"`` are one dose."""
    return re.sub(r"\s+", "", text).lower().replace("μ", "µ").replace("–", "-")


def dose_problems(page: ParsedPage) -> list[Problem]:
    """Doses in the page's text (outside code, comments and shortcodes) not listed in allow_doses."""
    allowed = {normalise_dose(item.dose) for item in page.meta.allow_doses}
    masked = mask_code(page.body)
    problems = []
    seen: set[str] = set()
    found = DOSE_RE.finditer(masked) if _UNITS is None or contains_any(masked, _UNITS) else ()
    for match in found:
        dose = normalise_dose(match.group(0))
        seen.add(dose)
        if dose not in allowed:
            line = page.body_line + masked.count("\n", 0, match.start())
            problems.append(Problem(
                page.path, line, f"dose '{match.group(0)}' in prose",
                "state it through a key fact (<!-- kb:fact id -->, facts/*.yml) with the source's "
                "quote, or list it under allow_doses in front matter with a reason"))
    for item in page.meta.allow_doses:
        if normalise_dose(item.dose) not in seen:
            problems.append(Problem(page.path, page.meta_lines.get("allow_doses", 1),
                                    f"allow_doses: '{item.dose}' is not on the page",
                                    "remove it from allow_doses"))
    return problems
