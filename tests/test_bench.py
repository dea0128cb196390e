"""Unit tests of the benchmark suite's pure parts: statistics, budgets, configs, the generator."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from conftest import ROOT
from devtools.bench.budgets import EXTERNAL_REQUESTS, SCALING_RATIO_50X, Budget
from devtools.bench.configs import (
    bare_config,
    read_config,
    replace_nav,
    without_hooks,
    without_plugin,
    without_project,
)
from devtools.bench.generator import Profile, abbreviation, coined, generate, layout, write_site
from devtools.bench.overhead import phase_medians, rotations
from devtools.bench.pytest_split import group_of
from devtools.bench.report import (
    DOC_END,
    DOC_START,
    Outcome,
    Table,
    markdown_table,
    merge_results,
    render_markdown,
    replace_block,
    table,
)
from devtools.bench.server import accepts_gzip, compressible
from devtools.bench.stats import marginal, median, percentile, ratio
from devtools.bench.weight import split_index
from kb.build.render import GLOSSARY_PAGE, METHOD_PAGE, OVERDOSE_PAGE, REFERENCES_PAGE
from kb.build.site import load_site

REAL_CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_median_and_percentiles_interpolate_like_numpy() -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    values = list(range(1, 21))
    assert percentile(values, 0) == 1 and percentile(values, 100) == 20
    assert percentile(values, 95) == pytest.approx(19.05)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_ratio_and_marginal_cost() -> None:
    assert ratio(3, 2) == 1.5
    assert ratio(1, 0) == math.inf  # a zero baseline must fail a budget, not pass it
    # 1 s start-up + 10 ms per page: the marginal cost is 10 ms whatever the size.
    assert marginal(100, 2.0, 1000, 11.0) == pytest.approx(0.01)


def test_budgets_are_inclusive_upper_limits() -> None:
    assert SCALING_RATIO_50X.check(1.5).passed
    assert not SCALING_RATIO_50X.check(1.51).passed
    assert EXTERNAL_REQUESTS.check(0).passed and not EXTERNAL_REQUESTS.check(1).passed
    line = Budget("x", "keystroke to results p95", 100, "ms").check(123.4).line()
    assert line == "FAIL  keystroke to results p95: 123.4 ms (budget <= 100 ms)"


def test_tables_align_numbers_right() -> None:
    text = table(["build", "seconds"], [["bare", "1.5"], ["real", "12.25"]])
    assert text.splitlines() == ["build  seconds", "-----  -------", "bare       1.5",
                                 "real     12.25"]
    assert markdown_table(["a", "n"], [["x|y", "2"]]).splitlines() == [
        "| a | n |", "| --- | ---: |", "| x\\|y | 2 |"]


def test_results_merge_and_markdown_block() -> None:
    first = Outcome("overhead", "Build overhead", [Table("", ["a"], [["1"]])],
                    checks=[SCALING_RATIO_50X.check(1.2)])
    second = Outcome("weight", "Page weight", [Table("t", ["b"], [["2"]])],
                     checks=[EXTERNAL_REQUESTS.check(1)])
    machine = {"cpu": "CPU", "cores": 2, "memory_gib": 4.0, "system": "Linux", "python": "3.11"}
    results = merge_results({}, [first], machine, "2026-01-02", 10.0)
    results = merge_results(results, [second], machine, "2026-01-03", 5.0,
                            order=["weight", "overhead"])
    assert list(results["benchmarks"]) == ["weight", "overhead"]  # the earlier run is kept
    assert results["benchmarks"]["overhead"]["date"] == "2026-01-02"
    assert results["date"] == "2026-01-03" and results["passed"] is False
    block = render_markdown(results)
    assert "### Build overhead" in block and "**FAIL**: requests to other hosts = 1" in block
    document = f"intro\n{DOC_START}\nold\n{DOC_END}\nend\n"
    replaced = replace_block(document, block)
    assert "old" not in replaced and replaced.startswith("intro\n") and replaced.endswith("end\n")
    with pytest.raises(ValueError):
        replace_block("no markers", block)
    # A benchmark not run this time keeps its section, in its place; a re-run one is replaced.
    document = (f"{DOC_START}\nold header\n\n### Page weight (2026-01-01)\n\nold weight\n\n"
                f"### Search latency (2026-01-01)\n\nold latency\n{DOC_END}\n")
    replaced = replace_block(document, render_markdown(results))
    assert "old weight" not in replaced and "old latency" in replaced and "old header" not in replaced
    assert replaced.index("### Page weight (2026-01-03)") < replaced.index("### Search latency (2026-01-01)")
    assert replaced.index("### Search latency") < replaced.index("### Build overhead (2026-01-02)")


def test_bare_config_keeps_pages_and_drops_everything_else() -> None:
    real = read_config(REAL_CONFIG)  # python/name tags are read, not imported
    bare = read_config(bare_config(real, "/x/docs", "/tmp/site"))
    assert bare["nav"] == real["nav"] and bare["docs_dir"] == "/x/docs"
    assert bare["theme"] == {"name": "material", "font": False}
    assert not {"hooks", "plugins", "markdown_extensions", "extra_css"} & set(bare)


def test_unknown_tags_are_read_as_their_names() -> None:
    config = read_config("a: !ENV [X, false]\nb: !!python/name:os.getcwd\nc: 1\n")
    assert config == {"a": "!ENV", "b": "tag:yaml.org,2002:python/name:os.getcwd", "c": 1}


def test_replace_nav_and_remove_a_plugin_keep_the_rest() -> None:
    text = "site_name: x\nnav:\n  - a.md\n  - B:\n      - b.md\nplugins:\n  - search\n"
    replaced = replace_nav(text, ["c.md"])
    assert replaced == "site_name: x\nnav:\n- c.md\nplugins:\n  - search\n"
    assert replace_nav("site_name: x\n", ["c.md"]) == "site_name: x\nnav:\n- c.md\n"
    stripped = without_plugin(REAL_CONFIG, "mkdocstrings")
    config = read_config(stripped)
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "mkdocstrings" not in names and "search" in names
    assert config["nav"] == read_config(REAL_CONFIG)["nav"]
    no_hooks = read_config(without_hooks(REAL_CONFIG))
    assert "hooks" not in no_hooks and no_hooks["plugins"] == read_config(REAL_CONFIG)["plugins"]
    no_project = read_config(without_project(REAL_CONFIG))
    extensions = [next(iter(e)) if isinstance(e, dict) else e
                  for e in no_project["markdown_extensions"]]
    assert "hooks" not in no_project and "kb.build.extension" not in extensions
    assert len(extensions) == len(read_config(REAL_CONFIG)["markdown_extensions"]) - 1


def test_run_order_alternates_and_phases_take_medians() -> None:
    assert rotations(["bare", "real"], 3) == [["bare", "real"], ["real", "bare"], ["bare", "real"]]
    assert phase_medians([{"a": 1.0}, {"a": 3.0, "b": 1.0}, {"a": 2.0}]) == {"a": 2.0, "b": 0.0}


def test_coined_names_and_abbreviations_are_unique() -> None:
    names = [coined(i) for i in range(20_000)]
    assert len(set(names)) == len(names)
    assert all(name.isalpha() and name.islower() for name in names)
    abbreviations = {abbreviation(i) for i in range(5_000)}
    assert len(abbreviations) == 5_000
    with pytest.raises(ValueError):
        coined(20**2, syllables=2)


@pytest.mark.parametrize("pages", [44, 440, 2200])
def test_layout_hits_the_page_count_with_the_special_pages(pages: int) -> None:
    plan = layout(pages)
    paths = [path for path, _ in plan.pages]
    assert pages - 10 <= len(paths) <= pages + 2
    assert len(set(paths)) == len(paths)
    for special in ("index.md", GLOSSARY_PAGE, REFERENCES_PAGE, METHOD_PAGE, OVERDOSE_PAGE,
                    "help/index.md", "treatment/index.md"):
        assert special in paths


def test_profile_scales_counts_not_densities() -> None:
    scaled = Profile().scaled(10)
    assert (scaled.pages, scaled.terms, scaled.references) == (440, 950, 2270)
    assert scaled.body_chars == Profile().body_chars


def test_generated_site_passes_the_project_validators(tmp_path: Path) -> None:
    site = generate(Profile().scaled(0.5))
    assert generate(Profile().scaled(0.5)).files == site.files  # deterministic
    write_site(site, tmp_path, ROOT)
    loaded = load_site(tmp_path)  # raises BuildFailed listing every problem
    assert len(loaded.pages) == site.pages
    assert len(loaded.glossary) == site.terms
    assert len(loaded.bibliography.entries) == site.references
    content = [r for r in loaded.pages.values() if r.page.meta.type.value == "topic"]
    assert all(r.citations for r in content)
    assert loaded.modalities(), "the treatment section has modality pages"


def test_gzip_decisions_and_search_index_split() -> None:
    assert compressible("text/html; charset=utf-8") and compressible("application/json")
    assert not compressible("image/png")
    assert accepts_gzip("gzip, deflate, br") and not accepts_gzip("br")
    sent = [("/x/", 100), ("/search/search_index.json", 900), ("/a.css", 50)]
    assert split_index(sent) == (150, 900)


def test_pytest_groups_follow_markers() -> None:
    assert group_of({"test_x", "browser", "site"}) == "browser"
    assert group_of({"site"}) == "site"
    assert group_of({"test_x"}) == "unit"


def test_lighthouse_report_keeps_scores_timings_and_failed_audits() -> None:
    from devtools.bench.lighthouse import Report

    def category(score: float, refs: list[dict[str, object]]) -> dict[str, object]:
        return {"score": score, "auditRefs": refs}

    data = {
        "categories": {
            "performance": category(0.731, [{"id": "total-blocking-time", "weight": 30}]),
            "accessibility": category(0.93, [{"id": "aria-dialog-name", "weight": 7},
                                             {"id": "bypass", "weight": 0}]),
            "best-practices": category(1, []),
            "seo": category(1, [{"id": "document-title", "weight": 1}]),
        },
        "audits": {
            "total-blocking-time": {"numericValue": 1710.4, "score": 0.1},
            "largest-contentful-paint": {"numericValue": 2400},
            "first-contentful-paint": {"numericValue": 1200},
            "total-byte-weight": {"numericValue": 300000},
            "dom-size": {"numericValue": 4618},
            "aria-dialog-name": {"score": 0},
            "bypass": {"score": 0},
            "document-title": {"score": 1},
        },
    }
    report = Report.from_json(data)
    assert report.scores == {"performance": 73, "accessibility": 93, "best-practices": 100,
                             "seo": 100}
    assert (report.tbt_ms, report.dom_elements, report.total_bytes) == (1710.4, 4618, 300000)
    assert report.main_thread_ms == 0
    assert report.failed == ["aria-dialog-name"]  # weight 0 audits do not count


def test_lighthouse_measures_the_indexes_and_their_largest_letter_pages(tmp_path: Path) -> None:
    from devtools.bench.lighthouse import LETTER_PAGE, REFERENCES_LETTER_PAGE, glossary_pages
    for folder, letter, size in [("glossary", "a", 10), ("glossary", "c", 300),
                                 ("glossary", "0-9", 20), ("references", "n", 50),
                                 ("references", "w", 40)]:
        (tmp_path / folder / letter).mkdir(parents=True)
        (tmp_path / folder / letter / "index.html").write_text("x" * size)
        (tmp_path / folder / "index.html").write_text("x" * 1000)  # an index is not a letter page
    pages = glossary_pages(tmp_path)
    assert pages["glossary index"] == "glossary/" and pages[LETTER_PAGE] == "glossary/c/"
    assert pages["references index"] == "references/"
    assert pages[REFERENCES_LETTER_PAGE] == "references/n/"


def test_lighthouse_median_report_takes_each_figure_s_median() -> None:
    from devtools.bench.lighthouse import CATEGORIES, Report, median_report

    def report(performance: int, tbt: float, failed: list[str]) -> Report:
        return Report({c: performance for c in CATEGORIES}, tbt, 1000.0, 900.0, 1, 10, 5.0, failed)

    middle = median_report([report(90, 900.0, ["a"]), report(99, 40.0, []), report(95, 300.0, ["b"])])
    assert middle.scores["performance"] == 95 and middle.tbt_ms == 300.0 and middle.failed == ["b"]
