"""Contributor commands: ``python -m devtools report | new-page | new-term | new-ref |
letter-page``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from devtools.report import format_report, page_reports
from devtools.scaffold import (
    create_letter_page,
    create_page,
    create_reference,
    create_term,
    ensure_letter_page,
    glossary_names,
)
from kb.build.site import load_site
from kb.core.problems import BuildFailed

ROOT = Path.cwd()


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m devtools", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
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
    letter_page = commands.add_parser("letter-page", help="create an A-Z letter page")
    letter_page.add_argument("kind", choices=["glossary", "references"])
    letter_page.add_argument("letter", help="a to z, or 0-9")
    letter_page.add_argument("part", nargs="?", type=int, default=1,
                             help="the part of a letter split into parts (make check names it)")
    args = parser.parse_args(argv)
    if args.command == "report":
        return _report()
    return _scaffold(args)


def _report() -> int:
    today = dt.date.today()
    try:
        site = load_site(ROOT, today=today)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(format_report(page_reports(site, today)))
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
            page = ensure_letter_page(ROOT / "docs", args.term or args.slug, today,
                                      glossary_names(ROOT / "glossary"))
            if page is not None:
                print(f"created {page.relative_to(ROOT)}, the glossary page of its letter")
        elif args.command == "letter-page":
            page = create_letter_page(ROOT / "docs", args.kind, args.letter, today, args.part)
            print(f"created {page.relative_to(ROOT)}" if page else "it exists already")
        else:
            create_reference(ROOT / "references.yml", args.key, args.kind, args.title, today)
            print(f"appended '{args.key}' to references.yml; fill in every field you can verify")
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
