"""The review report: every page with its grade, words, sources and review age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from kb.build.site import CITING_TYPES, Site
from kb.pages.frontmatter import MAX_REVIEW_AGE_DAYS, STALE_AFTER_DAYS
from kb.pages.readability import body_text, grade, word_count


@dataclass(frozen=True)
class PageReport:
    """What a reviewer needs to know about one page."""

    path: str
    type: str
    words: int
    sources: int
    grade: float
    reviewed: dt.date
    age_days: int

    @property
    def status(self) -> str:
        """ok, due (over 12 months) or overdue (over 24 months)."""
        if self.age_days > MAX_REVIEW_AGE_DAYS:
            return "overdue"
        return "due" if self.age_days > STALE_AFTER_DAYS else "ok"


def page_reports(site: Site, today: dt.date) -> list[PageReport]:
    """One report per content page (topic, modality and index pages)."""
    reports = []
    for path, record in sorted(site.pages.items()):
        meta = record.page.meta
        if meta.type not in CITING_TYPES:
            continue
        text = body_text(record.page.body)
        reports.append(PageReport(path, meta.type.value, word_count(text), len(record.keys),
                                  grade(text), meta.reviewed, (today - meta.reviewed).days))
    return reports


def format_report(reports: list[PageReport]) -> str:
    """A plain-text table, with readability per section (min / median / max)."""
    lines = [f"{'page':55} {'type':8} {'words':>5} {'srcs':>4} {'grade':>5} {'reviewed':10} status"]
    for r in reports:
        lines.append(f"{r.path:55} {r.type:8} {r.words:5d} {r.sources:4d} {r.grade:5.1f} "
                     f"{r.reviewed.isoformat():10} {r.status}")
    sections: dict[str, list[float]] = {}
    for r in reports:
        section = r.path.split("/")[0] if "/" in r.path else "(home)"
        sections.setdefault(section, []).append(r.grade)
    lines.append("")
    lines.append("readability by section (min / median / max):")
    for section, grades in sorted(sections.items()):
        lines.append(f"  {section:20} {min(grades):4.1f} / {median(grades):4.1f} / {max(grades):4.1f}")
    due = [r for r in reports if r.status != "ok"]
    lines.append("")
    lines.append(f"{len(due)} page(s) due for review" + (":" if due else "."))
    lines += [f"  {r.path} (reviewed {r.reviewed}, {r.status})" for r in due]
    return "\n".join(lines)
