"""Evidence ratings: the badge at the top of a modality page and the comparison table."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kb.pages.frontmatter import Evidence, Rating

LABELS: dict[Rating, str] = {
    Rating.STRONG: "Strong evidence",
    Rating.MODERATE: "Moderate evidence",
    Rating.LIMITED: "Limited evidence",
    Rating.INSUFFICIENT: "Insufficient evidence",
    Rating.NOT_RECOMMENDED: "Not recommended",
}


@dataclass(frozen=True)
class Modality:
    """A treatment modality as the comparison table needs it."""

    title: str
    url: str
    purpose: str
    evidence: Evidence


def badge(rating: Rating, method_url: str) -> str:
    """A coloured rating badge linking to the rating's definition on the method page."""
    return (
        f'<a class="kb-badge kb-badge--{rating.value}" href="{method_url}#{rating.value}">'
        f"{LABELS[rating]}</a>"
    )


def evidence_box(evidence: Evidence, method_url: str) -> str:
    """The block shown under a modality page's title: badge and one-sentence summary."""
    return (
        f'<div class="kb-evidence kb-evidence--{evidence.rating.value}" markdown>\n'
        f'<p class="kb-evidence__rating">{badge(evidence.rating, method_url)}</p>\n'
        f'<p class="kb-evidence__summary">{html.escape(evidence.summary)}</p>\n'
        "</div>\n"
    )


def evidence_table(modalities: list[Modality], method_url: str) -> str:
    """The comparison table of every modality, strongest rating first, then by title.

    Source keys are written as citations so the page that shows the table cites them.
    """
    order = list(Rating)
    rows = sorted(modalities, key=lambda m: (order.index(m.evidence.rating), m.title.lower()))
    lines = [
        '<div class="kb-table-scroll" markdown>',
        "",
        "| Modality | What it is for | Evidence | What the evidence shows | Sources |",
        "| --- | --- | --- | --- | --- |",
    ]
    for modality in rows:
        cells = [
            f"[{_cell(modality.title)}]({modality.url})",
            _cell(modality.purpose),
            badge(modality.evidence.rating, method_url),
            _cell(modality.evidence.summary),
            "[" + "; ".join(f"@{key}" for key in modality.evidence.sources) + "]",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return html.escape(text).replace("|", "\\|")
