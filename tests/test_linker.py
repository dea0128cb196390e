"""Unit tests of the term linker: boundaries, aliases, case, plurals, excluded elements."""

from __future__ import annotations

import re
import timeit

from kb.glossary.linker import Target, TermLinker, summary, trie_pattern

NALOXONE = Target("naloxone", "Naloxone", "Reverses overdose.", None)
OUD = Target("opioid-use-disorder", "Opioid use disorder", "A condition.", None)
OUD_ABBR = Target("opioid-use-disorder", "Opioid use disorder", "A condition.", "OUD")
COWS = Target("cows", "Clinical Opiate Withdrawal Scale", "A scale.", "COWS")
OPIOID = Target("opioid", "Opioid", "A drug class.", None)
LINKER = TermLinker({"naloxone": NALOXONE, "Narcan": NALOXONE, "opioid use disorder": OUD,
                     "OUD": OUD_ABBR, "COWS": COWS, "opioid": OPIOID})


def link(html: str, **options: object) -> str:
    return LINKER.link(html, "../glossary/", **options)  # type: ignore[arg-type]


def test_first_mention_only_is_linked() -> None:
    out = link("<p>naloxone and naloxone</p>")
    assert out.count('class="kb-term"') == 1
    assert out.startswith('<p><a class="kb-term" href="../glossary/#naloxone" '
                          'title="Naloxone: Reverses overdose.">naloxone</a> and naloxone</p>')


def test_alias_and_case_link_to_the_entry() -> None:
    assert 'href="../glossary/#naloxone"' in link("<p>NARCAN nasal spray</p>")


def test_longest_name_wins_and_plurals_match() -> None:
    out = link("<p>Opioid use disorders are treatable.</p>")
    assert '#opioid-use-disorder" title="Opioid use disorder: A condition.">Opioid use disorders</a>' in out
    assert "#opioid\"" not in out


def test_word_boundaries() -> None:
    assert "kb-term" not in link("<p>nonopioid antiopioidal naloxonex</p>")


def test_abbreviation_is_case_sensitive_and_marked_everywhere() -> None:
    out = link("<p>cows eat grass. COWS scores. COWS again.</p>")
    assert "cows eat" in out and out.count('title="Clinical Opiate Withdrawal Scale"') == 1
    assert '<abbr title="Clinical Opiate Withdrawal Scale">COWS</abbr> again' in out


def test_on_the_glossary_page_abbreviations_link_to_their_entry_without_a_tooltip() -> None:
    html = ('<section class="kb-glossary__term"><h2 id="cows">COWS</h2><p>COWS and OUD.</p>'
            '</section><section class="kb-glossary__term"><h2 id="naloxone">Naloxone</h2>'
            "<p>COWS, naloxone.</p></section>")
    # OUD's entry is on another letter page (o.md), COWS's on this one (c.md).
    linker = TermLinker({"OUD": Target("opioid-use-disorder", "Opioid use disorder", "A condition.",
                                       "OUD", "o.md"),
                         "COWS": Target("cows", "Clinical Opiate Withdrawal Scale", "A scale.",
                                        "COWS", "c.md")})
    out = linker.link(html, "", link_terms=False, letter_page="c.md")
    assert "title=" not in out and "<abbr" not in out and "kb-term" not in out
    assert '<p>COWS and <a class="kb-abbr" href="o.md#opioid-use-disorder">OUD</a>.</p>' in out
    assert '<p><a class="kb-abbr" href="#cows">COWS</a>, naloxone.</p>' in out


def test_terms_link_to_the_entry_on_its_letter_page() -> None:
    linker = TermLinker({"naloxone": Target("naloxone", "Naloxone", "Reverses overdose.", None,
                                            "n.md")})
    assert 'href="../glossary/n.md#naloxone"' in linker.link("<p>naloxone</p>", "../glossary/")
    index = '<ul class="kb-az__list"><li id="naloxone">naloxone</li></ul>'
    assert linker.link(index, "") == index  # the A-Z index is a list of names, never linked


