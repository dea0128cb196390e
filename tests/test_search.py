"""Findability: the evaluation set and misspelled queries through the site's own search box, the
offline bundle's search from file://, and the scoring helpers of devtools.search_eval."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from conftest import ROOT, SITE, SITE_OFFLINE
from devtools.search_eval import (
    HALVES,
    Metrics,
    Outcome,
    Query,
    evaluate,
    load_queries,
    metrics,
    misspellings,
    open_search,
    rank_of,
    report,
    run_query,
    runnable,
    site_path,
)
from kb.core.urls import page_url

QUERIES = ROOT / "tests" / "search_queries.yml"
TYPOS = ROOT / "tests" / "search_typos.yml"
PASS_AT_3 = 0.95
# Issue 17's gates on the independent set: the check half (never tuned on), its misspellings, and
# the gap between the halves (a larger gap means the ranking was fitted to the tuning half).
CHECK_AT_3 = 0.97
CHECK_MRR = 0.9
MISSPELLED_AT_3 = 0.95
HALF_GAP = 0.03


@pytest.fixture(scope="module")
def search_page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


def write_report(artifacts: Path, name: str, outcomes: list[Outcome]) -> None:
    (artifacts / f"{name}.txt").write_text(report(outcomes) + "\n", encoding="utf-8")
    rows = [{"query": o.query.text, "kind": o.query.kind, "expected": list(o.query.expected),
             "rank": o.rank, "top": list(o.results[:5])} for o in outcomes]
    (artifacts / f"{name}.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


def run_set(path: Path, minimum: int, page: Page, server: str, artifacts: Path,
            name: str) -> list[Outcome]:
    """Run a query set of at least ``minimum`` queries and save its report as ``name``."""
    queries = load_queries(path)
    assert len(queries) >= minimum
    outcomes = evaluate(page, server, queries)
    write_report(artifacts, name, outcomes)
    return outcomes


@pytest.mark.browser
def test_evaluation_set_ranks_the_right_page_in_the_top_3(
        server: str, search_page: Page, artifacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = run_set(QUERIES, 60, search_page, server, artifacts, "search-evaluation")
    result = metrics(outcomes)
    with capsys.disabled():
        print(f"\nsearch evaluation: {result} (details: test-artifacts/search-evaluation.txt)")
    assert result.success_at_3 >= PASS_AT_3, report(outcomes)


def score_halves(page: Page, server: str, artifacts: Path) -> dict[str, list[Outcome]]:
    """Run both independent halves and the dev set; save each report (misses below rank 3 and
    skipped queries). Only the check half and the gap to the tune half are gated; the dev set is
    reported like the tune half."""
    outcomes = {}
    for name, path in HALVES.items():
        kept, skipped = runnable(load_queries(path), SITE)
        outcomes[name] = evaluate(page, server, kept)
        (artifacts / f"search-{name}.txt").write_text(
            report(outcomes[name], skipped, worse_than=3) + "\n", encoding="utf-8")
    return outcomes


def summary(name: str, outcomes: list[Outcome]) -> str:
    return f"{name}: {metrics(outcomes)}; misspellings {misspellings(outcomes)}"


@pytest.mark.browser
def test_independent_halves_meet_the_gates(
        server: str, search_page: Page, artifacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    halves = score_halves(search_page, server, artifacts)
    tune, check = metrics(halves["tune"]), metrics(halves["check"])
    misspelled: Metrics = misspellings([o for outcomes in halves.values() for o in outcomes])
    with capsys.disabled():
        for name, outcomes in halves.items():
            print(f"\n{summary(name, outcomes)} (details: test-artifacts/search-{name}.txt)")
    failures = [f"{label}: {value:.3f} < {gate}" for label, value, gate in [
        ("check success@3", check.success_at_3, CHECK_AT_3), ("check MRR", check.mrr, CHECK_MRR),
        ("misspellings success@3", misspelled.success_at_3, MISSPELLED_AT_3)] if value < gate]
    if abs(tune.success_at_3 - check.success_at_3) > HALF_GAP:
        failures.append(f"tune/check success@3 gap {tune.success_at_3 - check.success_at_3:+.3f}")
    assert not failures, "\n".join([*failures, report(halves["check"], worse_than=3)])


@pytest.mark.browser
def test_misspelled_names_still_find_their_page(
        server: str, search_page: Page, artifacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = run_set(TYPOS, 12, search_page, server, artifacts, "search-typos")
    with capsys.disabled():
        print(f"\nmisspelled queries: {metrics(outcomes)}")
    missed = [o for o in outcomes if o.rank is None or o.rank > 3]
    assert not missed, report(missed)


@pytest.mark.browser
def test_whole_names_and_corrected_typos_rank_like_the_name(server: str, search_page: Page) -> None:
    """A query holding a multi-word name finds the page named by it before a page with one of its
    words in the title, even when every other word of the query is a stop word; a misspelled word
    next to another ranks like its correction; the joined name the box asks for is never shown to
    the reader as a missing word."""
    open_search(search_page, server)
    for text, expected in [("opioid dependence", "recognizing/diagnosis/"),
                           ("treatment retention", "treatment/"),
                           ("gabapeitin risks", "health-effects/other-drugs/"),
                           ("rheab risks", "help/choosing-a-program/"),
                           # Its one asked word ("need") is not on the page the name is a tag of.
                           ("i need to get off heroin", "help/")]:
        groups = run_query(search_page, text)
        assert rank_of(groups, [expected]) == 1, f"{text}: {groups[:3]}"
    assert "_" not in search_page.locator(".md-search-result").inner_text()


@pytest.mark.browser
def test_a_glossary_term_by_its_name_finds_its_entry_beside_its_article(
        server: str, search_page: Page) -> None:
    """Every glossary term typed by any of its names (term, aliases, abbreviation) finds its entry
    in the top 3 (a clinician cites the entry), also with a word asking what it means ("OUD
    meaning"); a term with a main article finds that article first (issue 17: the entry never
    outranks it). "fentanyl" found four pages before its entry, "Hepatitis B" the entry for
    hepatitis C in its letter page's place, "detox" and "Take-home naloxone" no entry."""
    open_search(search_page, server)
    wrong = []
    for path in sorted((ROOT / "glossary").glob("*.yml")):
        term = yaml.safe_load(path.read_text(encoding="utf-8"))
        articles = [page_url(page) for page in term.get("pages") or []]
        names = [term["term"], *(term.get("aliases") or []), *filter(None, [term.get("abbreviation")])]
        for text in [*names, f"{names[-1]} meaning"]:
            groups = run_query(search_page, text)
            entry = rank_of(groups, [f"glossary/#{path.stem}"])
            article = rank_of(groups, articles[:1]) if articles else None
            if entry is None or entry > 3 or (articles and (article is None or article > entry)):
                wrong.append(f"{text!r} ({path.name}): entry {entry}, article {article}: {groups[:4]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.browser
def test_a_question_about_a_term_shows_its_entry_beside_its_article(server: str, search_page: Page) -> None:
    """A question that names a term and finds the term's article at the top shows the entry
    third; a term named in passing does not push out the page the question is about (the
    methadone page for a question about methadone, its entry would only repeat it)."""
    open_search(search_page, server)
    for text, entry in [("why does suboxone have naloxone in it", "glossary/#buprenorphine-naloxone"),
                        ("cravings wont stop after detox", "glossary/#craving")]:
        groups = run_query(search_page, text)
        assert rank_of(groups, [entry]) in (1, 2, 3), f"{text}: {groups[:4]}"
    groups = run_query(search_page, "isnt methadone just swapping one drug for another")
    assert rank_of(groups, ["treatment/medications/methadone/"]) in (1, 2, 3), groups[:4]
    assert rank_of(groups, ["glossary/#methadone"]) not in (1, 2, 3), groups[:4]
    # Nor a page that uses the term ("related"): the overdose page for the signs of an overdose,
    # which name the term "slowed breathing" (respiratory depression) of the short-term effects page.
    groups = run_query(search_page, "pinpoint pupils and very slow breathing")
    assert rank_of(groups, ["health-effects/overdose/"]) in (1, 2, 3), groups[:4]


@pytest.mark.browser
def test_a_relative_finds_the_families_page_and_an_emergency_the_overdose_page(
        server: str, search_page: Page) -> None:
    """Whatever the relation, a question about someone else's use reaches the page for families
    (issue 17); but signs of an overdose put the overdose page first, whoever is described: the
    relation word, a tag of the families page, put that page above it for "my son passed out and
    his lips are going blue"."""
    open_search(search_page, server)
    for text in ["my flatmate uses heroin", "my nephew is on heroin what do we do",
                 "worried about my housemate"]:
        assert rank_of(run_query(search_page, text), ["help/families/"]) in (1, 2, 3), text
    for text in ["my son passed out and his lips are going blue",
                 "my girlfriend is snoring and i cant wake her"]:
        groups = run_query(search_page, text)
        assert groups and groups[0][0] == "health-effects/overdose/", f"{text}: {groups[:3]}"


@pytest.mark.browser
def test_whole_words_and_most_words_of_a_question_decide(server: str, search_page: Page) -> None:
    """A word typed to the end outweighs a longer word it begins ("now" and the pregnancy page's
    tag "NOWS"); a result that holds most words of a question outranks one whose title holds one
    ("bad" of the section "Stage 2: withdrawal and feeling bad")."""
    open_search(search_page, server)
    for text, not_first in [("relapsed what now", "health-effects/pregnancy/"),
                            ("really bad diarrhoea and yawning", "heroin/how-addiction-develops/")]:
        groups = run_query(search_page, text)
        assert groups and groups[0][0] != not_first, f"{text}: {groups[:3]}"


@pytest.mark.browser
def test_a_describing_word_finds_its_noun(server: str, search_page: Page) -> None:
    """A reader types how it feels ("itchy"), the page names the symptom ("Itching"): a word ending
    in a consonant and "y" is cut back to the prefix both share ("itch"). Before, "itchy" found one
    page, the signs page's table cell, and not the short-term effects page's section on itching."""
    open_search(search_page, server)
    groups = run_query(search_page, "itchy")
    assert rank_of(groups, ["health-effects/short-term/"]) in (1, 2, 3), groups[:3]
    # A stem shorter than four letters ("nod" of "nodding") stays a prefix before another word:
    # asked whole, it matched only the word "nod".
    groups = run_query(search_page, "nodding all the time")
    assert rank_of(groups, ["health-effects/short-term/"]) == 1, groups[:3]
    # A doubled letter stays when dropping it would leave fewer than four ("comming" -> "comm",
    # not "com", which matched the ".com" of addresses and every "combination").
    groups = run_query(search_page, "restless legs comming off heroin")
    assert rank_of(groups, ["health-effects/withdrawal/"]) in (1, 2, 3), groups[:3]


@pytest.mark.browser
def test_british_and_american_spellings_find_the_same_pages(server: str, search_page: Page) -> None:
    """"recognising" and "recognizing", "hospitalised" and "hospitalization": the site has both
    spellings in different places, and a reader types one."""
    open_search(search_page, server)
    for british, american in [("recognising heroin use", "recognizing heroin use"),
                              ("hospitalisation", "hospitalization")]:
        assert run_query(search_page, british)[:3] == run_query(search_page, american)[:3], british
    assert rank_of(run_query(search_page, "recognising opioid addiction"), ["recognizing/"]) in (1, 2, 3)


@pytest.mark.browser
def test_a_contraction_typed_without_its_apostrophe_is_a_stop_word(server: str, search_page: Page) -> None:
    """"dont", "cant", "im" match nothing in the index; the typo retry made "dont" into "done" (a
    street name for methadone) and the question into one about methadone. "can't" matched every
    page that says it. A stop word with an apostrophe and an ending ("he'll", "it's") is one too:
    "he'll" matched nothing and went to the typo retry."""
    open_search(search_page, server)
    for text in ["why do some people get hooked and others dont", "i cant sleep in withdrawal",
                 "why can't he stop using", "scared he'll stop breathing in his sleep"]:
        without = " ".join(word for word in text.split() if word not in {"dont", "cant", "can't", "he'll"})
        assert run_query(search_page, text) == run_query(search_page, without), text


@pytest.mark.browser
def test_nonsense_finds_nothing_and_lunr_syntax_still_works(server: str, search_page: Page) -> None:
    open_search(search_page, server)
    assert run_query(search_page, "qxzvkw") == []
    # "+" requires a word: the typo retry and the query tidying leave lunr's syntax alone.
    required = run_query(search_page, "+transair +electrostimulation")
    assert required and required[0][0] == "treatment/detoxification/transair/"


@pytest.mark.browser
def test_offline_bundle_searches_from_a_file_url(browser: Browser) -> None:
    index = SITE_OFFLINE / "index.html"
    if not index.exists():
        pytest.fail("site-offline/ is missing: run `make build-offline` (make test does it)")
    page = browser.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    open_search(page, index.as_uri())
    for text, expected in [("naloxone", "help/naloxone/"),
                           ("buprenorfine", "treatment/medications/buprenorphine/")]:
        groups = run_query(page, text)
        assert rank_of(groups, [expected]) in (1, 2, 3), f"{text}: {groups[:3]}"
    page.close()
    assert {urlsplit(url).scheme for url in urls} == {"file"}, [u for u in urls if "file:" not in u]


def test_site_path_normalises_served_and_offline_links() -> None:
    base = "http://127.0.0.1:8000/"
    assert site_path("http://127.0.0.1:8000/glossary/?h=narcan#naloxone", base) == "glossary/#naloxone"
    assert site_path("http://127.0.0.1:8000/", base) == ""
    offline = "file:///tmp/site-offline/"
    assert site_path("file:///tmp/site-offline/treatment/medications/methadone.html", offline) \
        == "treatment/medications/methadone/"
    assert site_path("file:///tmp/site-offline/treatment/index.html#phases", offline) \
        == "treatment/#phases"
    assert site_path("file:///tmp/site-offline/index.html", offline) == ""
    # A glossary entry is a section of its letter page; the query sets cite it as glossary/#slug.
    assert site_path(base + "glossary/n/?h=narcan#naloxone", base) == "glossary/#naloxone"
    assert site_path(base + "glossary/0-9/#6-monoacetylmorphine", base) == "glossary/#6-monoacetylmorphine"
    assert site_path(offline + "glossary/n/index.html#naloxone", offline) == "glossary/#naloxone"
    assert site_path(base + "glossary/n/", base) == "glossary/n/"


def test_rank_counts_pages_and_shown_sections_only() -> None:
    groups = [["glossary/", "glossary/#heroin"], ["treatment/medications/methadone/"]]
    assert rank_of(groups, ["treatment/medications/methadone/"]) == 2
    assert rank_of(groups, ["glossary/#heroin"]) == 1
    assert rank_of(groups, ["glossary/#naloxone"]) is None
    assert rank_of(groups, ["treatment/"]) is None


def test_metrics() -> None:
    query = Query("q", ("a/",))
    outcomes = [Outcome(query, 1, ()), Outcome(query, 2, ()), Outcome(query, 4, ()),
                Outcome(query, None, ())]
    result = metrics(outcomes)
    assert (result.queries, result.success_at_1, result.success_at_3) == (4, 0.25, 0.5)
    assert result.mrr == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)


