"""A synthetic knowledge base of any size, valid for the project's own validators.

The scaling benchmark builds it at 1x, 10x and 50x the real site. The shape follows the real
content (measured by :func:`profile_of`): page lengths, citations per page, distinct sources per
page, glossary term mentions, term and reference fields. Text is plain English from a small
vocabulary, so it reads at a low grade and trips no editorial rule; names of terms and authors are
coined words that cannot collide with it. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import math
import posixpath
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from devtools.bench.configs import NavItem, replace_nav
from kb.bibliography import pages as reference_pages
from kb.build.render import GLOSSARY_PAGE, METHOD_PAGE, OVERDOSE_PAGE, REFERENCES_PAGE
from kb.core.letters import letter_of, split_parts
from kb.glossary.pages import letter_page, letter_page_text
from kb.pages.pagerules import MODALITY_SECTIONS

REVIEWED = "2026-06-01"  # recent enough for the review-age rule for a long while
SECTIONS = ["heroin", "recognizing", "health-effects", "treatment", "help", "about"]
EMERGENCY_SECTIONS = ("help",)
PART_SIZE = 8  # leaves per sub-section before a section is split, like the real treatment tab
SYLLABLES = ["ka", "lo", "ve", "mi", "ran", "to", "sel", "du", "pra", "no", "vi", "tem", "ba",
             "ro", "zu", "fen", "li", "mar", "co", "tis"]
TERM_SUFFIXES = ["", " syndrome", " receptor", " therapy", " test", " disorder", " dose", ""]
_PROSE = """\
people who use it may feel tired or sick for a few days and then slowly get better the
body gets used to the drug so the same dose does less over time a doctor can help with a
plan that fits each person and their family care works best when it is steady and kind
many find support groups useful it is safe to ask questions about any medicine risks
change with the amount taken how often and whether it is mixed with other drugs sleep food
water and rest all help the body heal some signs are easy to see while others need a test
in a clinic staff will check breathing heart rate and mood during the first week treatment
can keep people alive and in touch with services it often takes more than one try to find
the right help and that is normal
"""
WORDS = tuple(_PROSE.split())  # plain words of realistic length, low reading grade
JOURNALS = ["Addiction", "Lancet", "Drug and Alcohol Dependence", "JAMA", "BMJ",
            "International Journal of Drug Policy", "Journal of Substance Abuse Treatment"]
PUBLISHERS = ["World Health Organization", "National Institute on Drug Abuse",
              "European Union Drugs Agency", "National Institute for Health and Care Excellence"]
RATINGS = ["strong", "moderate", "limited", "insufficient", "not-recommended"]
REFERENCE_TYPES = (["article-journal"] * 53 + ["report"] * 20 + ["webpage"] * 23 + ["book"] * 3
                   + ["chapter"])


@dataclass(frozen=True)
class Profile:
    """Counts and densities of a knowledge base; defaults are the real site's (44 pages)."""

    pages: int = 44
    terms: int = 95
    references: int = 227
    body_chars: int = 7300        # mean length of a page body
    groups_per_page: int = 25     # citation brackets per content page
    keys_per_page: int = 8        # distinct sources per content page
    terms_per_page: int = 8       # distinct glossary terms mentioned per content page

    def scaled(self, factor: float) -> Profile:
        """The same densities with ``factor`` times the pages, terms and references."""
        return replace(self, pages=max(12, round(self.pages * factor)),
                       terms=max(4, round(self.terms * factor)),
                       references=max(8, round(self.references * factor)))


def profile_of(pages: int, terms: int, references: int, body_lengths: list[int],
               groups: list[int], keys: list[int]) -> Profile:
    """A profile from the measurements of a real site (per content page lists)."""
    def mean(values: list[int], default: int) -> int:
        return round(sum(values) / len(values)) if values else default

    return Profile(pages, terms, references, mean(body_lengths, 7300), mean(groups, 25),
                   mean(keys, 8), Profile.terms_per_page)


@dataclass
class SyntheticSite:
    """The generated sources (paths relative to the project root) and the nav for mkdocs.yml."""

    files: dict[str, str]
    nav: list[NavItem]
    pages: int = 0
    terms: int = 0
    references: int = 0
    page_paths: list[str] = field(default_factory=list)


def coined(index: int, syllables: int = 4) -> str:
    """A pronounceable made-up word, unique for each ``index`` below 20**syllables."""
    space = len(SYLLABLES) ** syllables
    if not 0 <= index < space:
        raise ValueError(f"index {index} outside 0..{space - 1}")
    number = (index * 7919 + 104729) % space  # a bijection, so neighbours look unrelated
    parts = []
    for _ in range(syllables):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


