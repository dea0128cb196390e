"""``instruments/<id>.yml``: one published instrument per file, validated against its publication.

Two kinds: a scored scale (items with answer options worth points, and score bands; COWS) and a
criteria checklist (criteria counted towards severity bands, some excluded under supervised
prescribed use, with matching diagnosis codes; DSM-5-TR opioid use disorder). Every problem names
the ``file:line`` of the field at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kb.core.fileformat import read_yaml_files
from kb.core.keys import KEY_PATTERN
from kb.core.problems import Problem
from kb.core.yamlsource import load_located

# The number of items or criteria each instrument has in its publication: a file that drops or
# adds one no longer is that instrument.
PUBLISHED_COUNTS = {"cows": 11, "dsm5tr-oud": 11}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Option(_Strict):
    """One answer option of a scored item and its points."""

    points: int = Field(ge=0, le=10)
    label: str = Field(min_length=2, max_length=200)


class Item(_Strict):
    """One scored item: a title, an optional instruction and its answer options."""

    id: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=2, max_length=80)
    instruction: str | None = Field(default=None, max_length=300)
    options: list[Option] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _points_rise_from_zero(self) -> Item:
        points = [option.points for option in self.options]
        if points[0] != 0:
            raise ValueError(f"item '{self.id}': the first option must score 0, not {points[0]}")
        if any(later <= earlier for earlier, later in pairwise(points)):
            raise ValueError(f"item '{self.id}': points must rise from option to option, got {points}")
        return self

    @property
    def max_points(self) -> int:
        """The highest score the item can give."""
        return self.options[-1].points


class Band(_Strict):
    """A score range and its label; ``max`` None means open-ended."""

    min: int = Field(ge=0)
    max: int | None = None
    label: str = Field(min_length=2, max_length=40)
    fact: str | None = Field(default=None, pattern=KEY_PATTERN)


class Total(_Strict):
    """The range of the total score."""

    min: int = Field(ge=0)
    max: int = Field(ge=1)
    note: str | None = None


Where = tuple[str | int, ...]  # a path into the file, as pydantic gives it: ("bands", 1)


def _band_problems(key: str, bands: list[Band], lowest: int, highest: int) -> list[tuple[Where, str]]:
    """Bands in order, each starting one above the last one's end, within [lowest, highest]."""
    found: list[tuple[Where, str]] = []
    if bands[0].min < lowest:
        found.append(((key, 0, "min"),
                      f"the first band starts at {bands[0].min}, below the lowest score {lowest}"))
    for index, (earlier, later) in enumerate(pairwise(bands), start=1):
        if earlier.max is None:
            found.append(((key, index - 1, "max"),
                          f"band '{earlier.label}' is open-ended but is not the last band"))
        elif later.min != earlier.max + 1:
            found.append(((key, index, "min"), f"bands are not contiguous: '{earlier.label}' ends at "
                          f"{earlier.max}, '{later.label}' starts at {later.min}"))
    for index, band in enumerate(bands):
        if band.max is not None and band.max < band.min:
            found.append(((key, index, "max"),
                          f"band '{band.label}' ends ({band.max}) before it starts ({band.min})"))
    last = len(bands) - 1
    if bands[last].max is not None and bands[last].max != highest:
        found.append(((key, last, "max"), f"the last band ends at {bands[last].max}, not at the highest "
                      f"score {highest}"))
    if bands[last].min > highest:
        found.append(((key, last, "min"), f"the last band starts at {bands[last].min}, above the highest "
                      f"score {highest}"))
    if len({band.label for band in bands}) != len(bands):
        found.append(((key,), "two bands share a label"))
    return found


class ScoredScale(_Strict):
    """A scale scored by summing the points of the option chosen for each item (COWS)."""

    id: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=2, max_length=120)
    source: str = Field(pattern=KEY_PATTERN)
    copies_seen: list[str] = Field(default_factory=list)
    instruction: str | None = None
    items: list[Item] = Field(min_length=1)
    total: Total
    bands: list[Band] = Field(min_length=1)

    def inconsistencies(self) -> list[tuple[Where, str]]:
        """What does not add up: the maximum total, duplicate ids, bands with gaps or overlaps."""
        problems: list[tuple[Where, str]] = []
        highest = sum(item.max_points for item in self.items)
        if highest != self.total.max:
            problems.append((("total", "max"), f"total.max is {self.total.max}, but the items' "
                             f"highest points add up to {highest}"))
        if len({item.id for item in self.items}) != len(self.items):
            problems.append((("items",), "two items share an id"))
        return problems + _band_problems("bands", self.bands, self.total.min, self.total.max)

    @property
    def sources(self) -> list[str]:
        """Every bibliography key the file cites."""
        return [self.source, *self.copies_seen]

    def band_for(self, score: int) -> Band | None:
        """The band a total falls in (None below the first band)."""
        return next((band for band in self.bands
                     if band.min <= score and (band.max is None or score <= band.max)), None)


