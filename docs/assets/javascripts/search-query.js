/* Search queries as readers type them, for Material for MkDocs (no requests, no dependencies).
 *
 * Material runs lunr in a Web Worker and appends a prefix wildcard to every word. That finds
 * "methadone" from "methadon", but it also turns "what", "to" or the "C" of "hepatitis C" into
 * prefixes that match hundreds of words, it misses "overdose" when the reader types "overdoses",
 * and it finds nothing for "buprenorfine" or "withdrawl". This script, between the search box
 * and the worker, on the way to the worker:
 *   - drops lunr's English stop words (the index leaves them out too) and contractions, with or
 *     without the apostrophe ("don't", "dont"; see CONTRACTIONS), unless nothing else is left,
 *     and "heroin" or "addiction", "vs" or "versus", "meaning" or "define" when another word is
 *     left (see SUBJECT, COMPARE, DEFINE);
 *   - cuts a word back to the prefix its forms share (overdoses, overdosing -> overdos*, itchy -> itch*,
 *     recognising and recognizing -> recogni*; see stem);
 *   - matches words of one or two letters whole, and of three when another word follows (see
 *     whole): as prefixes they match hundreds of words (the "C" of "hepatitis C"), and the first
 *     keystroke of every query would keep the worker busy;
 *   - cuts separators off the ends of words ("DSM-" while "DSM-5" is typed);
 *   - asks also for a multi-word name the query holds whole, as the one word the index holds it
 *     as ("precipitated withdrawal" -> "_precipitated_withdrawal"; see NAMES);
 *   - asks for a word typed to the end whole and as a prefix, so its longer words count half
 *     ("now" -> "now^1 now*^1": "NOWS" no longer weighs like "now"; see ask);
 * and on the way back, when a word matched nothing in the index, it asks once more with lunr's
 * fuzzy syntax for that word ("buprenorfine~2", "withdrawl~1"), or for a diagnosis code the index
 * lacks with its category ("F11.23" -> "F11*", "6C43.20" -> "6C43*"), before the empty answer is shown; when that
 * finds one nearest word for each misspelled one, the corrected query is asked and its answer
 * shown, ranked as if the reader had typed it (see corrected). Each result's score is then scaled
 * by the share of the query's words it matched (see coordinate), and the glossary entry a query
 * names is shown in the top three (see entries).
 * Queries written in lunr's own syntax (quotes, + - ~ ^ * :) pass through untouched. Only one query
 * is in the worker at a time; of those typed meanwhile only the newest is sent (see below).
 *
 * Loaded when the reader first uses search (search-boot.js, which is in <head> and wraps the Worker
 * that Material creates; it hands each query here and each answer back). Also under file://,
 * where the worker is the iframe-worker shim of the offline build.
 */
