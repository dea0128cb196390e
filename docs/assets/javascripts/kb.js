/* The site's own script, on every page (mkdocs.yml, extra_javascript). Served minified
 * (kb.build.minify). It runs on every page load, including Material's instant navigation, which
 * swaps pages in without running their scripts: Material's document$ emits for each page.
 * No inline script: the site's Content Security Policy allows only the site's own files.
 *
 * 1. The A-Z indexes (glossary/, references/: kb.core.letters) keep an element with the id of
 *    every item, so the public, citable addresses glossary/#<slug> and references/#<key> land on
 *    the item without JavaScript. This sends a reader who opened such an address straight on to
 *    the full entry on its letter page (glossary/n/#naloxone), replacing the history entry so Back
 *    does not bounce. Also on hashchange.
 * 2. The clinician tools' live scoring (instruments.js) is loaded only on a page with a tool form,
 *    once per visit, and then subscribes to document$ itself: no other page downloads it. */
(function () {
  "use strict"

  var script = document.currentScript
  var base = script && script.src
  var instruments = false

  function forwardToLetterPage() {
    var index = document.querySelector("[data-kb-forward]")
    if (!index || location.hash.length < 2) return
    var id
    try {
      id = decodeURIComponent(location.hash.slice(1))
    } catch (error) {
      return
    }
    var item = document.getElementById(id)
    if (!item || !index.contains(item)) return
    /* The glossary index's item is the link itself; the references index's an <li> holding it. */
    var link = item.tagName === "A" ? item : item.tagName === "LI" ? item.querySelector("a[href]") : null
    if (link && link.href !== location.href) location.replace(link.href)
  }

  function loadInstruments() {
    if (instruments || !base || !document.querySelector("form[data-kb-instrument]")) return
    instruments = true
    var element = document.createElement("script")
    element.src = new URL("instruments.js", base).href
    document.head.appendChild(element)
  }

  function onPage() {
    forwardToLetterPage()
    loadInstruments()
  }

  /* Material's document$ emits for each page instant navigation swaps in; it never emits in the
     offline bundle (file://), so the page in hand is handled directly too (both steps are safe
     to repeat). */
  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(onPage)
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage)
  else onPage()
  window.addEventListener("hashchange", forwardToLetterPage)
})()
