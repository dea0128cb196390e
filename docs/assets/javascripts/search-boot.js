/* The search box's start, in <head> on every page: only what must be in place before Material's
 * bundle creates its search worker and asks for the search index (overrides/main.html).
 *
 * 1. The index stays off the page's main thread. Material fetches search/search_index.json (8 MB
 *    on the benchmark's 10x site), parses it on the main thread and copies it to its worker there
 *    (1.5 s of blocking time on a phone). Here its worker starts from our wrapper
 *    (workers/search-worker.js), which fetches and parses the index itself; Material's request is
 *    answered with a stand-in holding the index's config and no documents, and the wrapper puts
 *    the documents back into the set-up message before Material's worker code sees it.
 * 2. The index is fetched after the page's first paint, not before it: fetched at once, it shared
 *    a phone's slow connection with the page (Lighthouse's mobile preset put the largest
 *    contentful paint at 3.3 to 3.9 s on long pages, 1.7 s without it; BENCHMARKS.md). The
 *    request waits for the load event and the first contentful paint (or 3 s, for browsers
 *    without paint timing); the search box says "Initializing search" until the index is in.
 * 3. The query logic (search-query.js) loads when the reader first uses search (focus on the
 *    search box, or the first query): most readers never search, and it is 3 KB gzip. A query
 *    sent before it arrives waits (the newest only) and is answered once it has.
 *
 * Under file:// (the offline bundle) Material reads the index from a script on the main thread
 * anyway and runs its worker in an iframe (the iframe-worker shim): the worker is left as it is,
 * and only step 3 applies.
 */
