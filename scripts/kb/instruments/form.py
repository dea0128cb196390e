"""The instrument shortcode: a real HTML form that is a printable paper form without JavaScript
and scores live with ``docs/assets/javascripts/instruments.js``, which reads the JSON data block
this module writes (items, points and bands are stated here once, from the data file)."""

from __future__ import annotations

import html
import json
from typing import Any

from kb.instruments.data import Band, CriteriaChecklist, LoadedInstrument, ScoredScale

BLANK = '<span class="kb-instrument__blank" data-kb="{name}"></span>'


def _e(text: str) -> str:
    return html.escape(" ".join(text.split()))


def _range(band: Band, unit: str = "") -> str:
    if band.max is None:
        return f"{band.min}{unit} or more" if not unit else f"{band.min} or more{unit}"
    return f"{band.min}\u2013{band.max}{unit}"


def instrument_data(loaded: LoadedInstrument) -> dict[str, Any]:
    """What the script needs to score the form, taken from the data file."""
    instrument = loaded.instrument
    if isinstance(instrument, ScoredScale):
        return {
            "kind": "scale",
            "id": instrument.id,
            "items": [{"id": item.id, "points": [o.points for o in item.options]}
                      for item in instrument.items],
            "max": instrument.total.max,
            "bands": [{"min": b.min, "max": b.max, "label": b.label} for b in instrument.bands],
            "below": f"below {instrument.bands[0].min}: no severity band",
        }
    codes = instrument.codes
    icd10 = {c.severity: f"{c.code} {c.title}" for c in codes.icd10cm.by_severity}
    icd11 = " or ".join(f"{c.code} {c.title}" for c in codes.icd11.codes) if codes.icd11 else ""
    return {
        "kind": "checklist",
        "id": instrument.id,
        "criteria": [{"id": c.id, "excluded_if_prescribed": c.excluded_if_prescribed}
                     for c in instrument.criteria],
        "bands": [{"min": b.min, "max": b.max, "label": b.label, "icd10cm": icd10[b.label], "icd11": icd11}
                  for b in instrument.severity],
        "below": f"fewer than {instrument.severity[0].min} criteria: below the threshold",
    }


def _json_block(loaded: LoadedInstrument) -> str:
    text = json.dumps(instrument_data(loaded), ensure_ascii=False, separators=(",", ":"))
    return ('<script type="application/json" class="kb-instrument__data">'
            + text.replace("</", "<\\/") + "</script>")


def _date_fields(prefix: str) -> str:
    return (
        '<div class="kb-instrument__when">'
        f'<label for="{prefix}-date">Date</label> '
        f'<input type="date" id="{prefix}-date" name="{prefix}-date" data-kb-today> '
        f'<label for="{prefix}-time">Time</label> '
        f'<input type="time" id="{prefix}-time" name="{prefix}-time">'
        "</div>"
        '<p class="kb-instrument__privacy">Do not write a name or any other identifier here. '
        "Nothing you enter leaves this page or is kept: closing or reloading the page clears it.</p>"
    )


