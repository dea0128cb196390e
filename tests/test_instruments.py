"""The instrument data against the publications (COWS: Wesson and Ling 2003; DSM-5-TR), and bad
instrument files failing with ``file:line``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from kb.build.site import load_site
from kb.core.problems import BuildFailed
from kb.instruments.data import CriteriaChecklist, ScoredScale, load_instrument, load_instruments
from kb.instruments.form import instrument_data, render_instrument

COWS_TEXT = (ROOT / "instruments" / "cows.yml").read_text(encoding="utf-8")
DSM_TEXT = (ROOT / "instruments" / "dsm5tr-oud.yml").read_text(encoding="utf-8")
# Points of each item's options as printed on the published COWS form.
COWS_POINTS = {
    "pulse": [0, 1, 2, 4], "sweating": [0, 1, 2, 3, 4], "restlessness": [0, 1, 3, 5],
    "pupil-size": [0, 1, 2, 5], "bone-joint-aches": [0, 1, 2, 4], "runny-nose-tearing": [0, 1, 2, 4],
    "gi-upset": [0, 1, 2, 3, 5], "tremor": [0, 1, 2, 4], "yawning": [0, 1, 2, 4],
    "anxiety-irritability": [0, 1, 2, 4], "gooseflesh": [0, 3, 5],
}


def cows() -> ScoredScale:
    loaded = load_instrument(COWS_TEXT, "instruments/cows.yml")
    assert not isinstance(loaded, list), loaded
    assert isinstance(loaded.instrument, ScoredScale)
    return loaded.instrument


def dsm() -> CriteriaChecklist:
    loaded = load_instrument(DSM_TEXT, "instruments/dsm5tr-oud.yml")
    assert not isinstance(loaded, list), loaded
    assert isinstance(loaded.instrument, CriteriaChecklist)
    return loaded.instrument


def test_cows_has_the_published_items_and_points() -> None:
    scale = cows()
    assert len(scale.items) == 11
    assert {item.id: [o.points for o in item.options] for item in scale.items} == COWS_POINTS
    assert scale.total.max == 48 == sum(max(points) for points in COWS_POINTS.values())


@pytest.mark.parametrize(("score", "band"), [
    (0, None), (4, None), (5, "mild"), (12, "mild"), (13, "moderate"), (24, "moderate"),
    (25, "moderately severe"), (36, "moderately severe"), (37, "severe"), (48, "severe")])
def test_cows_band_edges_match_the_publication(score: int, band: str | None) -> None:
    found = cows().band_for(score)
    assert (found.label if found else None) == band


@pytest.mark.parametrize(("count", "severity"), [
    (0, None), (1, None), (2, "mild"), (3, "mild"), (4, "moderate"), (5, "moderate"), (6, "severe"),
    (11, "severe")])
def test_dsm_severity_edges_match_the_publication(count: int, severity: str | None) -> None:
    found = dsm().severity_for(count)
    assert (found.label if found else None) == severity


def test_dsm_has_11_criteria_and_the_supervised_use_rule() -> None:
    checklist = dsm()
    assert len(checklist.criteria) == 11
    assert [c.id for c in checklist.criteria if c.excluded_if_prescribed] == ["tolerance", "withdrawal"]
    every = {c.id for c in checklist.criteria}
    assert checklist.counted(every, prescribed=False) == 11
    assert checklist.counted(every, prescribed=True) == 9
    assert checklist.counted({"craving", "tolerance", "withdrawal"}, prescribed=True) == 1


def test_the_form_carries_the_data_and_no_identifier_fields() -> None:
    loaded = load_instrument(COWS_TEXT, "instruments/cows.yml")
    assert not isinstance(loaded, list)
    form = render_instrument(loaded)
    assert form.count("<fieldset") == 11 and form.count('type="radio"') == 45
    assert '<script type="application/json"' in form and "aria-live" in form
    assert not re.search(r'name="[^"]*(name|patient|id|dob|birth)"', form)
    assert instrument_data(loaded)["items"][0]["points"] == [0, 1, 2, 4]


def test_the_real_instruments_load_without_problems() -> None:
    instruments, problems = load_instruments(ROOT / "instruments", ROOT)
    assert problems == [] and set(instruments) == {"cows", "dsm5tr-oud"}


@pytest.mark.parametrize(("old", "new", "at", "message"), [
    ("      - {points: 4, label: \"pulse rate greater than 120\"}\n", "", "  max: 48",
     "highest points add up to 46"),
    ("  - {min: 13, max: 24, label: moderate", "  - {min: 14, max: 24, label: moderate", "{min: 14",
     "not contiguous"),
    ("      - {points: 2, label: \"pulse rate 101-120\"}",
     "      - {points: 1, label: \"pulse rate 101-120\"}",
     "  - id: pulse", "points must rise"),
    ("    title: Resting pulse rate\n", "    title: Resting pulse rate\n    colour: red\n", "colour: red",
     "unknown field"),
])
def test_a_malformed_cows_file_fails_at_its_line(old: str, new: str, at: str, message: str) -> None:
    assert old in COWS_TEXT
    broken = COWS_TEXT.replace(old, new, 1)
    line = broken[:broken.index(at)].count("\n") + 1
    loaded = load_instrument(broken, "instruments/cows.yml")
    assert isinstance(loaded, list) and loaded, "the broken file loaded"
    problem = next((p for p in loaded if message in p.message), None)
    assert problem is not None, [str(p) for p in loaded]
    assert problem.file == "instruments/cows.yml" and problem.line == line, str(problem)
    assert re.match(r"instruments/cows\.yml:\d+: ", str(problem))


def test_a_dropped_item_fails_with_the_published_count() -> None:
    text = COWS_TEXT.replace("  - id: gooseflesh", "  - id: gooseflesh-removed", 1)
    start = text.index("  - id: gooseflesh-removed")
    text = text[:start] + text[text.index("total:"):]
    text = text.replace("max: 48", "max: 43", 1)
    loaded = load_instrument(text, "instruments/cows.yml")
    assert isinstance(loaded, list)
    assert any("the published cows has 11" in p.message for p in loaded), [str(p) for p in loaded]


def test_broken_yaml_fails_at_its_line() -> None:
    broken = COWS_TEXT.replace("  - id: sweating", "  - id: [sweating", 1)
    loaded = load_instrument(broken, "instruments/cows.yml")
    assert isinstance(loaded, list) and "malformed YAML" in loaded[0].message and loaded[0].line > 1


def test_an_unknown_instrument_on_a_page_fails_the_build(project: Path) -> None:
    page = project / "docs" / "example.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- kb:instrument nope -->\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"docs/example\.md:\d+: unknown instrument 'nope'"):
        load_site(project)


def test_a_broken_instrument_file_fails_the_build(project: Path) -> None:
    (project / "instruments").mkdir()
    broken = COWS_TEXT.replace("max: 48", "max: 50")
    (project / "instruments" / "cows.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"instruments/cows\.yml:\d+: total\.max is 50"):
        load_site(project)