def abbreviation(index: int) -> str:
    """A unique upper-case abbreviation (X plus three letters)."""
    letters = []
    number = (index * 211 + 7) % 26**3
    for _ in range(3):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "X" + "".join(letters)


@dataclass(frozen=True)
class _Layout:
    """Where each page goes: (docs path, kind) plus the nav."""

    pages: list[tuple[str, str]]
    nav: list[NavItem]


def layout(total_pages: int) -> _Layout:
    """Distribute about ``total_pages`` pages over the real site's sections.

    Each section has an index; sections with more than ``PART_SIZE`` leaves are split into
    parts with their own index, so the nav stays a tree of bounded fan-out as in the real site.
    About a third of the leaves are treatment modalities, as in the real site.
    """
    fixed = 3 + len(SECTIONS)  # home, glossary, references, one index per section
    leaves = max(len(SECTIONS), total_pages - fixed)
    while leaves > len(SECTIONS) and fixed + leaves + _parts(_spread(leaves)) > total_pages:
        leaves -= 1
    spread = _spread(leaves)
    pages: list[tuple[str, str]] = [("index.md", "home")]
    nav: list[NavItem] = [{"Home": "index.md"}]
    for section, (topics, modalities) in zip(SECTIONS, spread, strict=True):
        special = {"about": [METHOD_PAGE], "health-effects": [OVERDOSE_PAGE]}.get(section, [])
        kinds = ["topic"] * topics + ["modality"] * modalities
        names = [*special, *(f"{section}/page-{i + 1:04d}.md" for i in range(len(kinds) - len(special)))]
        leaves_here = list(zip(names, kinds, strict=True))
        section_nav: list[NavItem] = [f"{section}/index.md"]
        pages.append((f"{section}/index.md", "index"))
        if len(leaves_here) > PART_SIZE:
            # Special pages keep their fixed paths; the rest go into parts.
            for path, kind in leaves_here[: len(special)]:
                pages.append((path, kind))
                section_nav.append(path)
            rest = leaves_here[len(special):]
            for number, start in enumerate(range(0, len(rest), PART_SIZE), start=1):
                part = f"{section}/part-{number:03d}"
                part_nav: list[NavItem] = [f"{part}/index.md"]
                pages.append((f"{part}/index.md", "index"))
                for path, kind in rest[start : start + PART_SIZE]:
                    moved = f"{part}/{posixpath.basename(path)}"
                    pages.append((moved, kind))
                    part_nav.append(moved)
                section_nav.append({f"Part {number}": part_nav})
        else:
            pages.extend(leaves_here)
            section_nav.extend(path for path, _ in leaves_here)
        nav.append({section.replace("-", " ").capitalize(): section_nav})
    pages += [(GLOSSARY_PAGE, "glossary"), (REFERENCES_PAGE, "references")]
    nav += [{"Glossary": GLOSSARY_PAGE}, {"References": REFERENCES_PAGE}]
    return _Layout(pages, nav)


def _spread(leaves: int) -> list[tuple[int, int]]:
    """(topics, modalities) per section: modalities (14 of 34 leaves) all in treatment."""
    modalities = max(1, round(leaves * 14 / 34))
    topics = leaves - modalities
    base, extra = divmod(topics, len(SECTIONS))
    spread = [(base + (i < extra), 0) for i in range(len(SECTIONS))]
    treatment = SECTIONS.index("treatment")
    spread[treatment] = (spread[treatment][0], modalities)
    # The special pages need a leaf slot in their section.
    return [(max(t, 1) if SECTIONS[i] in ("about", "health-effects") else t, m)
            for i, (t, m) in enumerate(spread)]


def _parts(spread: list[tuple[int, int]]) -> int:
    return sum(math.ceil((t + m) / PART_SIZE) for t, m in spread if t + m > PART_SIZE)