def _band_table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    header = "".join(f'<th scope="col">{_e(cell)}</th>' for cell in head)
    body = "".join(f'<tr data-kb-band="{index}">' + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>"
                   for index, row in enumerate(rows))
    # Material's own wrapper for Markdown tables, so a wide table scrolls instead of the page.
    return ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table class="kb-instrument__bands"><caption>{_e(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div></div>")


def render_scale(loaded: LoadedInstrument, scale: ScoredScale) -> str:
    """The COWS form: one fieldset of radio options per item, the total and the band."""
    prefix = f"kb-{scale.id}"
    parts = [_date_fields(prefix)]
    if scale.instruction:
        parts.append(f'<p class="kb-instrument__instruction">{_e(scale.instruction)}</p>')
    for number, item in enumerate(scale.items, start=1):
        hint = f' <span class="kb-instrument__hint">{_e(item.instruction)}</span>' if item.instruction else ""
        options = "".join(
            f'<label class="kb-instrument__option"><input type="radio" name="{prefix}-{item.id}" '
            f'value="{index}"> <span class="kb-instrument__points">{option.points}'
            f'<span class="kb-instrument__unit"> point{"s" if option.points != 1 else ""}</span></span> '
            f'<span class="kb-instrument__label">{_e(option.label)}</span></label>'
            for index, option in enumerate(item.options))
        parts.append(f'<fieldset class="kb-instrument__item"><legend>{number}. {_e(item.title)}{hint}'
                     f"</legend>{options}</fieldset>")
    rows = [[f"{_range(band)}", band.label] for band in scale.bands]
    parts.append(_band_table(f"{scale.title}: score bands", ["Total score", "Withdrawal"], rows))
    parts.append(
        '<div class="kb-instrument__result"><p class="kb-instrument__result-title">Result</p>'
        f'<output class="kb-instrument__output" aria-live="polite" aria-atomic="true">'
        f'<span class="kb-instrument__line">Total score: {BLANK.format(name="total")} of {scale.total.max}'
        f' <span data-kb="answered"></span></span>'
        f'<span class="kb-instrument__line">Withdrawal severity: {BLANK.format(name="band")}</span>'
        "</output></div>")
    return _form(loaded, prefix, "".join(parts))


def render_checklist(loaded: LoadedInstrument, checklist: CriteriaChecklist) -> str:
    """The DSM-5-TR checklist: one checkbox per criterion, the supervised-use rule, count and codes."""
    prefix = f"kb-{checklist.id}"
    parts = [_date_fields(prefix),
             f'<p class="kb-instrument__instruction">{_e(checklist.window.rule)}</p>']
    boxes = []
    for number, criterion in enumerate(checklist.criteria, start=1):
        note = (' <span class="kb-instrument__hint">(not counted if opioids are taken only as prescribed '
                "under medical supervision)</span>") if criterion.excluded_if_prescribed else ""
        boxes.append(f'<label class="kb-instrument__option"><input type="checkbox" name="{prefix}-criteria" '
                     f'value="{criterion.id}"> <span class="kb-instrument__points">{number}</span> '
                     f'<span class="kb-instrument__label">{_e(criterion.text)}{note}</span></label>')
    parts.append(f'<fieldset class="kb-instrument__item"><legend>Criteria met in the past '
                 f"{checklist.window.months} months</legend>{''.join(boxes)}</fieldset>")
    parts.append(
        '<fieldset class="kb-instrument__item"><legend>Supervised prescribed use</legend>'
        f'<label class="kb-instrument__option"><input type="checkbox" name="{prefix}-prescribed" '
        'value="prescribed" data-kb-prescribed> <span class="kb-instrument__label">Opioids are taken '
        "only as prescribed under medical supervision</span></label>"
        f'<p class="kb-instrument__hint">{_e(checklist.supervised_use_rule.split("(")[0])}</p></fieldset>')
    codes = checklist.codes
    icd10 = {c.severity: c for c in codes.icd10cm.by_severity}
    remission = {c.severity: c for c in codes.icd10cm.remission}
    rows = [[_range(band, " criteria"), band.label, f"{icd10[band.label].code} {icd10[band.label].title}",
             f"{remission[band.label].code} {remission[band.label].title}" if band.label in remission else ""]
            for band in checklist.severity]
    parts.append(_band_table(f"{checklist.title}: severity and ICD-10-CM codes",
                             ["Criteria", "Severity", "ICD-10-CM", "ICD-10-CM in remission"], rows))
    if codes.icd11:
        listed = "; ".join(f"{c.code} {c.title}" for c in codes.icd11.codes)
        note = f" {codes.icd11.note}" if codes.icd11.note else ""
        parts.append(f'<p class="kb-instrument__hint">ICD-11: {_e(listed)}.{_e(note)}</p>')
    parts.append(
        '<div class="kb-instrument__result"><p class="kb-instrument__result-title">Result</p>'
        f'<output class="kb-instrument__output" aria-live="polite" aria-atomic="true">'
        f'<span class="kb-instrument__line">Criteria counted: {BLANK.format(name="total")} of '
        f'{len(checklist.criteria)} <span data-kb="excluded"></span></span>'
        f'<span class="kb-instrument__line">Severity: {BLANK.format(name="band")}</span>'
        f'<span class="kb-instrument__line">ICD-10-CM: {BLANK.format(name="icd10cm")}</span>'
        f'<span class="kb-instrument__line">ICD-11: {BLANK.format(name="icd11")}</span>'
        "</output></div>")
    return _form(loaded, prefix, "".join(parts))


def _form(loaded: LoadedInstrument, prefix: str, inner: str) -> str:
    title = _e(loaded.instrument.title)
    return (f'\n<form class="kb-instrument" id="{prefix}-form" data-kb-instrument="{loaded.instrument.id}" '
            # The answer options would otherwise flood search with symptom words (a reader typing
            # "diarrhoea" wants the withdrawal page, not the scorer); the page's prose stays indexed.
            f'aria-label="{title}" autocomplete="off" novalidate data-search-exclude>'
            f'<p class="kb-instrument__title">{title}</p>{inner}'
            '<p class="kb-instrument__actions">'
            '<button type="reset" class="kb-instrument__reset">Clear the form</button>'
            f"</p>{_json_block(loaded)}</form>\n")


def render_instrument(loaded: LoadedInstrument) -> str:
    """The form for an instrument, as raw HTML on its own lines (Markdown leaves it alone)."""
    instrument = loaded.instrument
    if isinstance(instrument, ScoredScale):
        return render_scale(loaded, instrument)
    return render_checklist(loaded, instrument)
