"""Run a child process and measure its wall time and peak memory (its own, not ours)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    """Wall time, peak resident memory and output of one finished child process."""

    seconds: float
    peak_rss: int  # bytes
    returncode: int
    output: str


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 900) -> Measured:
    """Run ``command``; ``os.wait4`` gives the resource usage of exactly this child.

    ``resource.getrusage(RUSAGE_CHILDREN)`` would report the maximum over every child so far,
    which hides a smaller build run after a larger one.
    """
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output,
                                 stderr=subprocess.STDOUT)
        # A timer, not Popen.wait(timeout), because wait4 must be the call that reaps the child.
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return Measured(seconds, usage.ru_maxrss * scale, child.returncode, text)


def build_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a child build: the project's own ``kb`` first on the path, quiet MkDocs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root / "scripts"),
                                                       os.environ.get("PYTHONPATH")]))}
    env.pop("KB_TIMING_FILE", None)
    return {**env, **(extra or {})}


# A stock Material build of the 50x synthetic site took 855 s on this machine kind (its navigation
# is rendered into each of 5,000+ pages), close to run_measured's 900 s for a hung command; one
# over it killed a whole bench run. An hour stops a hung build and no real one.
BUILD_TIMEOUT = 3600.0


def mkdocs_build(config: Path, site_dir: Path, strict: bool, root: Path,
                 extra_env: dict[str, str] | None = None) -> Measured:
    """``mkdocs build`` of ``config`` into ``site_dir``; raise if it fails."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
               "--config-file", str(config), "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    result = run_measured(command, config.parent, build_env(root, extra_env), BUILD_TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {config} failed ({result.returncode}):\n"
                           f"{result.output[-4000:]}")
    return result