class _Writer:
    """Deterministic plain-English text with citations and term mentions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def sentence(self, mention: str | None = None) -> str:
        words = self.words(self.rng.randint(8, 14)).split()
        if mention:
            words.insert(self.rng.randint(1, len(words) - 1), mention)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _citation(rng: random.Random, keys: list[str], number: int, used: set[str]) -> str:
    # The first key cycles through the page's sources, so each is cited at least once.
    first = keys[number % len(keys)]
    extra = [k for k in rng.sample(keys, k=min(len(keys), rng.choice([0, 0, 0, 1, 2]))) if k != first]
    used.update([first, *extra])
    items = [f"@{key}" for key in [first, *extra]]
    if rng.random() < 0.1:
        items[0] += f", p. {rng.randint(2, 300)}"
    return "[" + "; ".join(items) + "]"


def page_text(path: str, kind: str, title: str, keys: list[str], mentions: list[str],
              links: list[str], profile: Profile, rng: random.Random,
              emergency: bool = False) -> str:
    """One content page: front matter, Key points, sections of cited prose, a table, links."""
    writer = _Writer(rng)
    target = {"index": profile.body_chars // 3, "modality": profile.body_chars * 5 // 4,
              "home": profile.body_chars // 2}.get(kind, profile.body_chars)
    # Brackets spread evenly over the prose: about one every `every` sentences.
    sentences_total = max(1, target // 70)
    every = max(1, round(sentences_total / max(1, profile.groups_per_page * target
                                               / profile.body_chars)))
    front: dict[str, Any] = {
        "title": title,
        "description": f"{title}: " + writer.sentence()[:100],
        "audience": ["general", "clinician"],
        "reviewed": REVIEWED,
        # One tag per page, as on the real site (make check fails on a tag found on two pages).
        "tags": [re.sub(r"[^A-Za-z0-9 -]", " ", path.removesuffix(".md"))[-30:].strip(" -")],
        "type": "index" if kind in ("index", "home") else kind,
    }
    if kind == "modality":
        front["evidence"] = {"rating": rng.choice(RATINGS),
                             "summary": writer.sentence() + " " + writer.sentence(),
                             "sources": keys[:3]}
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    head = head.replace(f"'{REVIEWED}'", REVIEWED)  # a date, not a string
    lines = ["---", head.rstrip(), "---", "", f"# {title}", "", '!!! abstract "Key points"', ""]
    lines += [f"    - {writer.sentence()}" for _ in range(rng.randint(3, 5))]
    lines.append("")
    if emergency:
        lines += ["<!-- kb:emergency -->", ""]
    headings = MODALITY_SECTIONS if kind == "modality" else [
        f"{writer.words(2).capitalize()} {n}" for n in range(1, 6)]
    per_section = max(2, sentences_total // len(headings))
    pending: list[str | None] = list(mentions)
    used: set[str] = set()
    count = 0
    for number, heading in enumerate(headings):
        lines += [f"## {heading}", ""]
        paragraph: list[str] = []
        for _ in range(per_section):
            mention = pending.pop() if pending and rng.random() < 0.5 else None
            text = writer.sentence(mention)
            count += 1
            if count % every == 0:
                text = text[:-1] + " " + _citation(rng, keys, count // every, used) + "."
            paragraph.append(text)
            if len(paragraph) >= rng.randint(3, 6):
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines += [" ".join(paragraph), ""]
        if number == 1 and kind != "index":
            lines += ["| What | How often | Why |", "| --- | --- | --- |"]
            lines += [f"| {writer.words(3)} | {writer.words(2)} | {writer.words(5)} "
                      f"{_citation(rng, keys, rng.randrange(len(keys)), used)} |" for _ in range(4)]
            lines.append("")
        if number == 2 and links:
            lines += ["See also: " + ", ".join(
                f"[{posixpath.basename(link)[:-3].replace('-', ' ')}]({link})" for link in links)
                + ".", ""]
    # Mentions and sources not yet placed close the page, so every one is used.
    unused = [key for key in keys if key not in used]
    if pending or unused:
        closing = " ".join(writer.sentence(m) for m in pending or [None])
        lines += [closing[:-1] + " [" + "; ".join(f"@{k}" for k in unused or keys[:1]) + "].", ""]
    return "\n".join(lines)


def _utility_page(title: str, shortcode: str) -> str:
    return (f"---\ntitle: {title}\ndescription: Every {title.lower()} entry of this synthetic "
            f"site, generated for the benchmarks.\naudience: [general]\nreviewed: {REVIEWED}\n"
            f"type: utility\n---\n\n# {title}\n\nGenerated by the benchmarks.\n\n"
            f"<!-- kb:{shortcode} -->\n")


def reference(index: int, rng: random.Random) -> dict[str, Any]:
    """One CSL-YAML entry with the fields its type needs, realistic lengths."""
    kind = REFERENCE_TYPES[index % len(REFERENCE_TYPES)]
    family = coined(index % 20**3, 3).capitalize()
    year = 1990 + index % 35
    key = f"{family.lower()}-{coined((index + 7) % 20**2, 2)}-{year}-{index}"
    writer = _Writer(rng)
    title = writer.sentence()[:-1]
    while len(title) < 60:
        title += " " + writer.words(3)
    entry: dict[str, Any] = {"id": key, "type": kind, "title": title[:120].strip()}
    if kind in ("report", "webpage"):
        publisher = PUBLISHERS[index % len(PUBLISHERS)]
        entry["author"] = [{"literal": publisher}]
        entry["publisher"] = publisher
    else:
        # index * 7: first syllables run through all 20 (index * 5 gave 4), so first authors spread
        # over 14 letters and the references' letter pages are about as even as the real ones.
        entry["author"] = [{"family": coined((index * 7 + i) % 20**3, 3).capitalize(),
                            "given": chr(ord("A") + (index + i) % 26) + "."}
                           for i in range(1 + index % 6)]
    entry["issued"] = {"date-parts": [[year]]} if kind != "webpage" or index % 3 else {
        "literal": "n.d."}
    if kind == "article-journal":
        entry.update({"container-title": JOURNALS[index % len(JOURNALS)], "volume": 10 + index % 90,
                      "issue": 1 + index % 12, "page": f"{100 + index % 800}-{110 + index % 800}",
                      "DOI": f"10.5555/synthetic.{index}"})
    elif kind in ("book", "chapter"):
        entry["publisher"] = "Oxford University Press"
        entry["publisher-place"] = "Oxford"
        if kind == "chapter":
            entry["container-title"] = "Handbook of " + writer.words(3)
    if kind in ("report", "webpage"):
        entry["URL"] = f"https://example.org/synthetic/{key}"
        entry["accessed"] = {"date-parts": [[2026, 5, 1]]}
    return entry


def term(index: int, keys: list[str], pages: list[str], see_also: list[str],
         rng: random.Random) -> tuple[str, dict[str, Any]]:
    """(slug, glossary YAML data) for term ``index``; its names are unique coined words."""
    names = term_names(index)
    writer = _Writer(rng)
    data: dict[str, Any] = {"term": names[0]}
    if index % 4 == 0:
        data["aliases"] = [names[1]]
    if index % 6 == 0:
        data["abbreviation"] = names[-1]
    data["category"] = ["substance", "pharmacology", "diagnosis", "health-effect", "treatment",
                        "medication", "harm-reduction", "research"][index % 8]
    definition = " ".join(writer.sentence() for _ in range(3))
    data["definition"] = definition[:580]
    if index % 2 == 0:
        data["clinical_note"] = " ".join(writer.sentence() for _ in range(3))
    if index % 5 == 0:
        data["codes"] = {"mesh": f"D{index % 1_000_000:06d}"}
    data["see_also"] = see_also
    data["pages"] = pages
    data["sources"] = keys
    return coined(index), data


def generate(profile: Profile, seed: int = 2026) -> SyntheticSite:
    """Every source file of a synthetic site with ``profile``'s counts and densities."""
    rng = random.Random(seed)
    plan = layout(profile.pages)
    references = [reference(i, rng) for i in range(profile.references)]
    keys = [entry["id"] for entry in references]
    terms = [term_names(i) for i in range(profile.terms)]
    content = [(path, kind) for path, kind in plan.pages if kind not in ("glossary", "references")]
    files: dict[str, str] = {}
    slots = max(1, len(content))
    # Every reference and every term is used somewhere: page i takes a window of each list.
    key_step = max(profile.keys_per_page, math.ceil(len(keys) / slots))
    term_step = max(profile.terms_per_page, math.ceil(len(terms) / slots))
    siblings: dict[str, list[str]] = {}
    for path, _ in content:
        siblings.setdefault(posixpath.dirname(path), []).append(path)
    term_pages: dict[int, list[str]] = {}
    for number, (path, kind) in enumerate(content):
        page_keys = _window(keys, number * key_step, key_step)
        page_terms = _window(list(range(len(terms))), number * term_step, term_step)
        for t in page_terms:
            term_pages.setdefault(t, []).append(path)
        mentions = [_as_mentioned(rng.choice(terms[t])) for t in page_terms]
        neighbours = [p for p in siblings[posixpath.dirname(path)] if p != path][:2]
        links = [posixpath.relpath(p, posixpath.dirname(path) or ".") for p in neighbours]
        title = _title(path, kind)
        emergency = kind == "home" or path == OVERDOSE_PAGE or path.split("/")[0] in EMERGENCY_SECTIONS
        files[f"docs/{path}"] = page_text(path, kind, title, page_keys, mentions, links, profile,
                                          rng, emergency)
    files[f"docs/{GLOSSARY_PAGE}"] = _utility_page("Glossary", "glossary")
    # The A-Z index's letter pages, as the real glossary has them (not in the nav); a letter of
    # more than PART_SIZE terms in parts (glossary/t-2.md), as make check asks.
    letters = letter_parts(Counter(letter_of(names[0]) for names in terms))
    for letter, part in letters:
        files[f"docs/{letter_page(letter, part)}"] = letter_page_text(letter, REVIEWED, part)
    files[f"docs/{REFERENCES_PAGE}"] = _utility_page("References", "references")
    # And the references' letter pages, by the letter of each source's first author.
    reference_letters = letter_parts(Counter(letter_of(first_author(entry))
                                             for entry in references))
    for letter, part in reference_letters:
        files[f"docs/{reference_pages.PAGES.letter_page(letter, part)}"] = (
            reference_pages.letter_page_text(letter, REVIEWED, part))
    treatment_index = "docs/treatment/index.md"
    files[treatment_index] = files[treatment_index].rstrip() + "\n\n<!-- kb:evidence-table -->\n"
    for i in range(profile.terms):
        see_also = [coined((i + d) % profile.terms) for d in (1, 2, 3) if profile.terms > 3]
        used = term_pages.get(i, [])[:1] + term_pages.get((i + 1) % profile.terms, [])[:1]
        slug, data = term(i, keys[(i * 2) % len(keys):][:2] or keys[:2], sorted(set(used)),
                          see_also, rng)
        files[f"glossary/{slug}.yml"] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                                                      width=100)
    files["references.yml"] = yaml.safe_dump(references, sort_keys=False, allow_unicode=True,
                                             width=100)
    letter_pages = ([letter_page(*x) for x in letters]
                    + [reference_pages.PAGES.letter_page(*x) for x in reference_letters])
    return SyntheticSite(files, plan.nav, len(plan.pages) + len(letter_pages), profile.terms,
                         profile.references, [path for path, _ in plan.pages] + letter_pages)


