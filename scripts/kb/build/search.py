"""What Material's search indexes for a page beyond its text: the names of its glossary terms."""

from __future__ import annotations

import re

from kb.build.site import Site

_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def search_keywords(tags: object, site: Site, own: frozenset[str]) -> list[str]:
    """The page's tags, then every name of each glossary term it is the main article of: the term,
    its aliases, abbreviation and street names.

    Material's search weighs tags like the title and this site does not show tags, so a reader who
    types a term, an abbreviation or a brand name on the box ("Espranor") finds the article about it
    ahead of, or beside, the term's glossary entry.
    """
    keywords = [str(tag) for tag in tags] if isinstance(tags, list) else []
    seen = set(keywords)
    for slug in sorted(own):
        term = site.glossary[slug].term
        for name in [*term.names(), *term.street_names]:
            # The search separator splits "BritLofex" at the capital: index it whole too.
            for keyword in (name, name.lower()) if _INNER_CAPITAL.search(name) else (name,):
                if keyword not in seen:
                    seen.add(keyword)
                    keywords.append(keyword)
    return keywords
