"""``make engines``: build the site with MkDocs, ProperDocs and Zensical and compare each page with
the MkDocs build: its main text, citation links, glossary links and boxes.

Zensical runs from ``.venv-engines`` (``requirements-engines.lock``); it runs no MkDocs hooks, so
its glossary exports come from ``python -m kb export``. It only writes inside the project, so every
engine builds into ``.engines/<engine>/``. Prints a Markdown table and writes it to
``test-artifacts/engines.md``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from lxml import html as lxml_html
from lxml.html import HtmlElement as _Element

ROOT = Path.cwd()
OUT = ROOT / ".engines"
ENGINES_BIN = {"mkdocs": ROOT / ".venv" / "bin", "properdocs": ROOT / ".venv" / "bin",
               "zensical": ROOT / ".venv-engines" / "bin"}
# Pages that are not content: the API reference (mkdocstrings, engine-specific) and the 404 page.
SKIPPED = ("about/toolkit/index.html", "404.html")
ASPECTS = ("main text", "citation links", "glossary links", "boxes")
BOX = ("admonition", "kb-evidence", "kb-emergency", "kb-instrument", "kb-references")


@dataclass
class EngineResult:
    """One engine's build time and, per aspect, the pages that differ from the MkDocs build."""

    engine: str
    seconds: float
    pages: int
    differing: dict[str, list[str]]
    exports: bool
    counts: dict[str, int]  # citation links, glossary links and boxes found in this build


def build(engine: str) -> float:
    """Build the site with ``engine`` into ``.engines/<engine>/``; return the wall seconds."""
    target = OUT / engine
    shutil.rmtree(target, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_OFFLINE", None)
    binary = str(ENGINES_BIN[engine] / engine)
    if engine == "zensical":
        config = ROOT / ".engines-zensical.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nsite_dir: {target.relative_to(ROOT)}\n",
                          encoding="utf-8")
        command = [binary, "build", "--clean", "--strict", "-f", str(config)]
    else:
        config = None
        command = [binary, "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", str(target)]
    start = time.perf_counter()
    try:
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                             check=False)
    finally:
        if config is not None:
            config.unlink()
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{engine} build failed:\n{(run.stdout + run.stderr)[-3000:]}")
    if engine == "zensical":  # no hooks: the exports come from the toolkit's own command
        subprocess.run([sys.executable, "-m", "kb", "export", str(target)], cwd=ROOT, check=True,
                       capture_output=True)
    return seconds


def _content(path: Path) -> _Element | None:
    tree = cast(_Element, lxml_html.fromstring(path.read_bytes()))
    found = tree.find_class("md-content__inner")
    return found[0] if found else None


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


# Theme furniture one engine shows and another does not: Zensical lists the front matter tags
# above the text (Material for MkDocs only with its tags plugin, which this site does not use).
FURNITURE = ("md-tags",)


def main_text(article: _Element) -> str:
    """The article's words, whitespace collapsed (headerlink symbols and theme furniture dropped)."""
    article = deepcopy(article)
    for element in [e for e in article.iter() if isinstance(e.tag, str)
                    and _classes(e) & set(FURNITURE)]:
        element.drop_tree()
    text = " ".join(str(t) for t in article.itertext())
    return " ".join(text.replace("\u00b6", " ").split())


def citation_links(article: _Element) -> list[tuple[str, str]]:
    """Every citation mark's number and target, then the reference list's record links."""
    marks = [(a.text_content(), a.get("href", "")) for sup in article.iter("sup")
             if "kb-cite" in _classes(sup) for a in sup.iter("a")]
    records = [(a.text_content(), a.get("href", "")) for a in article.iter("a")
               if "kb-record" in _classes(a)]
    return marks + records


def glossary_links(article: _Element) -> list[tuple[str, str, str]]:
    """Every term link and abbreviation: text, target, title."""
    return [(e.text_content(), e.get("href", ""), e.get("title", "")) for e in article.iter("a", "abbr")
            if e.tag == "abbr" or _classes(e) & {"kb-term", "kb-abbr"}]


def boxes(article: _Element) -> list[str]:
    """The class lists of admonitions, evidence boxes, emergency boxes and tools, in order."""
    return [" ".join(sorted(_classes(e))) for e in article.iter()
            if isinstance(e.tag, str) and _classes(e) & set(BOX)]


EXTRACTORS: dict[str, Callable[[_Element], object]] = {
    "main text": main_text, "citation links": citation_links,
    "glossary links": glossary_links, "boxes": boxes}


def compare(engine: str, seconds: float) -> EngineResult:
    """Compare every content page of ``engine``'s build with MkDocs'."""
    reference, other = OUT / "mkdocs", OUT / engine
    pages = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("index.html")
                   if p.relative_to(reference).as_posix() not in SKIPPED)
    differing: dict[str, list[str]] = {aspect: [] for aspect in ASPECTS}
    counts = dict.fromkeys(ASPECTS[1:], 0)
    for page in pages:
        mine = _content(reference / page)
        theirs = _content(other / page) if (other / page).exists() else None
        for aspect in counts:
            counts[aspect] += len(EXTRACTORS[aspect](theirs)) if theirs is not None else 0  # type: ignore[arg-type]
        for aspect, extract in EXTRACTORS.items():
            if mine is None or theirs is None or extract(mine) != extract(theirs):
                differing[aspect].append(page)
    exports = all((other / name).exists() and
                  (other / name).read_bytes() == (reference / name).read_bytes()
                  for name in ("glossary.json", "glossary.csv"))
    return EngineResult(engine, seconds, len(pages), differing, exports, counts)


def report(results: list[EngineResult]) -> str:
    """A Markdown table: engine, seconds, pages matching per aspect (in brackets: how many
    citation links, glossary links and boxes the engine's pages have); then the differing pages."""
    lines = ["| engine | build s | " + " | ".join(ASPECTS) + " | glossary exports |",
             "| --- | ---: | " + " | ".join("---:" for _ in ASPECTS) + " | --- |"]
    for r in results:
        counts = " | ".join(f"{r.pages - len(r.differing[a])}/{r.pages}"
                            + (f" ({r.counts[a]})" if a in r.counts else "") for a in ASPECTS)
        lines.append(f"| {r.engine} | {r.seconds:.1f} | {counts} | "
                     f"{'same' if r.exports else 'differ'} |")
    for r in results:
        for aspect in ASPECTS:
            if r.differing[aspect]:
                shown = ", ".join(p.removesuffix("index.html") or "/" for p in r.differing[aspect][:8])
                more = len(r.differing[aspect]) - 8
                lines.append(f"\n{r.engine}, {aspect} differs on: {shown}"
                             + (f" and {more} more" if more > 0 else ""))
    return "\n".join(lines) + "\n"


def main() -> int:
    """Build with every engine, compare, print and save the table."""
    OUT.mkdir(exist_ok=True)
    times = {engine: build(engine) for engine in ENGINES_BIN}
    results = [compare(engine, seconds) for engine, seconds in times.items()]
    text = report(results)
    print(text)
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "engines.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