class Criterion(_Strict):
    """One criterion of a checklist."""

    id: str = Field(pattern=KEY_PATTERN)
    text: str = Field(min_length=10, max_length=300)
    excluded_if_prescribed: bool = False


class Window(_Strict):
    """The time window the criteria must fall in."""

    months: int = Field(ge=1, le=60)
    fact: str | None = Field(default=None, pattern=KEY_PATTERN)
    rule: str = Field(min_length=10)


class Specifier(_Strict):
    """A course specifier (remission, maintenance therapy, controlled environment)."""

    id: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=2, max_length=60)
    text: str = Field(min_length=10)


class SeverityCode(_Strict):
    """The code for one severity."""

    severity: str
    code: str = Field(pattern=r"^F\d\d(\.\d{1,4})?$")
    title: str


class Icd10cm(_Strict):
    """ICD-10-CM codes by severity, current and in remission."""

    source: str = Field(pattern=KEY_PATTERN)
    by_severity: list[SeverityCode] = Field(min_length=1)
    remission: list[SeverityCode] = Field(default_factory=list)
    note: str | None = None


class Icd11Code(_Strict):
    """One ICD-11 code."""

    code: str = Field(pattern=r"^[0-9A-Z]{4}(\.[0-9A-Z]{1,2})?$")
    title: str


class Icd11(_Strict):
    """ICD-11 codes (not matched one-to-one to a severity)."""

    source: str = Field(pattern=KEY_PATTERN)
    codes: list[Icd11Code] = Field(min_length=1)
    note: str | None = None


class Codes(_Strict):
    """Diagnosis codes matching the checklist's result."""

    icd10cm: Icd10cm
    icd11: Icd11 | None = None


class CriteriaChecklist(_Strict):
    """A diagnostic checklist: criteria met are counted into severity bands (DSM-5-TR OUD)."""

    id: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=2, max_length=120)
    sources: list[str] = Field(min_length=1)
    window: Window
    criteria: list[Criterion] = Field(min_length=1)
    supervised_use_rule: str = Field(min_length=10)
    severity: list[Band] = Field(min_length=1)
    specifiers: list[Specifier] = Field(default_factory=list)
    codes: Codes

    def inconsistencies(self) -> list[tuple[Where, str]]:
        """Severity bands with gaps, duplicate ids, codes for severities that do not exist."""
        problems = _band_problems("severity", self.severity, 0, len(self.criteria))
        if self.severity[-1].max is None:
            problems.append((("severity", len(self.severity) - 1, "max"),
                             "the last severity band must end at the number of criteria"))
        if len({c.id for c in self.criteria}) != len(self.criteria):
            problems.append((("criteria",), "two criteria share an id"))
        labels = {band.label for band in self.severity}
        codes = self.codes.icd10cm
        for key, entries in (("by_severity", codes.by_severity), ("remission", codes.remission)):
            for index, entry in enumerate(entries):
                if entry.severity not in labels:
                    problems.append((("codes", "icd10cm", key, index, "severity"),
                                     f"code {entry.code} names severity '{entry.severity}', "
                                     f"which is not one of {sorted(labels)}"))
        missing = labels - {entry.severity for entry in codes.by_severity}
        if missing:
            problems.append((("codes", "icd10cm", "by_severity"),
                             f"no ICD-10-CM code for severity {sorted(missing)}"))
        return problems

    def severity_for(self, count: int) -> Band | None:
        """The severity band a criteria count falls in (None below the threshold)."""
        return next((band for band in self.severity
                     if band.min <= count and (band.max is None or count <= band.max)), None)

    def counted(self, met: set[str], prescribed: bool) -> int:
        """Criteria met that count: tolerance and withdrawal drop out under supervised use."""
        return sum(1 for c in self.criteria
                   if c.id in met and not (prescribed and c.excluded_if_prescribed))


Instrument = ScoredScale | CriteriaChecklist


@dataclass(frozen=True)
class LoadedInstrument:
    """A validated instrument with where it was written."""

    instrument: Instrument
    file: str
    line: int

    @property
    def sources(self) -> list[str]:
        """Every bibliography key the instrument cites."""
        found = list(self.instrument.sources)
        if isinstance(self.instrument, CriteriaChecklist):
            codes = self.instrument.codes
            found += [codes.icd10cm.source, *([codes.icd11.source] if codes.icd11 else [])]
        return list(dict.fromkeys(found))

    @property
    def facts(self) -> list[str]:
        """Key-fact ids the instrument's bands and window point to."""
        instrument = self.instrument
        if isinstance(instrument, ScoredScale):
            return [band.fact for band in instrument.bands if band.fact]
        ids = [band.fact for band in instrument.severity if band.fact]
        return ids + ([instrument.window.fact] if instrument.window.fact else [])