(() => {
  "use strict"
  const RESULT = 3                     // Material's SearchMessageType value
  if (typeof window.kbSearchReady !== "function") return

  const STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as " +
    "at be because been but by can cannot could dear did do does either else ever every for from " +
    "get got had has have he her hers him his how however i if in into is it its just least let " +
    "like likely may me might most must my neither no nor not of off often on only or other our " +
    "own rather said say says she should since so some than that the their them then there these " +
    "they this tis to too twas us wants was we were what when where which while who whom why " +
    "will with would yet you your").split(" "))

  /* Contractions, with the apostrophe or without it as on a phone ("don't", "dont", "cant",
     "im"): stop words too. Left in, "dont" matched nothing and went to the typo retry, which made
     it "done" (a street name for methadone), and "can't" matched every page that says it. A tag
     that holds one ("wont wake up") is still found whole. */
  const CONTRACTIONS = new Set(("aint arent cant couldnt didnt doesnt dont hadnt hasnt havent hes " +
    "im isnt ive shes shouldnt thats theyre theyve wasnt werent whats wont wouldnt youre youve").split(" "))
  /* A stop word with an apostrophe and an ending ("he'll", "it's", "i'd") is one too: "he'll"
     matched nothing and went to the typo retry. */
  const APOSTROPHE = /['\u2019]/
  const contraction = word => CONTRACTIONS.has(word.split(APOSTROPHE).join(""))
    || (APOSTROPHE.test(word) && STOP_WORDS.has(word.split(APOSTROPHE)[0]))

  /* Nearly every page is about heroin and addiction, and titles and tags weigh 1000 times the text:
     next to another word, "heroin" or "addiction" would only pull the pages with it in the title
     to the top ("ptsd and heroin addiction", "will the baby be born addicted"). */
  const SUBJECT = /^(?:heroin|addict|addicts|addicted|addiction)$/i

  /* "vs" and "versus" join the two things a reader compares ("methadone vs bupe"); on the site
     they are words of trial results ("11.3 vs 36.1 per 1000 person-years"), so next to another word
     they only pulled the sections full of numbers. */
  const COMPARE = /^(?:vs|versus)$/i

  /* British and American spellings of one word ("recognising", "recognizing", "hospitalised"):
     cut before the "s" or "z", so both spellings on the site match. */
  const ISE = /^(.{5,}i)[sz](?:e|es|ed|ing|ation|ations)$/i

  /* A word cut back to a prefix its other forms share (Material matches it as a prefix): the index
     is not stemmed, so "overdoses", "overdosed" and "overdosing" all become "overdos", "shooting"
     "shoot", "quitting" "quit", "relapsed" "relaps", "contribute" "contribut"; "heroine" "heroin";
     a describing word ending in a consonant and "y" its noun's prefix: "itchy" "itch" (itching),
     "sweaty" "sweat", "drowsy" "drows" (drowsiness). Never below four letters: a doubled letter
     stays when dropping it would leave three ("comming" -> "comm"; "com" matched every ".com"). */
  const stem = word => {
    const spelling = ISE.exec(word)
    if (spelling) return spelling[1]
    const ending = /^(.{4,}?)(?:ing|ed)$/i.exec(word)
    if (ending && word.length >= 6) {
      const base = ending[1]
      return /([bdgmnprt])\1$/i.test(base) && base.length > 4 ? base.slice(0, -1) : base
    }
    if (word.length >= 6 && /[^e]e$/i.test(word)) return word.slice(0, -1)
    if (word.length >= 5 && /[^aeiouy]y$/i.test(word)) return word.slice(0, -1)
    if (word.length >= 5 && /[^sui]s$/i.test(word)) return stem(word.slice(0, -1))
    return word
  }

  /* The multi-word names of the index (kb.build.search.tags_on_page_entries indexes "precipitated
     withdrawal" also as the one word "precipitated_withdrawal"), read from the index (see
     remember). lunr matches words, not phrases: a page whose title held one word of
     the name ("Withdrawal") outranked the page named by all of them. A query that holds a name
     whole, its words next to each other as typed, also asks for that one word. */
  const NAMES = new Set()
  const JOIN = "_"
  const SPAN = 6                       // words in the longest name looked for

  const names = query => {
    const words = splitWords(query)
    const found = [], spans = []
    for (let length = Math.min(words.length, SPAN); length >= 2; length--)
      for (let start = 0; start + length <= words.length; start++) {
        const end = start + length
        if (spans.some(([from, to]) => from <= start && end <= to)) continue
        const name = JOIN + words.slice(start, end).join(JOIN)
        if (NAMES.has(name)) {
          found.push(name)
          spans.push([start, end])
        }
      }
    return found
  }

  /* A glossary entry's other names (aliases, abbreviation, street names) and the addresses of
     its main articles and of the pages that only use it, by its location, read from the index
     (kb.build.search.glossary_entry_fields, in the field "glossary"; see remember): the entry a
     query names, and whether its article is at the top (see entries). */
  const ENTRIES = new Map()
  const entryField = (item, name) => {
    const values = (ENTRIES.get(item.location) || {})[name]
    return Array.isArray(values) ? values.map(String) : []
  }

  /* The names from the index Material sends to the worker (the whole index under file://; when
     served, the names alone, which the wrapper worker read from it: search-boot.js). */
  const remember = index => {
    for (const doc of index && Array.isArray(index.docs) ? index.docs : []) {
      for (const name of Array.isArray(doc.phrases) ? doc.phrases : [])
        if (name.startsWith(JOIN)) NAMES.add(name)
      if (typeof doc.location === "string" && doc.glossary && typeof doc.glossary === "object")
        ENTRIES.set(doc.location, doc.glossary)
    }
  }

  /* The query as sent to the worker, and beside it each word as typed (for the typo retry: a
     misspelled word is compared whole, "subuxone~2", not as its stem). */
  const normalise = query => {
    if (/(^|\s)[+-]|["~^*:]/.test(query)) return { query, sent: query, typed: query.split(" "), text: query }
    /* A separator at the end of a word ("6-", "DSM-" while typing "DSM-5") would reach lunr as
       an empty prefix that matches every word of the index: cut it off. */
    const words = query.trim().split(/\s+/).map(word => word.replace(EDGE, "")).filter(Boolean)
    if (!words.length) return { query: "", sent: "", typed: [], text: query }
    const meaningful = words.filter(word => !STOP_WORDS.has(word.toLowerCase())
      && !contraction(word.toLowerCase()))
      .map(word => [/^[a-z]+$/i.test(word) ? stem(word) : word, word])
    const named = meaningful.filter(([, word]) => !DEFINE.test(word))
    const content = named.length ? named : meaningful
    const focused = content.filter(([word]) => !SUBJECT.test(word) && !COMPARE.test(word))
    const kept = focused.length ? focused : content.length ? content : words.map(word => [word, word])
    const joined = names(query)
    const asked = [...kept.map(([word, typed], index) =>
      word === typed && whole(word, index === kept.length - 1) ? `${word}^1` : word),
      ...joined.map(name => `${name}^1`)]
    const typed = kept.map(([, word]) => word)
    return { query: asked.join(" "), sent: asked.map((word, index) => ask(word, typed[index])).join(" "),
      typed, joined, text: query, stems: stems(content) }
  }

  /* The query's words as the glossary titles are split (at hyphens too: "take-home"), each
     cut back to its stem, for naming an entry (see entries). */
  const stems = content => content.flatMap(([, word]) => splitWords(word))
    .map(word => /^[a-z]+$/.test(word) ? stem(word) : word)

  /* Words that ask what a name means ("OUD meaning", "define tolerance", "what does NAS stand
     for"), dropped when another word is left: the rest may be a glossary term's name (see
     entries), and as a prefix "mean" found the sections titled "How it is meant to work". */
  const DEFINE = /^(?:mean|means|meaning|definition|define|defined|stand|stands)$/i

  /* How a word of the query is asked for. Material matches every word as a prefix, and a prefix
     match weighed as much as the word itself: "place" found the page tagged "placebo", "now" the
     one tagged "NOWS" (a newborn's withdrawal), "out" the "outcome" of a title, ahead of pages
     that hold the word the reader typed. A word typed to the end is asked for whole (EXACT) and as
     a prefix (PREFIX): its other forms still match, at half the weight. A word cut back to
     its stem ("overdos") and a word matched whole carry the same weight (EXACT + PREFIX), so no
     word of the question counts more than another; codes and other words with digits or signs go
     as before. */
  const EXACT = 1, PREFIX = 1
  const ask = (word, typed) => {
    const marked = /^(.+)\^1$/.exec(word)
    if (marked) return `${marked[1]}^${EXACT + PREFIX}`
    if (!/^[a-z0-9]+$/i.test(word) || typed === undefined) return word
    if (word.toLowerCase() !== typed.toLowerCase()) return `${word}*^${EXACT + PREFIX}`
    return `${word}^${EXACT} ${word}*^${PREFIX}`
  }

  /* Whether a word is matched whole rather than as a prefix: one or two letters always, three
     when it is not the last word (the reader has typed it to the end): "out" of "passed out" would
     match "outpatient" and "son" "sonography". Only a word as typed: a stem ("nod" of "nodding")
     stands for its longer forms and stays a prefix. */
  const whole = (word, last) => /^[a-z0-9]+$/i.test(word) && word.length <= (last ? 2 : 3)

  /* Characters of the site's search separator (mkdocs.yml) at either end of a word. */
  const EDGE = /^[\-,:!=\[\]()\/.?;]+|[\-,:!=\[\]()\/.?;]+$/g
  /* The site's search separator, without the split at inner capitals (names are lower case). */
  const SEPARATOR = /[\s\-,:!=\[\]()"\/]+/

  /* A text's lower-case words as the site's search separator splits them, separators cut off their
     ends: a query (for its whole names), a typed word (for its stems), an entry's name. */
  const splitWords = text => text.toLowerCase().split(SEPARATOR).map(word => word.replace(EDGE, ""))
    .filter(Boolean)

  /* Edit distance allowed for a word, capped by its length: none below 4 letters, 1 from 4, 2 from
     7 ("suboxen" -> "suboxone" is two edits). A fuzzy word is only tried when it matched nothing,
     and each costs the worker a few milliseconds. */
  const distance = word => /^[a-z]+$/.test(word) ? (word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0) : 0

  /* Words of the query that no result matched (all of them when there is no result). */
  const unmatched = (query, groups) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    if (!groups.length) return new Set(words)
    const matched = new Map()
    for (const item of groups.flat())
      for (const [term, hit] of Object.entries(item.terms || {}))
        matched.set(term, matched.get(term) || hit)
    return new Set(words.filter(word => matched.get(word) === false))
  }

  /* Each result's score times the share of the query's words it matched, the results re-sorted.
     lunr adds up what each word found, and one rare word in a title (boost 10) outweighs a section
     that holds every other word of a long question: "is heroin really that bad for you" went to
     the section titled "...feeling bad", "got a bundle of bad stamps everyone falling out" to a
     page whose title holds "outcome". Material's own factor for the words matched (its "terms")
     is mild, from 1 to 2 for a section; here a result that matched one of four words keeps a
     quarter of its score. Not for an answer to the typo retry: its fuzzy words never count as
     matched. The work is one pass over the answer's results, not over the index. */
  const coordinate = groups => {
    for (const group of groups) {
      for (const item of group) {
        const hits = Object.values(item.terms || {})
        if (hits.length) item.score *= hits.filter(Boolean).length / hits.length
      }
      group.sort((a, b) => b.score - a.score)
    }
    groups.sort((a, b) => (b[0] ? b[0].score : 0) - (a[0] ? a[0].score : 0))
  }

  /* The query's words that a whole name matched ("_get_off_heroin") counted as matched: the
     name is found in a page's tags, its words may not be anywhere else on the page, and the
     share of words matched (see coordinate) would count the page that the reader named as
     matching none of them. A word is asked for as typed or cut back to its stem, so a name's
     word counts for the query's word it begins with. */
  const named = (terms, joined) => {
    for (const name of joined) {
      if (terms[name] !== true) continue
      const words = name.split(JOIN).filter(Boolean)
      for (const term of Object.keys(terms))
        if (!term.startsWith(JOIN) && words.some(word => word.startsWith(term))) terms[term] = true
    }
  }

  /* A query that is one of a glossary term's names (each word of the name begins a word of the
     query and each word of the query a word of the name, as typed or cut back to its stem:
     "tolerance", "take home naloxone", "cravings", "detox"), shows that entry in the top three:
     the entry is what a clinician cites, and "fentanyl" found four pages before it, "Hepatitis B"
     showed the entry for hepatitis C in its letter page's place. The entry is moved to third
     place, or to the head of its letter page's group when that group is already in the top
     three; the results above it stay there, so the term's article, which holds all its names as
     tags, still comes first.
     A longer question that holds a term's name ("cravings wont stop after detox", "why does
     suboxone have naloxone in it") shows the entry in third place only beside its article: when
     one of the term's main articles is in the first two places (the question is about the term),
     no entry is in the top three yet, the third place is not another of its articles nor a page
     that uses the term (its "related" pages: "pinpoint pupils and very slow breathing" names the
     term "slowed breathing", and the overdose page in third place is the answer), and the
     article is not simply named like the entry ("Methadone"), which already answers for it.
     Without these conditions the entry of a word in passing pushed out the page the question was
     about ("isnt methadone just swapping one drug for another", "is pregabalin with methadone a
     dangerous combination"): measured on the dev sets. */
  const ENTRY = /^glossary\/[^/#]+\/#./
  const TOP = 3
  const nameWords = name => splitWords(String(name).replace(/<[^>]*>/g, ""))
    .filter(word => !STOP_WORDS.has(word))
  const matches = (word, stem) => word === stem || (stem.length >= 4 && word.startsWith(stem))
  /* Every word of the name is in the query; with `whole`, every word of the query in the name. */
  const holds = (stems, name, whole) => {
    const words = nameWords(name)
    return words.length > 0 && words.every(word => stems.some(stem => matches(word, stem)))
      && (!whole || stems.every(stem => words.some(word => matches(word, stem))))
  }
  const isEntry = item => ENTRY.test(item.location || "")
  const entryNames = item => [item.title || "", ...entryField(item, "aliases")]
  const pageOf = group => (group[0].location || "").split("#")[0]
  const titleOf = item => nameWords(item.title || "").join(" ")

  /* The entry the query is the name of, or one beside its article (see above), and its group. */
  const namedEntry = (groups, stems) => {
    for (const [at, group] of groups.entries()) {
      const entry = group.find(item => isEntry(item) && entryNames(item).some(name => holds(stems, name, true)))
      if (entry) return [at, entry]
    }
    if (groups.length <= TOP || groups.slice(0, TOP).some(group => group.some(isEntry))) return [-1, null]
    const beside = item => {
      const articles = entryField(item, "articles")
      const about = [...articles, ...entryField(item, "related")]
      return !about.includes(pageOf(groups[TOP - 1])) && groups.slice(0, TOP - 1).some(group =>
        articles.includes(pageOf(group)) && titleOf(group[0]) !== titleOf(item))
    }
    for (let at = TOP; at < groups.length; at++) {
      const entry = groups[at].find(item => isEntry(item)
        && entryNames(item).some(name => holds(stems, name, false)) && beside(item))
      if (entry) return [at, entry]
    }
    return [-1, null]
  }

  const entries = (groups, stems) => {
    if (!stems.length) return
    const [at, entry] = namedEntry(groups, stems)
    if (!entry) return
    const group = groups[at]
    const above = at < TOP ? group[0].score : Math.max(groups[TOP - 1][0].score, group[0].score)
    entry.score = above * (1 + 1e-6)
    group.sort((a, b) => b.score - a.score)
    if (at < TOP) return
    groups.splice(at, 1)
    groups.splice(TOP - 1, 0, group)
  }

  /* A diagnosis code the index does not hold, ICD-10 (F11.23, T40.1X1A) or ICD-11 (6C43.20,
     6C43.Z): its category (F11, T40, 6C43). */
  const CODE = /^([a-z][0-9][0-9a-z]|[0-9][a-z][0-9a-z]{2})\.[0-9a-z]{1,4}$/i

  /* A code's prefixes from its category to all but its last character ("6C43.20": 6C43, 6C43.2),
     each asked as a prefix: a result holding a longer one matches more of them and ranks first
     (the 6C43.2 of dependence before the 6C43.3 of intoxication). */
  const categories = (code, category) => [...Array(code.length - category.length).keys()]
    .map(extra => code.slice(0, category.length + extra)).filter(prefix => !prefix.endsWith("."))

  /* The query with each unmatched word made fuzzy, or null when there is nothing to retry. */
  const fuzzy = (query, missing, typed) => {
    let changed = false
    const words = query.split(" ").map((word, index) => {
      const code = missing.has(word.toLowerCase()) && CODE.exec(word)
      if (code) {
        changed = true
        return categories(word, code[1]).map(prefix => `${prefix}*^${EXACT + PREFIX}`).join(" ")
      }
      const whole = typed[index] || word
      const n = missing.has(word.toLowerCase()) ? distance(whole.toLowerCase()) : 0
      if (!n || index >= typed.length) return ask(word, typed[index])
      changed = true
      return `${whole}~${n}^${EXACT + PREFIX}`
    })
    return changed ? words.join(" ") : null
  }

  /* Edit distance (insertions, deletions, substitutions, swaps of neighbours), as lunr counts it. */
  const edits = (a, b) => {
    const rows = [...Array(a.length + 1)].map((_, i) => [i, ...Array(b.length).fill(0)])
    for (let j = 1; j <= b.length; j++) rows[0][j] = j
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1,
          rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
      }
    return rows[a.length][b.length]
  }

  /* The reader's query with each misspelled word replaced by the word the typo retry found for
     it, or null. The retry's answer marks the words it matched (<mark>); the nearest to the typed
     word is its correction, unless two are as near ("abcess": "abscess" or "access"); a
     correction keeps the first letter (a word the site lacks is no typo of a word without its
     first letter: "dinner" is not "inner"). The corrected query is then asked as if it
     had been typed: a fuzzy word counts as unmatched in Material's ranking (its "terms"), so a
     page that matched only the other words of "herion withdrawl symptoms" came first. */
  const MARK = /<mark>([^<]+)<\/mark>/g
  const corrected = (text, misspelled, groups) => {
    const seen = new Set()
    for (const item of groups.slice(0, 10).flat())
      for (const field of [item.title, item.text])
        for (const [, word] of String(field || "").matchAll(MARK)) {
          const clean = word.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
          if (clean) seen.add(clean)
        }
    let result = text
    for (const typo of misspelled) {
      const lower = typo.toLowerCase()
      let best = null, cost = distance(lower) + 1, tied = false
      for (const word of seen) {
        if (word[0] !== lower[0]) continue
        const d = edits(lower, word)
        if (d < cost) [best, cost, tied] = [word, d, false]
        else if (d === cost) tied = true
      }
      if (best === null || tied) return null
      result = result.split(/(\s+)/).map(part => part.toLowerCase() === lower ? best : part).join("")
    }
    return result === text ? null : result
  }

  /* One query at a time in the worker, and only the newest waits: typing at machine speed sends a
     query per keystroke, and lunr would answer every one of them in turn before the last. A query
     that a newer keystroke replaced before it was sent is dropped; the answer to one that was
     already in the worker is not shown when a newer query is waiting. The answers shown last are
     kept (ANSWERS of them): a query typed again (after a deleted letter, or a second space) is
     answered at once, without the worker. */
  const ANSWERS = 64

  /* One search worker's queries. `worker.send(query)` sends a query to Material's worker;
     `worker.show(event)` dispatches an answer to Material's listener; search-boot.js hands every
     query Material sends to post() and every message from the worker to answer(), before
     Material's own listener. */
  class ReaderQueries {
    #worker = null                     // search-boot.js's handle on the worker
    #busy = null                       // the query in the worker: { key, query, typed, joined, retried }
    #waiting = null                    // the newest query typed meanwhile, not yet sent
    #stale = false                     // the answer in the worker was replaced by a kept answer
    #answers = new Map()               // query as sent and as typed -> the answer Material was shown

    constructor(worker) {
      this.#worker = worker
    }

    answer(event) {
      const message = event.data
      if (!message || message.type !== RESULT || !this.#busy || event.kbKept) return
      const { key, query, typed, retried, joined, text, fixed, stems } = this.#busy
      this.#busy = null
      if (this.#waiting || this.#stale) {
        event.stopImmediatePropagation()  // an answer to a query already replaced
        this.#stale = false
        const next = this.#waiting
        this.#waiting = null
        if (next) this.#post(next)
        return
      }
      /* A whole name the query holds counts as one more of its words in the share of words a
         result matched, and a result that holds the name holds its words too (see named): "i need
         to get off heroin" has one word left to ask ("need"), and the page tagged "get off heroin"
         matched none of it. Then the name, like a fuzzy word, which never matches literally, is
         not a word the reader typed: it is not listed as "missing". */
      if (!retried) {
        for (const item of message.data.items.flat()) named(item.terms, joined)
        coordinate(message.data.items)
        entries(message.data.items, stems)
      }
      /* A retried word's fuzzy form or code prefixes are not words the reader typed, matched or
         not ("6c43.2" of "6C43.20"): none is listed as missing. */
      const asked = [...retried || [], ...joined]
      if (asked.length)
        for (const item of message.data.items.flat())
          for (const term of Object.keys(item.terms || {}))
            if (asked.some(word => word.startsWith(term))) delete item.terms[term]
      if (retried) {
        const better = fixed ? null : corrected(text, typed, message.data.items)
        if (better === null) {
          this.#keep(key, message.data)
          return
        }
        event.stopImmediatePropagation()  // Material is shown the corrected query's answer
        this.#send({ ...normalise(better), key, fixed: true }, null)
        return
      }
      if (fixed) {
        this.#keep(key, message.data)
        return
      }
      const missing = unmatched(query, message.data.items)
      const again = fuzzy(query, missing, typed)
      if (again === null) {
        this.#keep(key, message.data)
        return
      }
      event.stopImmediatePropagation()  // Material never sees the empty answer
      const misspelled = typed.filter((_, index) => missing.has((query.split(" ")[index] || "").toLowerCase()))
      this.#send({ key, query: again, sent: again, typed: misspelled, joined, text }, [...missing])
    }

    #keep(key, data) {
      this.#answers.delete(key)
      this.#answers.set(key, structuredClone(data))
      if (this.#answers.size > ANSWERS) this.#answers.delete(this.#answers.keys().next().value)
    }

    #send({ key, query, sent = query, typed, joined = [], text = query, fixed = false, stems = [] }, retried) {
      this.#busy = { key, query, typed, joined, retried, text, fixed, stems }
      this.#worker.send(sent)
    }

    /* A query as typed: answered from the kept answers, sent, or left waiting. */
    #post(normalised) {
      const key = `${normalised.query}\n${normalised.typed.join(" ")}`
      const kept = this.#answers.get(key)
      if (kept) {
        this.#waiting = null
        this.#stale = this.#busy !== null
        const event = new MessageEvent("message", { data: { type: RESULT, data: structuredClone(kept) } })
        event.kbKept = true
        setTimeout(() => this.#worker.show(event))
      } else if (this.#busy) {
        this.#waiting = normalised
      } else {
        this.#send({ key, ...normalised }, null)
      }
    }

    /* A query as Material sends it. */
    post(text) {
      this.#post(normalise(text))
    }
  }

  window.kbSearchReady({ ReaderQueries, remember })
})()