def letter_parts(counts: Counter[str]) -> list[tuple[str, int]]:
    """Every letter page of letters with ``counts`` items: (letter, part), A-Z; only the number
    of items decides how many parts a letter has (kb.core.letters.split_parts)."""
    return [(letter, number) for letter in sorted(counts)
            for number in range(1, len(split_parts(range(counts[letter]))) + 1)]


def first_author(entry: dict[str, Any]) -> str:
    """A CSL-YAML entry's first author's family name or organisation."""
    first = entry["author"][0]
    return str(first.get("family") or first.get("literal") or "")


def term_names(index: int) -> list[str]:
    """The names of term ``index`` as text mentions them (term, alias, abbreviation last)."""
    names = [coined(index).capitalize() + TERM_SUFFIXES[index % len(TERM_SUFFIXES)]]
    if index % 4 == 0:
        names.append(coined(index + 100_000).capitalize())
    if index % 6 == 0:
        names.append(abbreviation(index))
    return names


def _as_mentioned(name: str) -> str:
    """Prose writes terms in lower case; an abbreviation only matches in its own case."""
    return name if name.isupper() else name.lower()


def _window(items: list[Any], start: int, size: int) -> list[Any]:
    if not items:
        return []
    return [items[(start + offset) % len(items)] for offset in range(min(size, len(items)))]


