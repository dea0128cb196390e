/* The glossary index (glossary/) keeps an element with id="<slug>" for every term, so the public,
 * citable address glossary/#<slug> lands on the term without JavaScript. This script sends a
 * reader who opened such an address straight on to the full entry on its letter page
 * (glossary/n/#naloxone), replacing the history entry so Back does not bounce. It runs on every
 * page load, including Material's instant navigation (document$), and on hashchange.
 * No inline script: the site's Content Security Policy allows only the site's own files. */
(function () {
  "use strict"

  function forward() {
    var index = document.querySelector(".kb-glossary--index")
    if (!index || location.hash.length < 2) return
    var id
    try {
      id = decodeURIComponent(location.hash.slice(1))
    } catch (error) {
      return
    }
    var item = document.getElementById(id)
    if (!item || item.tagName !== "LI" || !index.contains(item)) return
    var link = item.querySelector("a[href]")
    if (link && link.href !== location.href) location.replace(link.href)
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(forward)
  } else {
    forward()
  }
  window.addEventListener("hashchange", forward)
})()
