"""Command line: ``python -m kb check | schema | stubs | new-page``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kb.frontmatter import json_schema
from kb.glossary import term_json_schema
from kb.problems import BuildFailed, raise_if_any
from kb.report import format_report, page_reports, readability_problems
from kb.scaffold import create_page, create_reference, create_term
from kb.site import load_site

ROOT = Path.cwd()
SCHEMA_DIR = ROOT / "schemas"


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every page, term and reference")
    commands.add_parser("schema", help="write the JSON Schemas to schemas/")
    commands.add_parser("stubs", help="list pages still marked as stubs")
    commands.add_parser("report", help="review report: grade, words, sources, review age per page")
    new_page = commands.add_parser("new-page", help="create a page from the scaffold")
    new_page.add_argument("slug", help="SECTION/SLUG under docs/, e.g. treatment/example")
    new_page.add_argument("--kind", default="topic", choices=["topic", "modality"])
    new_page.add_argument("--title", default="")
    new_term = commands.add_parser("new-term", help="create a glossary entry")
    new_term.add_argument("slug", help="the anchor, e.g. naloxone")
    new_term.add_argument("--term", default="")
    new_term.add_argument("--category", default="treatment")
    new_term.add_argument("--source", default="replace-with-a-key")
    new_ref = commands.add_parser("new-ref", help="append a bibliography entry")
    new_ref.add_argument("key", help="e.g. mattick-methadone-cochrane-2009")
    new_ref.add_argument("--type", dest="kind", default="article-journal")
    new_ref.add_argument("--title", default="")
    args = parser.parse_args(argv)

    if args.command == "schema":
        SCHEMA_DIR.mkdir(exist_ok=True)
        (SCHEMA_DIR / "page.schema.json").write_text(json_schema(), encoding="utf-8")
        (SCHEMA_DIR / "glossary-term.schema.json").write_text(term_json_schema(), encoding="utf-8")
        print(f"wrote {SCHEMA_DIR}/page.schema.json and glossary-term.schema.json")
        return 0
    if args.command in ("new-page", "new-term", "new-ref"):
        return _scaffold(args)
    today = dt.date.today()
    try:
        site = load_site(ROOT, today=today)
        raise_if_any(readability_problems(site))
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "report":
        print(format_report(page_reports(site, today)))
        return 0
    if args.command == "stubs":
        stubs = site.stubs()
        print(f"{len(stubs)} of {len(site.pages)} pages are stubs")
        print("\n".join(f"  docs/{path}" for path in stubs))
        return 0
    print(f"ok: {len(site.pages)} pages, {len(site.glossary)} glossary terms, "
          f"{len(site.bibliography.entries)} references")
    return 0


def _scaffold(args: argparse.Namespace) -> int:
    today = dt.date.today()
    try:
        if args.command == "new-page":
            created = create_page(ROOT / "docs", args.slug, args.title, args.kind, today)
            print(f"created {created.relative_to(ROOT)}; add it to nav in mkdocs.yml")
        elif args.command == "new-term":
            created = create_term(ROOT / "glossary", args.slug, args.term, args.category,
                                  args.source)
            print(f"created {created.relative_to(ROOT)}; write the definition and sources")
        else:
            create_reference(ROOT / "references.yml", args.key, args.kind, args.title, today)
            print(f"appended '{args.key}' to references.yml; fill in every field you can verify")
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
