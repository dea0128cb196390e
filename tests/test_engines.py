"""The site builds the same with MkDocs and with ProperDocs (the maintained fork of MkDocs 1.x):
every file identical apart from the generator tag, and the sitemap apart from its dates."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.site

ENGINES = ("mkdocs", "properdocs")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def normalised(path: Path) -> bytes:
    """The file's bytes with what legitimately differs between engines and builds blanked."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)  # the gzip header carries the build time
    if path.suffix == ".html":
        data = GENERATOR.sub(b'<meta name="generator" content="">', data)
    if ".xml" in path.name:
        data = LASTMOD.sub(b"<lastmod></lastmod>", data)
    return data


def test_mkdocs_and_properdocs_build_the_same_site(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KB_OFFLINE", None)
    env.pop("KB_TIMING_FILE", None)
    runs = {engine: subprocess.Popen(
        [str(Path(sys.executable).parent / engine), "build", "--strict", "-q",
         "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / engine)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for engine in ENGINES}
    for engine, run in runs.items():
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, f"{engine} build failed:\n{output[-3000:]}"
    mkdocs, properdocs = (tmp_path / engine for engine in ENGINES)
    files = {engine: sorted(p.relative_to(tmp_path / engine).as_posix()
                            for p in (tmp_path / engine).rglob("*") if p.is_file())
             for engine in ENGINES}
    assert files["mkdocs"] == files["properdocs"]
    assert len(files["mkdocs"]) > 100
    different = [name for name in files["mkdocs"]
                 if normalised(mkdocs / name) != normalised(properdocs / name)]
    assert not different, different
    # The generator tag does name each engine (so the comparison above is not vacuous).
    generators = {engine: GENERATOR.findall((tmp_path / engine / "index.html").read_bytes())
                  for engine in ENGINES}
    assert b"mkdocs-1" in generators["mkdocs"][0]
    assert b"ProperDocs" in generators["properdocs"][0]
