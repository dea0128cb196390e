"""Edit to reload: ``mkdocs serve`` on a copy of the site, one page edited, time to the reload.

The real site (1x) and the synthetic 10x site are each served from a scratch copy. Each round
appends a sentence to one content page that cites a source the page did not cite before, then
times from the file write until the server logs "Reloading browsers" (the rebuild is done and
the browsers are told to reload). Then it checks that nothing is stale: the served page shows
the new sentence, and the source's references letter page lists the page under it.
"""

from __future__ import annotations

import math
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from devtools.bench.budgets import RELOAD_1X, RELOAD_10X, STALE_PAGES
from devtools.bench.context import Context
from devtools.bench.generator import generate
from devtools.bench.generator import write_site as write_synthetic
from devtools.bench.process import build_env
from devtools.bench.report import Outcome, Table
from devtools.bench.scaling import real_profile
from devtools.bench.stats import median
from kb.bibliography.pages import entry_pages as reference_pages
from kb.build.render import REFERENCES_PAGE, url_link
from kb.build.site import CITING_TYPES, load_site
from kb.core.urls import page_url

ROUNDS = 3
QUICK_FACTOR = 2
SERVE_TIMEOUT = 900.0  # the first build of the 10x site on a busy machine
RELOAD_TIMEOUT = 300.0
_SERVING = re.compile(r"Serving on (?P<url>http://\S+)")
# Copied, because the benchmark edits them; everything else is linked from the project.
_COPIED = frozenset({"docs", "mkdocs.yml"})
# The options ``make serve`` passes (tests/test_bench.py holds the Makefile to them): dirty
# rebuilds (kb.build.incremental picks the pages an edit can change) and the sources outside docs/.
SERVE_OPTIONS = ("--dirty", "-w", "references.yml", "-w", "glossary", "-w", "facts",
                 "-w", "editorial", "-w", "instruments", "-w", "overrides",
                 "-w", "ARCHITECTURE.md", "-w", "CONTRIBUTING.md")
_SKIPPED = frozenset({"site", ".venv", ".git", "bench", "site-offline", "node_modules"})


@dataclass(frozen=True)
class Reload:
    """One edit: seconds from the write to "Reloading browsers", and what the server showed."""

    seconds: float
    cpu_seconds: float  # the server's CPU time over the same span (less sensitive to load)
    page_fresh: bool
    references_fresh: bool


class _Log:
    """The server's output lines, each with the time it was read."""

    def __init__(self, stream: object) -> None:
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.text: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
            self.lines.put((time.perf_counter(), line))

    def wait_for(self, needle: str | re.Pattern[str], after: float,
                 timeout: float) -> tuple[float, str]:
        """The first line at or after ``after`` that contains ``needle``."""
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no {needle!r} from mkdocs serve in {timeout:.0f} s:\n"
                                   + "".join(self.text[-40:]))
            try:
                stamp, line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.text.append(line)
            found = (needle.search(line) if isinstance(needle, re.Pattern)
                     else needle in line)
            if found and stamp >= after:
                return stamp, line


