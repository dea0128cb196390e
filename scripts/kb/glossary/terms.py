"""The glossary: one YAML file per term in ``glossary/``, loaded and validated (its pages:
``kb.glossary.pages``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kb.core.fileformat import read_source
from kb.core.keys import KEY_PATTERN
from kb.core.placeholders import placeholder_problems
from kb.core.problems import Problem
from kb.core.yamlsource import load_model


class Category(StrEnum):
    """The fixed list of glossary categories, in the order the filter shows them."""

    SUBSTANCE = "substance"
    PHARMACOLOGY = "pharmacology"
    DIAGNOSIS = "diagnosis"
    HEALTH_EFFECT = "health-effect"
    TREATMENT = "treatment"
    MEDICATION = "medication"
    HARM_REDUCTION = "harm-reduction"
    STREET_TERM = "street-term"
    RESEARCH = "research"


CATEGORY_LABELS: dict[Category, str] = {
    Category.SUBSTANCE: "Substances",
    Category.PHARMACOLOGY: "Pharmacology",
    Category.DIAGNOSIS: "Diagnosis",
    Category.HEALTH_EFFECT: "Health effects",
    Category.TREATMENT: "Treatment",
    Category.MEDICATION: "Medications",
    Category.HARM_REDUCTION: "Harm reduction",
    Category.STREET_TERM: "Street terms",
    Category.RESEARCH: "Research and evidence",
}

# Field name -> the code system's name as clinicians and the exports write it.
CODE_SYSTEMS = {"icd10": "ICD-10", "icd10cm": "ICD-10-CM", "icd11": "ICD-11", "mesh": "MeSH",
                "atc": "ATC", "rxcui": "RxNorm RxCUI"}


class Codes(BaseModel):
    """Classification codes; each must match its system's format."""

    model_config = ConfigDict(extra="forbid")

    icd10: str | None = Field(default=None, pattern=r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")
    # ICD-10-CM: a letter, two characters, then up to four after the dot (F11.20, T40.1X1A).
    icd10cm: str | None = Field(default=None, pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
    # ICD-11 MMS stem codes: 6C43, 6C43.2, 6C43.2Z.
    icd11: str | None = Field(default=None, pattern=r"^[0-9][A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,2})?$")
    mesh: str | None = Field(default=None, pattern=r"^[DC][0-9]{6,9}$")
    # WHO ATC, level 5: N07BC02 (anatomical group, therapeutic, pharmacological, chemical, substance).
    atc: str | None = Field(default=None, pattern=r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")
    # NLM RxNorm concept identifier of the ingredient: digits only.
    rxcui: str | None = Field(default=None, pattern=r"^[1-9][0-9]{0,8}$")

    def items(self) -> list[tuple[str, str]]:
        """``(system label, code)`` pairs that are present."""
        return [(CODE_SYSTEMS[name], value)
                for name, value in self.model_dump().items() if value is not None]


class Term(BaseModel):
    """One glossary entry (ARCHITECTURE.md, "Content model")."""

    model_config = ConfigDict(extra="forbid")

    term: str = Field(min_length=2, max_length=80)
    aliases: list[str] = Field(default_factory=list)
    abbreviation: str | None = None
    street_names: list[str] = Field(default_factory=list)
    category: Category
    definition: str = Field(min_length=20, max_length=600)
    clinical_note: str | None = None
    codes: Codes = Field(default_factory=Codes)
    see_also: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)  # main articles: part of the page is about it
    related: list[str] = Field(default_factory=list)  # pages that only use the term, worth reading
    sources: list[str] = Field(min_length=1)

    @field_validator("see_also", "sources")
    @classmethod
    def _keys(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.match(KEY_PATTERN, value):
                raise ValueError(f"'{value}' is not a slug or key (lowercase letters, digits, dashes)")
        return values

    def names(self) -> list[str]:
        """Every name that identifies the term in text: term, aliases, abbreviation."""
        return [self.term, *self.aliases, *([self.abbreviation] if self.abbreviation else [])]


@dataclass(frozen=True)
class Entry:
    """A validated term with its slug and source file."""

    slug: str
    term: Term
    file: str
    lines: dict[str, int]


def load_term(slug: str, text: str, file: str) -> Entry | list[Problem]:
    """Validate one glossary file."""
    loaded = load_model(text, file, Term,
                        Problem(file, 1, "a glossary file must be a YAML mapping of fields",
                                "see glossary/naloxone.yml for the format"))
    if isinstance(loaded, list):
        return loaded
    term, located = loaded
    return Entry(slug, term, file, located.key_lines)


def load_glossary(directory: Path, root: Path) -> tuple[dict[str, Entry], list[Problem]]:
    """Load every ``*.yml`` in ``directory``; also check names are unique across files."""
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yml")):
        file = path.relative_to(root).as_posix()
        slug = path.stem
        if not _is_slug(slug):
            problems.append(Problem(file, 1, f"file name '{path.name}' is not a slug",
                                    "rename it to lowercase letters, digits and dashes"))
            continue
        text = read_source(path, file)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        problems.extend(placeholder_problems(file, text))
        loaded = load_term(slug, text, file)
        if isinstance(loaded, list):
            problems.extend(loaded)
        else:
            entries[slug] = loaded
    problems.extend(_duplicate_names(entries))
    return entries, problems


def _is_slug(text: str) -> bool:
    return re.match(KEY_PATTERN, text) is not None


def _duplicate_names(entries: dict[str, Entry]) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for slug, entry in entries.items():
        for name in entry.term.names():
            folded = name.casefold()
            if folded in owner and owner[folded] != slug:
                field = "term" if name == entry.term.term else (
                    "abbreviation" if name == entry.term.abbreviation else "aliases")
                problems.append(Problem(
                    entry.file, entry.lines.get(field, 1),
                    f"{field}: '{name}' is already used by glossary/{owner[folded]}.yml",
                    "keep each name in one entry; link the two with see_also"))
            owner.setdefault(folded, slug)
    return problems


def cross_reference_problems(
    entries: dict[str, Entry], page_paths: set[str], reference_keys: set[str] | None
) -> list[Problem]:
    """``see_also`` slugs, ``pages`` and ``related`` paths and ``sources`` keys must all exist, and
    a page is either a main article or related, not both.

    ``reference_keys`` is None when the bibliography itself failed to load.
    """
    problems = []
    for entry in entries.values():
        line = entry.lines
        for slug in entry.term.see_also:
            if slug not in entries:
                problems.append(Problem(entry.file, line.get("see_also", 1),
                                        f"see_also: no glossary entry '{slug}'",
                                        f"create glossary/{slug}.yml or remove it from see_also"))
        for field, listed in (("pages", entry.term.pages), ("related", entry.term.related)):
            for page in listed:
                if page not in page_paths:
                    problems.append(Problem(
                        entry.file, line.get(field, 1), f"{field}: no page 'docs/{page}'",
                        "use a path relative to docs/, e.g. health-effects/overdose.md"))
        for page in sorted(set(entry.term.pages) & set(entry.term.related)):
            problems.append(Problem(entry.file, line.get("related", 1),
                                    f"related: '{page}' is also in pages",
                                    "keep it in pages if part of it is about the term, "
                                    "else in related only"))
        for key in entry.term.sources:
            if reference_keys is not None and key not in reference_keys:
                problems.append(Problem(entry.file, line.get("sources", 1),
                                        f"sources: unknown bibliography key '{key}'",
                                        "add the source to references.yml or correct the key"))
    return problems


def term_json_schema() -> str:
    """JSON Schema of a glossary file, for editors."""
    schema = Term.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Knowledge base glossary term"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
