/* Live scoring for the clinician tools (kb.instruments.form writes the forms). kb.js loads this file
 * on pages with a tool form only, the first time one is shown (also after instant navigation).
 *
 * Every item, point value and band comes from the form's <script type="application/json"> block,
 * written from instruments/*.yml: nothing is restated here. Nothing is stored, sent or put in the
 * URL: no storage APIs, no requests, no history changes. Without this script the form is a
 * printable paper form. */
(function () {
  "use strict"

  function bandFor(bands, value) {
    for (var i = 0; i < bands.length; i++) {
      var band = bands[i]
      if (value >= band.min && (band.max === null || value <= band.max)) return i
    }
    return -1
  }

  function show(form, name, text) {
    var element = form.querySelector('[data-kb="' + name + '"]')
    if (element) element.textContent = text
  }

  function markBand(form, index) {
    var rows = form.querySelectorAll("tr[data-kb-band]")
    for (var i = 0; i < rows.length; i++) {
      var current = Number(rows[i].getAttribute("data-kb-band")) === index
      rows[i].classList.toggle("kb-instrument__row--current", current)
    }
  }

  function scoreScale(form, data) {
    var total = 0, answered = 0
    data.items.forEach(function (item) {
      var chosen = form.querySelector('input[name="kb-' + data.id + "-" + item.id + '"]:checked')
      if (chosen) {
        answered += 1
        total += item.points[Number(chosen.value)]
      }
    })
    var index = bandFor(data.bands, total)
    show(form, "total", String(total))
    show(form, "answered", answered === data.items.length ? "(all " + answered + " items scored)"
      : "(" + answered + " of " + data.items.length + " items scored)")
    show(form, "band", index < 0 ? data.below : data.bands[index].label)
    markBand(form, index)
  }

  function scoreChecklist(form, data) {
    var prescribed = form.querySelector("[data-kb-prescribed]").checked
    var met = 0, excluded = 0
    data.criteria.forEach(function (criterion) {
      var box = form.querySelector('input[value="' + criterion.id + '"]')
      if (!box || !box.checked) return
      if (prescribed && criterion.excluded_if_prescribed) excluded += 1
      else met += 1
    })
    var index = bandFor(data.bands, met)
    show(form, "total", String(met))
    show(form, "excluded", excluded ? "(" + excluded + " not counted: supervised prescribed use)" : "")
    show(form, "band", index < 0 ? data.below : data.bands[index].label)
    show(form, "icd10cm", index < 0 ? "none" : data.bands[index].icd10cm)
    show(form, "icd11", index < 0 ? "none" : data.bands[index].icd11)
    markBand(form, index)
  }

  function today() {
    var now = new Date()
    function pad(n) { return (n < 10 ? "0" : "") + n }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate())
  }

  function setup(form) {
    if (form.hasAttribute("data-kb-live")) return
    var block = form.querySelector("script.kb-instrument__data")
    if (!block) return
    var data = JSON.parse(block.textContent)
    var update = data.kind === "scale"
      ? function () { scoreScale(form, data) }
      : function () { scoreChecklist(form, data) }
    var date = form.querySelector("[data-kb-today]")
    function fillDate() { if (date && !date.value) date.value = today() }
    form.setAttribute("data-kb-live", "")
    form.addEventListener("submit", function (event) { event.preventDefault() })
    form.addEventListener("change", update)
    form.addEventListener("reset", function () {
      setTimeout(function () { fillDate(); update() })
    })
    fillDate()
    update()
  }

  function init() {
    var forms = document.querySelectorAll("form[data-kb-instrument]")
    for (var i = 0; i < forms.length; i++) setup(forms[i])
  }

  /* Material's document$ emits for each page instant navigation swaps in; it never emits in the
     offline bundle (file://), so the page in hand is set up directly too (setup runs once a form). */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init)
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
