"""Search tags across pages: one tag, one page (ARCHITECTURE.md, "Content model")."""

from __future__ import annotations

from collections.abc import Iterable

from kb.core.problems import Problem
from kb.pages.frontmatter import ParsedPage


def shared_tag_problems(pages: Iterable[tuple[str, ParsedPage]]) -> list[Problem]:
    """A problem for every tag on more than one page, at the front-matter line of each page after
    the first (by docs path) that carries it.

    Material's search weighs a tag like the title: the same tag on two pages ties them on every
    query with that word, and a topic tag on every page of a section ("naloxone" on the families
    page) pulled questions about the topic to pages that only mention it. ``pages`` are
    ``(docs path, page)`` pairs.
    """
    first: dict[str, str] = {}
    problems = []
    for docs_path, page in sorted(pages, key=lambda item: item[0]):
        for tag in page.meta.tags:
            key = tag.casefold()
            if key not in first:
                first[key] = docs_path
                continue
            problems.append(Problem(
                page.path, page.meta_lines.get("tags", 1),
                f"tag '{tag}' is also on {first[key]}: the same tag on two pages ties them in search",
                "keep it only on the page that best answers it and remove it from the other "
                "(ARCHITECTURE.md, Content model: one word goes on one page)"))
    return problems