def test_skipped_queries_are_those_without_a_built_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("", encoding="utf-8")
    queries = [Query("one", ("a/", "b/")), Query("two", ("b/#x",)), Query("three", ("a/#y",))]
    kept, skipped = runnable(queries, tmp_path)
    assert [q.expected for q in kept] == [("a/",), ("a/#y",)]
    assert [q.text for q, _ in skipped] == ["two"] and "b/#x" in skipped[0][1]


def test_misspellings_are_scored_on_their_own() -> None:
    typo, plain = Query("naloxon", ("a/",), "misspelling"), Query("naloxone", ("a/",), "drug")
    result = misspellings([Outcome(typo, 1, ()), Outcome(plain, None, ())])
    assert (result.queries, result.success_at_3) == (1, 1.0)


def test_independent_halves_are_well_formed() -> None:
    texts: dict[str, list[str]] = {}
    for name, path in HALVES.items():
        queries = load_queries(path)
        texts[name] = [query.text.lower() for query in queries]
        assert len(queries) >= 100 and all(query.kind for query in queries), path.name
        assert len(texts[name]) == len(set(texts[name])), f"{path.name}: duplicate query"
        for query in queries:
            for url in query.expected:
                page = url.split("#")[0]
                assert not url.startswith("/") and (page == "" or page.endswith("/")), url
    # The tune and check halves are one set split in two; the dev sets were written apart, each by
    # another hand, so the same short query ("zimhi") may be in one of them and in a half.
    halves = texts["tune"] + texts["check"]
    assert len(halves) >= 200 and len(halves) == len(set(halves)), "duplicate across the halves"
    dev_sets = [name for name in HALVES if name.startswith("dev")]
    assert len(dev_sets) >= 4 and all(len(texts[name]) >= 200 for name in dev_sets)
    # Issue 17 asks for at least 40 misspellings in the independent set; a dev set's writer may
    # file a misspelled lay question under its kind ("lay"), so a dev set holds at least 20 filed
    # as misspellings.
    for group, least in [(("tune", "check"), 40), *(((name,), 20) for name in dev_sets)]:
        assert sum(1 for half in group for q in load_queries(HALVES[half])
                   if q.kind == "misspelling") >= least, group


def test_query_files_are_well_formed() -> None:
    for path in (QUERIES, TYPOS):
        queries = load_queries(path)
        texts = [query.text.lower() for query in queries]
        assert len(texts) == len(set(texts)), f"{path.name}: duplicate query"
        for query in queries:
            for url in query.expected:
                page = url.split("#")[0]
                assert not url.startswith("/") and (page == "" or page.endswith("/")), url
                assert (ROOT / "docs" / page / "index.md").exists() or \
                    (ROOT / "docs" / (page.rstrip("/") + ".md")).exists(), f"{query.text}: {url}"
