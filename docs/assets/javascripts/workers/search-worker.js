/* Material's search worker, started from here so the search index is fetched and parsed in the
 * worker, never on the page's main thread (search-boot.js explains the whole hand-off).
 *
 * The page starts this script with Material's worker address after the "#". Its message
 * listener is registered before Material's (importScripts below), so it sees every message first:
 *   - "kb-index" {url}: fetch and parse the index here; answer with its config, its whole
 *     names (the "_"-joined phrases search-query.js asks for) and its glossary entries' other
 *     names, main articles and related pages (by location: what search-query.js reads to know
 *     the entry a query names), a few KB instead of megabytes;
 *   - Material's set-up message, which the page sent with no documents: the same message with
 *     the index's documents, handed on to Material's listener once the index is parsed; messages
 *     that arrive meanwhile (a query) follow it in their order.
 * Beside Material's worker (workers/) so its relative "../lunr" language scripts still resolve.
 */
(() => {
  "use strict"
  const SETUP = 0                      // Material's SearchMessageType value
  const INDEX_MESSAGE = "kb-index"
  const JOIN = "_"

  const material = new URL(decodeURIComponent(location.hash.slice(1)), location.href)
  if (material.origin !== location.origin) throw new Error(`not Material's worker: ${material}`)

  let index = null                     // Promise of the parsed search index
  let ready = null                     // Promise: the set-up message is in Material's hands
  const forwarded = new WeakSet()      // events this script dispatched to Material's listener

  const forward = data => {
    const event = new MessageEvent("message", { data })
    forwarded.add(event)
    dispatchEvent(event)
  }

  const wholeNames = docs => {
    const names = new Set()
    for (const doc of docs)
      for (const name of Array.isArray(doc.phrases) ? doc.phrases : [])
        if (name.startsWith(JOIN)) names.add(name)
    return [...names]
  }

  const entryFields = docs => {
    const entries = {}
    for (const { location, glossary } of docs)
      if (glossary) entries[location] = glossary
    return entries
  }

  addEventListener("message", event => {
    if (forwarded.has(event)) return
    const message = event.data
    if (message && message.type === INDEX_MESSAGE) {
      event.stopImmediatePropagation()
      index = fetch(message.url).then(response => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
        return response.json()
      })
      index.then(({ config, docs }) => postMessage({ type: INDEX_MESSAGE, config, names: wholeNames(docs),
        entries: entryFields(docs) }),
        error => postMessage({ type: INDEX_MESSAGE, error: String(error) }))
    } else if (message && message.type === SETUP && index && !ready) {
      event.stopImmediatePropagation()
      ready = index.then(({ config, docs }) => forward({ ...message, data: { ...message.data, config, docs } }))
    } else if (ready) {
      event.stopImmediatePropagation()
      ready = ready.then(() => forward(message))
    }
  })

  importScripts(material.href)
})()