(() => {
  "use strict"
  const SETUP = 0, QUERY = 2, RESULT = 3   // Material's SearchMessageType values
  const INDEX_MESSAGE = "kb-index"     // between this script and the wrapper worker
  const INDEX = /\/search\/search_index\.json$/
  const MATERIAL_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/
  const LONGEST_WAIT_MS = 3000
  const Base = window.Worker
  const Request = window.XMLHttpRequest
  if (typeof Base !== "function" || typeof Request !== "function") return

  const here = document.currentScript ? document.currentScript.src : location.href
  const LOGIC = new URL("search-query.js", here).href
  const WRAPPER = new URL("workers/search-worker.js", here).href
  const served = location.protocol !== "file:"

  /* The query logic, once search-query.js has run: { ReaderQueries, remember }. */
  let logic = null
  let requested = false
  const waiting = []                   // workers with a query typed before the logic arrived
  const indexes = []                   // what the logic reads the index's whole names from

  const load = () => {
    if (requested) return
    requested = true
    const script = document.createElement("script")
    script.src = LOGIC
    /* Without the logic, queries go to Material's worker as typed rather than never. */
    script.onerror = () => window.kbSearchReady(null)
    document.head.append(script)
  }

  /* Called by search-query.js (or with null when it failed to load). */
  window.kbSearchReady = loaded => {
    if (logic) return
    logic = loaded || { ReaderQueries: null, remember: () => {} }
    for (const index of indexes) logic.remember(index)
    for (const worker of waiting.splice(0)) worker.kbFlush()
  }

  /* Reading the search box loads the logic before the first query is typed. */
  document.addEventListener("focusin", event => {
    if (event.target instanceof Element && event.target.matches("[data-md-component=search-query]"))
      load()
  })

  const remember = index => {
    indexes.push(index)
    if (logic) logic.remember(index)
  }

  let searchWorker = null              // the wrapper worker, which fetches the index

  class SearchWorker extends Base {
    #queries = null                    // this worker's ReaderQueries, once the logic is in
    #pending = null                    // the newest query typed before that
    #index = null                      // resolves with the wrapper's answer about the index

    constructor(url, ...rest) {
      const wrapped = served && MATERIAL_WORKER.test(new URL(String(url), location.href).pathname)
      super(wrapped ? `${WRAPPER}#${new URL(String(url), location.href).href}` : url, ...rest)
      if (wrapped) searchWorker = this
      /* Registered before Material's own listener, so answers can be held back from it. */
      this.addEventListener("message", event => {
        const message = event.data
        if (message && message.type === INDEX_MESSAGE) {
          event.stopImmediatePropagation()
          if (this.#index) this.#index(message)
        } else if (this.#queries) {
          this.#queries.answer(event)
        }
      })
    }

    /* The index fetched and parsed in the wrapper: its config and whole names. */
    kbFetchIndex(url) {
      return new Promise(resolve => {
        this.#index = resolve
        super.postMessage({ type: INDEX_MESSAGE, url })
      })
    }

    /* The logic has arrived: the query typed meanwhile goes on through it. */
    kbFlush() {
      const query = this.#pending
      this.#pending = null
      if (query !== null) this.postMessage({ type: QUERY, data: query })
    }

    postMessage(message, ...rest) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        if (!logic && message.data === "") {
          /* Material asks for the empty box's query as soon as its worker is ready, on every
             page: answered here as its worker would ({ items: [] }), without loading the logic. */
          const event = new MessageEvent("message", { data: { type: RESULT, data: { items: [] } } })
          event.kbKept = true          // not an answer the logic waits for (search-query.js)
          setTimeout(() => this.dispatchEvent(event))
          return
        }
        if (!logic) {
          if (this.#pending === null) waiting.push(this)
          this.#pending = message.data
          load()
          return
        }
        if (!this.#queries && logic.ReaderQueries)
          this.#queries = new logic.ReaderQueries({
            send: query => super.postMessage({ type: QUERY, data: query }),
            show: event => this.dispatchEvent(event)
          })
        if (this.#queries) {
          this.#queries.post(message.data)
          return
        }
      } else if (message && message.type === SETUP && message.data) {
        remember(message.data)         // the whole index under file://, the stand-in when served
      }
      super.postMessage(message, ...rest)
    }
  }

  window.Worker = SearchWorker

  const painted = new Promise(resolve => {
    const loaded = new Promise(done => {
      if (document.readyState === "complete") done()
      else window.addEventListener("load", () => done(), { once: true })
    })
    const firstPaint = new Promise(done => {
      setTimeout(done, LONGEST_WAIT_MS)
      try {
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName("first-contentful-paint").length) {
            observer.disconnect()
            done()
          }
        }).observe({ type: "paint", buffered: true })
      } catch (error) {
        /* no paint timing: the time limit alone decides */
      }
    })
    Promise.all([loaded, firstPaint]).then(() => setTimeout(resolve))
  })

  /* Material's request for the index, answered as if the server had sent `body` (a Blob, as
     Material asks for) or had failed. */
  const answer = (request, body) => {
    Object.defineProperties(request, {
      readyState: { value: Request.DONE },
      status: { value: body ? 200 : 500 },
      statusText: { value: body ? "OK" : "Search index not loaded" },
      response: { value: body }
    })
    request.dispatchEvent(new ProgressEvent("load"))
  }

  const open = Request.prototype.open
  const send = Request.prototype.send
  Request.prototype.open = function (method, url, ...rest) {
    const address = new URL(String(url), location.href)
    this.kbIndex = INDEX.test(address.pathname) ? address.href : null
    return open.call(this, method, url, ...rest)
  }
  Request.prototype.send = function (...args) {
    const url = this.kbIndex
    if (!url) return send.apply(this, args)
    this.kbIndex = null
    painted.then(() => {
      if (this.readyState !== Request.OPENED) return  // aborted or reset meanwhile
      if (!searchWorker) return send.apply(this, args)
      searchWorker.kbFetchIndex(url).then(({ config, names, entries, error }) => {
        if (this.readyState !== Request.OPENED) return
        if (error) return answer(this, null)
        /* The whole names and the glossary entries' fields stand in for the documents they came
           from (see remember in search-query.js); Material gets the config, which it reads for
           highlighting. */
        remember({ docs: [{ phrases: names },
          ...Object.entries(entries || {}).map(([location, glossary]) => ({ location, glossary }))] })
        answer(this, new Blob([JSON.stringify({ config, docs: [] })], { type: "application/json" }))
      })
    })
  }
})()
