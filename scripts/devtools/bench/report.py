"""Outcomes of benchmarks: printed tables, ``bench/results.json`` and the BENCHMARKS.md block."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.bench.budgets import Check

DOC_START = "<!-- bench:results:start -->"
DOC_END = "<!-- bench:results:end -->"


@dataclass(frozen=True)
class Table:
    """A titled table of already formatted cells."""

    title: str
    headers: list[str]
    rows: list[list[str]]

    def as_json(self) -> dict[str, Any]:
        """Plain data for ``bench/results.json``."""
        return {"title": self.title, "headers": self.headers, "rows": self.rows}


@dataclass
class Outcome:
    """What one benchmark found: tables for people, figures for machines, budget checks."""

    name: str
    title: str
    tables: list[Table]
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when every budget of this benchmark holds."""
        return all(check.passed for check in self.checks)

    def as_json(self) -> dict[str, Any]:
        """Plain data for ``bench/results.json``."""
        return {"title": self.title, "tables": [t.as_json() for t in self.tables],
                "figures": self.figures, "checks": [c.as_json() for c in self.checks],
                "notes": self.notes, "seconds": round(self.seconds, 1)}


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with columns padded to their widest cell (numbers right-aligned)."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(width) if _numeric(cell) else cell.ljust(width)
                         for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """The same table in Markdown (pipes in cells escaped)."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    aligns = ["---:" if rows and all(_numeric(r[i]) for r in rows) else "---"
              for i in range(len(headers))]
    return "\n".join([line(headers), "| " + " | ".join(aligns) + " |", *map(line, rows)])


def _numeric(cell: str) -> bool:
    return re.fullmatch(r"[-+]?[\d.,]+\s*(%|x|s|ms|KB|KiB|MiB|B)?", cell.strip()) is not None


def render_text(outcome: Outcome) -> str:
    """The console form of an outcome."""
    parts = [f"== {outcome.title} =="]
    for item in outcome.tables:
        parts += [f"-- {item.title}" if item.title else "", table(item.headers, item.rows), ""]
    parts += [check.line() for check in outcome.checks]
    parts += [f"note: {note}" for note in outcome.notes]
    return "\n".join(parts) + "\n"


def render_markdown(results: dict[str, Any]) -> str:
    """The "Latest figures" block of BENCHMARKS.md from a results document."""
    machine = results["machine"]
    total = sum(outcome.get("seconds", 0) for outcome in results["benchmarks"].values())
    parts = [f"Measured on {machine['cpu']} ({machine['cores']} cores, "
             f"{machine['memory_gib']} GiB RAM), {machine['system']}, Python {machine['python']}. "
             f"The benchmarks took {total:.0f} s in all (`make bench` adds one `mkdocs build`).", ""]
    for outcome in results["benchmarks"].values():
        parts += [f"### {outcome['title']} ({outcome.get('date', results['date'])})", ""]
        for item in outcome["tables"]:
            parts += [f"{item['title']}:", ""] if item["title"] else []
            parts += [markdown_table(item["headers"], item["rows"]), ""]
        for check in outcome["checks"]:
            verdict = "**pass**" if check["passed"] else "**FAIL**"
            unit = f" {check['unit']}" if check["unit"] else ""
            parts.append(f"- {verdict}: {check['description']} = {_short(check['value'])}{unit} "
                         f"(budget <= {_short(check['limit'])}{unit})")
        parts += [f"- {note}" for note in outcome["notes"]]
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def _short(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def replace_block(document: str, block: str) -> str:
    """``document`` with the text between the results markers replaced by ``block``, keeping the
    sections of the old text that ``block`` lacks (a benchmark not run this time, whose figures
    ``bench/results.json`` on another machine or a fresh clone does not hold), each in its place."""
    start, end = document.find(DOC_START), document.find(DOC_END)
    if start < 0 or end < start:
        raise ValueError(f"BENCHMARKS.md needs the markers {DOC_START} and {DOC_END}")
    merged = merge_sections(document[start + len(DOC_START):end], block)
    return document[: start + len(DOC_START)] + "\n\n" + merged + "\n" + document[end:]


_SECTION = re.compile(r"^### (.+?)(?: \(\d{4}-\d{2}-\d{2}\))?$", re.M)


def merge_sections(old: str, new: str) -> str:
    """``new`` (a figures block: a header, then "### Title (date)" sections) with the sections of
    ``old`` that it lacks, by title: the old order first, then the new titles."""
    _, old_sections = _split_sections(old)
    head, sections = _split_sections(new)
    merged = {title: sections.get(title, text) for title, text in old_sections.items()}
    merged.update(sections)
    return "\n".join(part.strip("\n") + "\n" for part in [head, *merged.values()] if part.strip())


def _split_sections(block: str) -> tuple[str, dict[str, str]]:
    """A figures block's header and its sections by title (the date left out)."""
    starts = [match.start() for match in _SECTION.finditer(block)]
    head = block[: starts[0]] if starts else block
    sections = {}
    for index, begin in enumerate(starts):
        text = block[begin: starts[index + 1] if index + 1 < len(starts) else len(block)]
        match = _SECTION.match(text)
        if match:
            sections[match.group(1)] = text
    return head, sections


def merge_results(previous: dict[str, Any], outcomes: list[Outcome], machine: dict[str, Any],
                  date: str, wall_seconds: float, order: list[str] | None = None) -> dict[str, Any]:
    """Update the benchmarks just run; keep the others' last figures (running one is allowed).

    Benchmarks are listed in ``order`` (names not in it last), whatever order they ran in.
    """
    merged = dict(previous.get("benchmarks", {}))
    merged.update({o.name: {**o.as_json(), "date": date} for o in outcomes})
    rank = {name: index for index, name in enumerate(order or [])}
    benchmarks = dict(sorted(merged.items(), key=lambda item: rank.get(item[0], len(rank))))
    return {"date": date, "machine": machine, "wall_seconds": round(wall_seconds, 1),
            "passed": all(b["checks"] == [] or all(c["passed"] for c in b["checks"])
                          for b in benchmarks.values()),
            "benchmarks": benchmarks}


def machine_info() -> dict[str, Any]:
    """Cores, CPU model, memory, OS and Python: what the figures depend on."""
    cpu = platform.processor() or platform.machine()
    memory = 0.0
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        cpu = model.group(1).strip() if model else cpu
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
        memory = int(total.group(1)) / 1024 / 1024 if total else 0.0
    except OSError:
        pass  # not Linux: the platform module's answer will do
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": cores, "memory_gib": round(memory, 1),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def today() -> str:
    """The date the figures were measured (ISO)."""
    return dt.date.today().isoformat()


def load_results(path: Path) -> dict[str, Any]:
    """The previous results document, or an empty one."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {}