def _line_of(node: yaml.Node | None, location: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest node along a pydantic error location."""
    line = 1 if node is None else node.start_mark.line + 1
    for part in location:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_instrument(text: str, file: str) -> LoadedInstrument | list[Problem]:
    """Validate one instrument file; each problem sits at the line of the field at fault."""
    located = load_located(text, file)
    if isinstance(located, Problem):
        return [located]
    data = located.data
    if not isinstance(data, dict) or not ({"items", "criteria"} & data.keys()):
        return [Problem(file, 1, "an instrument file must be a mapping with 'items' (a scored scale) "
                        "or 'criteria' (a checklist)", "see instruments/cows.yml for the format")]
    model: type[ScoredScale] | type[CriteriaChecklist] = ScoredScale if "items" in data else CriteriaChecklist
    node = yaml.compose(text, Loader=_LOADER)
    try:
        instrument = model.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = tuple(item["loc"])
            path = ".".join(str(part) for part in location) or "(document)"
            message = str(item["msg"]).removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message, fix = "unknown field", f"remove '{path}' or correct its spelling"
            elif item["type"] == "missing":
                message, fix = "required field is missing", f"add '{path}'"
            else:
                fix = "correct it to match the published instrument"
            problems.append(Problem(file, _line_of(node, location), f"{path}: {message}", fix))
        return problems
    inconsistent = [Problem(file, _line_of(node, where), message,
                            "correct it to match the published instrument")
                    for where, message in instrument.inconsistencies()]
    if inconsistent:
        return inconsistent
    expected = PUBLISHED_COUNTS.get(instrument.id)
    count = len(instrument.items if isinstance(instrument, ScoredScale) else instrument.criteria)
    key = "items" if isinstance(instrument, ScoredScale) else "criteria"
    if expected is None:
        return [Problem(file, located.key_lines.get("id", 1), f"unknown instrument '{instrument.id}'",
                        "add its published item count to kb.instruments.data.PUBLISHED_COUNTS")]
    if count != expected:
        return [Problem(file, located.key_lines.get(key, 1),
                        f"{key}: {count} given, the published {instrument.id} has {expected}",
                        "transcribe every item of the publication, and only those")]
    return LoadedInstrument(instrument, file, located.key_lines.get("id", 1))


def load_instruments(directory: Path, root: Path) -> tuple[dict[str, LoadedInstrument], list[Problem]]:
    """Load every ``instruments/*.yml``; the file name is the instrument's id."""
    found: dict[str, LoadedInstrument] = {}
    problems: list[Problem] = []
    for path, file, text in read_yaml_files(directory, root, problems):
        loaded = load_instrument(text, file)
        if isinstance(loaded, list):
            problems += loaded
        elif loaded.instrument.id != path.stem:
            problems.append(Problem(file, loaded.line, f"id '{loaded.instrument.id}' differs from the "
                                    f"file name '{path.stem}'", "name the file after the id"))
        else:
            found[loaded.instrument.id] = loaded
    return found, problems


def reference_problems(instruments: dict[str, LoadedInstrument], known_keys: set[str] | None,
                       fact_quotes: dict[str, str]) -> list[Problem]:
    """Sources exist in the bibliography; band facts exist and their quotes give the band's edges."""
    problems = []
    for loaded in instruments.values():
        for key in loaded.sources:
            if known_keys is not None and key not in known_keys:
                problems.append(Problem(loaded.file, loaded.line, f"unknown source '{key}'",
                                        "add the source to references.yml or correct the key"))
        instrument = loaded.instrument
        bands = instrument.bands if isinstance(instrument, ScoredScale) else instrument.severity
        for band in bands:
            if band.fact is None:
                continue
            quote = fact_quotes.get(band.fact)
            if quote is None:
                problems.append(Problem(loaded.file, loaded.line, f"band '{band.label}': unknown fact "
                                        f"'{band.fact}'", "use an id from facts/*.yml"))
                continue
            edges = [band.min] if band.max is None else [band.min, band.max]
            if isinstance(instrument, ScoredScale) and band.max is None:
                edges = [band.min - 1]  # an open band is quoted as "> 36"
            if isinstance(instrument, CriteriaChecklist) and band.max == len(instrument.criteria):
                edges = [band.min]  # the top band is quoted as "6 or more"
            numbers = set(_numbers(quote))
            missing = [str(edge) for edge in edges if edge not in numbers]
            if missing:
                problems.append(Problem(loaded.file, loaded.line, f"band '{band.label}' "
                                        f"({band.min}-{band.max}): the quote of fact '{band.fact}' does "
                                        f"not give {', '.join(missing)}",
                                        "make the band match the publication and its fact"))
    return problems


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _numbers(text: str) -> list[int]:
    return [int(token) if token.isdigit() else _WORDS[token.lower()]
            for token in re.findall(r"\d+|\b(?:" + "|".join(_WORDS) + r")\b", text, re.I)]