def _title(path: str, kind: str) -> str:
    if kind == "home":
        return "Synthetic knowledge base"
    stem = posixpath.basename(path)[:-3]
    where = posixpath.dirname(path).replace("/", " ").replace("-", " ")
    if stem == "index":
        return f"About {where}".capitalize()
    return f"{stem.replace('-', ' ').capitalize()} ({where})"


def write_site(site: SyntheticSite, root: Path, project: Path,
               transform: Callable[[str], str] = lambda text: text) -> Path:
    """Write ``site`` under ``root`` as a buildable project; return its ``mkdocs.yml``.

    The project's ``scripts`` and ``overrides`` are linked, not copied, so the build runs the
    real hooks; ``docs/assets`` is copied for the stylesheet. The configuration is the real one
    with the generated nav (and ``transform`` applied, for variants).
    """
    for relative, text in site.files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name in ("scripts", "overrides"):
        if (project / name).exists() and not (root / name).exists():
            (root / name).symlink_to(project / name, target_is_directory=True)
    # The language and claims rules apply to synthetic pages too; the real corrections log does not
    # (it names the real pages and sources).
    editorial = root / "editorial"
    editorial.mkdir(exist_ok=True)
    for rules in sorted((project / "editorial").glob("*.yml")):
        if rules.name != "corrections.yml" and not (editorial / rules.name).exists():
            (editorial / rules.name).symlink_to(rules)
    assets = project / "docs" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, root / "docs" / "assets", dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(transform(replace_nav(text, site.nav)), encoding="utf-8")
    return config
