"""Command line of the build toolkit: ``python -m kb check | schema | stubs | export DIR``.

The contributor tools (review report, scaffolds) are ``python -m devtools``; see ARCHITECTURE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from kb.build.site import load_site_saved, readability_problems
from kb.core.problems import BuildFailed, raise_if_any
from kb.glossary.exports import glossary_csv, glossary_jsonld
from kb.glossary.terms import term_json_schema
from kb.pages.frontmatter import json_schema

ROOT = Path.cwd()
SCHEMA_DIR = ROOT / "schemas"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every page, term and reference")
    commands.add_parser("schema", help="write the JSON Schemas to schemas/")
    commands.add_parser("stubs", help="list pages still marked as stubs")
    export = commands.add_parser(
        "export", help="write glossary.json and glossary.csv into DIR (the built site's top), "
                       "for engines that run no MkDocs hooks")
    export.add_argument("dir", type=Path)
    export.add_argument("--site-url", help="the site's URL (default: site_url in mkdocs.yml)")
    args = parser.parse_args(argv)

    if args.command == "schema":
        SCHEMA_DIR.mkdir(exist_ok=True)
        (SCHEMA_DIR / "page.schema.json").write_text(json_schema(), encoding="utf-8")
        (SCHEMA_DIR / "glossary-term.schema.json").write_text(term_json_schema(), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR}/page.schema.json and glossary-term.schema.json")
        return 0
    try:
        site = load_site_saved(ROOT, today=dt.date.today())
        if args.command != "export":  # the build has no reading-grade budget; nor do its exports
            raise_if_any(readability_problems(site))
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "export":
        site_url = args.site_url or _site_url(ROOT / "mkdocs.yml")
        args.dir.mkdir(parents=True, exist_ok=True)
        (args.dir / "glossary.json").write_text(
            glossary_jsonld(site.glossary, site_url + "glossary/"), encoding="utf-8")
        (args.dir / "glossary.csv").write_text(glossary_csv(site.glossary, site_url + "glossary/"),
                                               encoding="utf-8")
        print(f"wrote {args.dir}/glossary.json and glossary.csv")
        return 0
    if args.command == "stubs":
        stubs = site.stubs()
        print(f"{len(stubs)} of {len(site.pages)} pages are stubs")
        print("\n".join(f"  docs/{path}" for path in stubs))
        return 0
    print(f"ok: {len(site.pages)} pages, {len(site.glossary)} glossary terms, "
          f"{len(site.bibliography.entries)} references")
    return 0


def _site_url(config: Path) -> str:
    """``site_url`` of the MkDocs config (read as text: the file has Python tags), or "/"."""
    match = re.search(r"^site_url:\s*(\S+)\s*$", config.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else "/"


if __name__ == "__main__":
    sys.exit(main())