def test_never_inside_links_code_headings() -> None:
    html = ('<h2>Naloxone</h2><p><a href="x">naloxone</a> <code>naloxone</code></p>'
            "<pre>OUD</pre>")
    assert link(html) == html


def test_skipped_slugs_and_abbreviation_only_mode() -> None:
    assert "kb-term" not in link("<p>naloxone</p>", skip_slugs=frozenset({"naloxone"}))
    out = link("<p>naloxone and OUD</p>", link_terms=False)
    assert "kb-term" not in out and '<abbr title="Opioid use disorder">OUD</abbr>' in out


def test_tail_text_and_nested_elements() -> None:
    out = link("<p><em>see</em> naloxone <strong>then OUD</strong></p>")
    assert out == ('<p><em>see</em> <a class="kb-term" href="../glossary/#naloxone" '
                   'title="Naloxone: Reverses overdose.">naloxone</a> <strong>then '
                   '<a class="kb-term" href="../glossary/#opioid-use-disorder" '
                   'title="Opioid use disorder: A condition.">OUD</a></strong></p>')


def test_trie_pattern_matches_exactly_the_words() -> None:
    words = ["opioid", "opioid use disorder", "opiate", "6-mam", "n.e.t."]
    pattern = re.compile(f"^(?:{trie_pattern(words)})$")
    assert all(pattern.match(word) for word in words)
    assert not pattern.match("opioid use") and not pattern.match("opi")


def test_cost_grows_with_text_not_terms() -> None:
    """The trie keeps matching cost flat as the term list grows 20-fold. A ratio of two timings
    in one process, each the fastest of seven runs: the minimum is what the code costs, the
    rest is other processes on the machine (a single timing failed under load)."""
    text = "<p>" + "Some plain words about treatment and recovery. " * 400 + "</p>"

    def cost(count: int) -> float:
        targets = {f"term{i}x{i}": Target(f"t{i}", f"T{i}", "d", None) for i in range(count)}
        linker = TermLinker(targets)
        return min(timeit.repeat(lambda: linker.link(text, "g/"), repeat=7, number=2))

    small, large = cost(100), cost(2000)
    assert large < small * 3


def test_mentions_inside_proper_names_are_not_linked() -> None:
    linker = TermLinker({"addiction": Target("addiction", "Addiction", "A condition.", None)})
    out = linker.link("<p>The American Society of Addiction Medicine says addiction is treatable."
                      " Addiction Medicine.</p>", "g/")
    assert 'Society of Addiction Medicine says <a class="kb-term" href="g/#addiction"' in out
    out = linker.link("<p>Addiction Medicine is a field.</p>", "g/")
    assert 'href="g/#addiction"' in out  # at the start of a sentence it is a mention


def test_text_that_lower_casing_lengthens_is_still_linked() -> None:
    """'İ' lower-cases to two characters, so match offsets in lower-cased text would be wrong:
    such text is matched case-insensitively as it is."""
    linker = TermLinker({"naloxone": Target("naloxone", "Naloxone", "Reverses overdose.", None)})
    out = linker.link("<p>İstanbul clinics give NALOXONE kits.</p>", "g/")
    assert '<a class="kb-term" href="g/#naloxone"' in out and ">NALOXONE</a> kits" in out


def test_a_link_hovers_the_first_sentence_of_the_definition() -> None:
    assert summary("Heroin is an illegal opioid drug made from morphine, which comes from the poppy. "
                   "It is sold as a powder.") == ("Heroin is an illegal opioid drug made from "
                                                  "morphine, which comes from the poppy.")
    # A short first sentence gets the next; "U.S." and "e.g." do not end a sentence.
    assert summary("Tramadol is an opioid pain medicine. It is weaker than morphine. More.") == (
        "Tramadol is an opioid pain medicine. It is weaker than morphine.")
    assert summary("Approved by the U.S. Food and Drug Administration, e.g. Narcan, for sale over "
                   "the counter. Second.") == ("Approved by the U.S. Food and Drug Administration, "
                                               "e.g. Narcan, for sale over the counter.")
    assert summary("One sentence only") == "One sentence only"
