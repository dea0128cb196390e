"""kb.core.yamlsource builds plain documents itself: the data must be exactly PyYAML's."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import ROOT
from kb.core.problems import Problem
from kb.core.yamlsource import load_located

DOCUMENTS = [
    "a: 1\nb: [x, 2.5, true, null, 2026-11-30]\nc: {d: 'e', 0x1F: yes}\n",
    "- id: one\n  issued: {date-parts: [[2024, 1]]}\n- id: two\n  page: 12-19\n",
    "base: &b {x: 1}\nother: *b\n",  # an alias: PyYAML's own constructor
    "base: &b {x: 1}\nmerged: {<<: *b, y: 2}\n",  # a merge key
    "s: !!set {a, b}\no: !!omap [{a: 1}]\n",  # tags with generators
    "when: 2026-11-30 12:00:00\nbin: !!binary aGk=\n",
    "? [a, b]\n: complex key\n",
    "just a string\n",
    "",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_data_is_pyyamls(text: str) -> None:
    located = load_located(text, "x.yml")
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        assert isinstance(located, Problem)
        return
    assert not isinstance(located, Problem)
    assert located.data == expected
    assert repr(located.data) == repr(expected)


def test_alias_is_the_same_object() -> None:
    located = load_located("base: &b {x: 1}\nother: *b\n", "x.yml")
    assert not isinstance(located, Problem)
    assert located.data["other"] is located.data["base"]


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\nb: !custom x\n", "x.yml:2: malformed YAML: could not determine a constructor for the "
                             "tag '!custom'. Fix: check indentation, colons and quotes on this line"),
    ("? [a, b]\n: complex key\n", "x.yml:1: malformed YAML: found unhashable key. "
                                  "Fix: check indentation, colons and quotes on this line"),
])
def test_constructor_errors_are_located_problems(text: str, expected: str) -> None:
    assert str(load_located(text, "x.yml")) == expected


def test_real_sources_load_as_pyyaml_loads_them() -> None:
    files = [ROOT / "references.yml", *sorted((ROOT / "glossary").glob("*.yml")),
             *sorted((ROOT / "facts").glob("*.yml"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        located = load_located(text, path.name)
        assert not isinstance(located, Problem), located
        assert located.data == yaml.load(text, Loader=yaml.SafeLoader), path


def test_dates_stay_dates() -> None:
    located = load_located("reviewed: 2026-11-30\n", "x.yml")
    assert not isinstance(located, Problem)
    assert located.data == {"reviewed": dt.date(2026, 11, 30)}