def copy_project(root: Path, target: Path) -> Path:
    """A copy of the project to edit: ``docs/`` and ``mkdocs.yml`` copied, the rest linked."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.name in _SKIPPED:
            continue
        destination = target / entry.name
        if entry.name in _COPIED:
            if entry.is_dir():
                shutil.copytree(entry, destination, dirs_exist_ok=True)
            else:
                shutil.copy2(entry, destination)
        elif not destination.exists():
            destination.symlink_to(entry, target_is_directory=entry.is_dir())
    return target / "mkdocs.yml"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def _edit_plan(project: Path, rounds: int) -> tuple[str, list[tuple[str, str]]]:
    """A content page, and sources it does not cite yet (one per round), each with the letter page
    that lists its citing pages."""
    site = load_site(project)
    page = next(path for path, record in sorted(site.pages.items())
                if record.page.meta.type in CITING_TYPES and not record.page.meta.stub
                and path != REFERENCES_PAGE and record.citations)
    uncited = sorted(set(site.bibliography.entries) - site.pages[page].keys)
    return page, [(key, reference_pages(site.bibliography.entries)[key]) for key in uncited[:rounds]]


def _references_list(html: str, key: str, link: str) -> bool:
    """Whether the references letter page ``html`` lists ``link`` among the pages citing ``key``."""
    start = html.find(f'id="{key}"')
    if start < 0:
        return False
    end = html.find('class="kb-ref"', start + 1)
    return f'href="{link}"' in html[start : end if end > 0 else len(html)]


def serve_options(project: Path) -> list[str]:
    """``SERVE_OPTIONS`` without the watched paths ``project`` lacks (mkdocs serve refuses a
    missing one; the synthetic sites have no ARCHITECTURE.md, for example)."""
    options: list[str] = []
    pending = iter(SERVE_OPTIONS)
    for option in pending:
        if option == "-w":
            path = next(pending)
            if (project / path).exists():
                options += [option, path]
        else:
            options.append(option)
    return options


def measure(context: Context, project: Path, rounds: int = ROUNDS) -> list[Reload]:
    """Serve ``project`` and time ``rounds`` edits of one of its pages."""
    page, keys = _edit_plan(project, rounds)
    source = project / "docs" / page
    command = [sys.executable, "-m", "mkdocs", "serve", *serve_options(project), "--config-file",
               str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{_free_port()}"]
    server = subprocess.Popen(command, cwd=project, env=build_env(context.root),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              bufsize=1)
    results = []
    try:
        log = _Log(server.stdout)
        _, line = log.wait_for(_SERVING, 0.0, SERVE_TIMEOUT)
        match = _SERVING.search(line)
        assert match is not None
        base = match.group("url").rstrip("/") + "/"
        for number, (key, letter_page) in enumerate(keys, start=1):
            time.sleep(2)  # let the watcher settle after the previous build
            marker = f"Reload check {number} for this page"
            text = source.read_text(encoding="utf-8")
            cpu = cpu_seconds(server.pid)
            started = time.perf_counter()
            source.write_text(f"{text.rstrip()}\n\n{marker} [@{key}].\n", encoding="utf-8")
            done, _ = log.wait_for("Reloading browsers", started, RELOAD_TIMEOUT)
            used = cpu_seconds(server.pid) - cpu
            listed = _references_list(_fetch(base + page_url(letter_page)), key,
                                      url_link(letter_page, page))
            results.append(Reload(done - started, used, marker in _fetch(base + page_url(page)),
                                  listed))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return results


def run(context: Context) -> Outcome:
    """Time edits at 1x (the real site) and 10x (synthetic); budgets on the median of each."""
    sites = {"1x (real site)": copy_project(context.root, context.work / "reload-1x").parent}
    factor = QUICK_FACTOR if context.quick else 10
    synthetic = generate(real_profile(context.root).scaled(factor))
    sites[f"{factor}x (synthetic)"] = write_synthetic(
        synthetic, context.work / f"reload-{factor}x", context.root).parent
    measured: dict[str, list[Reload]] = {}
    for name, project in sites.items():
        try:
            measured[name] = measure(context, project)
        except TimeoutError as error:  # a miss to report, not a crash that loses the other site
            print(error, flush=True)
            measured[name] = [Reload(math.inf, math.inf, False, False)]
        print(name, measured[name], flush=True)
    rows = [[name, f"{median([r.seconds for r in runs]):.2f}",
             f"{min(r.seconds for r in runs):.2f}", f"{max(r.seconds for r in runs):.2f}",
             f"{median([r.cpu_seconds for r in runs]):.2f}",
             "yes" if all(r.page_fresh and r.references_fresh for r in runs) else "NO"]
            for name, runs in measured.items()]
    medians = [median([r.seconds for r in runs]) for runs in measured.values()]
    stale = sum(not (r.page_fresh and r.references_fresh) for runs in measured.values()
                for r in runs)
    found = [RELOAD_1X.check(medians[0])]
    if not context.quick:
        found.append(RELOAD_10X.check(medians[1]))
    return Outcome(
        "reload", "Edit to reload (mkdocs serve)",
        [Table(f"one page edited, {ROUNDS} times per site: seconds from the file write to "
               "\"Reloading browsers\"",
               ["site", "median s", "min s", "max s", "server CPU s", "fresh"], rows)],
        figures={name: [r.__dict__ for r in runs] for name, runs in measured.items()},
        checks=[*found, STALE_PAGES.check(stale)],
        notes=["server CPU s = the serve process's user + system time from the write to the "
               "reload (median), the figure to read on a loaded machine.",
               "Each edit appends a sentence citing a source the page did not cite; fresh = the "
               "served page shows it and the source's references letter page lists the page under it."])
