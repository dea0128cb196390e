"""Command line of the build toolkit: ``python -m kb check | schema | stubs``.

The contributor tools (review report, scaffolds) are ``python -m devtools``; see ARCHITECTURE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kb.build.site import load_site, readability_problems
from kb.core.problems import BuildFailed, raise_if_any
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
    args = parser.parse_args(argv)

    if args.command == "schema":
        SCHEMA_DIR.mkdir(exist_ok=True)
        (SCHEMA_DIR / "page.schema.json").write_text(json_schema(), encoding="utf-8")
        (SCHEMA_DIR / "glossary-term.schema.json").write_text(term_json_schema(), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR}/page.schema.json and glossary-term.schema.json")
        return 0
    try:
        site = load_site(ROOT, today=dt.date.today())
        raise_if_any(readability_problems(site))
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "stubs":
        stubs = site.stubs()
        print(f"{len(stubs)} of {len(site.pages)} pages are stubs")
        print("\n".join(f"  docs/{path}" for path in stubs))
        return 0
    print(f"ok: {len(site.pages)} pages, {len(site.glossary)} glossary terms, "
          f"{len(site.bibliography.entries)} references")
    return 0


if __name__ == "__main__":
    sys.exit(main())
