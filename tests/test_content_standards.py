"""The content standard of the content issues, checked on the real pages: no stubs, enough
words and sources, every treatment modality rated, every page readable."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from devtools.report import page_reports
from kb.build.site import Site, load_site, readability_problems
from kb.pages.frontmatter import PageType

MIN_WORDS = 600
MIN_SOURCES = 4
MODALITIES = {
    "treatment/detoxification/urod.md", "treatment/detoxification/neuroelectric-therapy.md",
    "treatment/detoxification/pharmacotherapy.md", "treatment/detoxification/transair.md",
    "treatment/medications/methadone.md", "treatment/medications/buprenorphine.md",
    "treatment/medications/naltrexone.md", "treatment/psychological/information-therapy.md",
    "treatment/psychological/individual-therapy.md",
    "treatment/psychological/contingency-management.md",
    "treatment/psychological/family-therapy.md", "treatment/physiotherapy.md",
    "treatment/aftercare.md", "treatment/harm-reduction.md",
}


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(ROOT)


def test_no_page_is_a_stub(site: Site) -> None:
    assert site.stubs() == []


def test_topic_and_modality_pages_have_enough_words_and_sources(site: Site) -> None:
    short = [f"{r.path}: {r.words} words, {r.sources} sources"
             for r in page_reports(site, dt.date.today())
             if r.type in ("topic", "modality") and (r.words < MIN_WORDS or r.sources < MIN_SOURCES)]
    assert short == []


def test_every_treatment_modality_is_a_rated_modality_page(site: Site) -> None:
    rated = {path for path, r in site.pages.items() if r.page.meta.type is PageType.MODALITY}
    assert sorted(MODALITIES - rated) == []


def test_every_content_page_reads_at_grade_9_or_below(site: Site) -> None:
    assert [str(p) for p in readability_problems(site)] == []
