"""The self-contained HTML inspection report (``dossier-check audit --report FILE.html``).

One file, no network, no script: inline CSS and SVG bar charts, every value escaped. It renders an
:class:`~dossier_check.summary.AuditSummary` and the run's :class:`~dossier_check.summary.ReportMeta`;
every number it shows is counted there.

Made for a phone, a desktop and paper alike: the page never scrolls sideways (a wide table scrolls in its
own box, charts scale to the width), codes and numbers never break inside, and the print stylesheet
gives A4 pages whose tables repeat their header and never cut a row. Dates are ``dd/mm/yyyy`` in
Vietnamese and ISO 8601 in English, everywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from ..indicators import CHANNELS, TEXTS, IndicatorTally
from ..rules import get_rule
from ..summary import AuditSummary, FailingDossier, ReportMeta
from ..timeutil import parse_when
from . import quality
from .common import (
    LABELS,
    fmt_int,
    fmt_rate,
    legal_basis_text,
    month_label,
    not_evaluable_rows,
    rule_legal_basis,
    rule_title,
    terminal_safe,
    units_ranked,
)
from .text import totals_line

__all__ = ["CHART_CAP", "render_html"]

CHART_CAP = 30
"""Bars drawn per chart (the tables list every row)."""

_CSS = """
:root{--ink:#1d2530;--muted:#5b6675;--line:#d5dbe3;--head:#eef2f7;--soft:#f6f8fa;--bad:#b3261e;
--warn:#9a6700;--ok:#1a7f37;--bar:#2f6fb0}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:24px;line-height:1.45;font-size:14px;overflow-wrap:break-word}
h1{font-size:24px;line-height:1.25;margin:0 0 6px}
h2{font-size:19px;margin:30px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}h4{font-size:14px;margin:12px 0 4px}
p{margin:6px 0}
.scroll{overflow-x:auto;max-width:100%;margin:6px 0 12px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600}
th.n{text-align:right}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
th.group{text-align:center}.w{min-width:12em}
code,.code{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:12px;white-space:nowrap}
.path{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
.muted{color:var(--muted)}.basis{color:var(--muted);font-size:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.card span{display:block;color:var(--muted);font-size:13px}
.card b{display:block;font-size:22px;white-space:nowrap;font-variant-numeric:tabular-nums}
.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}.card.warn b{color:var(--warn)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.sev-info{color:var(--muted)}
ul.v{margin:4px 0;padding-left:18px}ul.v li{margin:3px 0}
nav.toc{margin:10px 0 0;font-size:13px}nav.toc a{margin-right:12px;white-space:nowrap;color:var(--bar)}
figure{margin:8px 0 14px}figcaption{margin-bottom:4px}
svg.chart{display:block;width:100%;max-width:480px;height:auto;overflow:hidden}
svg text{font-family:inherit;font-size:15px;fill:var(--ink)}svg .bar{fill:var(--bar)}svg .track{fill:var(--soft)}
.formula{background:var(--soft);border-left:3px solid var(--bar);padding:6px 10px;margin:6px 0 10px}
.dossier{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:8px 0;overflow-x:auto}
.dossier h4{margin:2px 0}.dossier h4 .code{font-size:13.5px}.dossier p{margin:2px 0;font-size:13px}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
footer{margin-top:28px}
@media (max-width:640px){body{padding:12px}h1{font-size:20px}h2{font-size:17px}.card b{font-size:19px}
.cards{grid-template-columns:repeat(auto-fill,minmax(130px,1fr))}th,td{padding:3px 6px}}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{body{max-width:none;padding:0;font-size:9.5pt;color:#000}
h1{font-size:17pt}h2{font-size:13pt;margin-top:16px}h3{font-size:11pt}h4{font-size:10pt}
nav.toc,summary::marker{display:none}
.cards{grid-template-columns:repeat(auto-fill,minmax(30mm,1fr));gap:6px}.card{padding:4px 8px}
.card span{font-size:8pt}.card b{font-size:13pt}
.scroll{overflow:visible}table{font-size:8pt}th,td{padding:2px 4px}
code,.code,.path,.basis{font-size:7.5pt}.dossier h4 .code{font-size:9pt}.dossier p{font-size:8.5pt}
thead{display:table-header-group;break-inside:avoid}tfoot{display:table-footer-group}
tr,li,.card,.dossier,figure,.formula{break-inside:avoid}h2,h3,h4,figcaption{break-after:avoid}
a{color:inherit;text-decoration:none}svg.chart{max-width:85mm}}
"""


def _e(value: object) -> str:
    # Control and bidirectional-override characters shown as escapes: a report must not reorder or hide text.
    return html.escape(terminal_safe("" if value is None else str(value)), quote=True)


# A document number or citation: "766/QĐ-TTg", "03/2025/TT-VPCP", "NĐ 61/2018". A line may break at its
# hyphen or slash, which splits the code in two; it is kept whole.
_CODE_RE = re.compile(r"\d+(?:/[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*)+")


def _law(value: object) -> str:
    """Escaped text whose document numbers are never broken over two lines."""
    return _CODE_RE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', _e(value))


def _scroll(inner: str) -> str:
    """A wide element in a box of its own that scrolls sideways, so the page itself never does."""
    return f'<div class="scroll">{inner}</div>'


def _table(
    header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]], wide: Sequence[int] = ()
) -> str:
    """A table in its scroll box; cells are already-escaped HTML; ``header`` gives (label, numeric).

    The columns in ``wide`` hold running text: they keep a readable width on a phone (the table then
    scrolls in its box) instead of being squeezed to a word per line.
    """

    def cls(i: int) -> str:
        names = ("n " if header[i][1] else "") + ("w" if i in wide else "")
        return f' class="{names.strip()}"' if names else ""

    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, (h, _num) in enumerate(header))
    body = []
    for r in rows:
        cells = "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r))
        body.append(f"<tr>{cells}</tr>")
    return _scroll(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _date(iso: str, lang: str) -> str:
    """A ``YYYY-MM-DD`` date as the language writes it (dd/mm/yyyy in Vietnamese); "" stays ""."""
    if lang != "vi" or len(iso) != 10:
        return iso
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def _moment(iso: str, lang: str) -> str:
    """A date-time as a ``<time>`` element: dd/mm/yyyy HH:MM in Vietnamese, ISO in English."""
    w = parse_when(iso)
    if w is None:
        return _e(iso)
    shown = w.local.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")
    return f'<time datetime="{_e(iso)}" class="nowrap">{_e(shown)}</time>'


def _basis_note(code: str, t: dict[str, str]) -> str:
    """A finding's legal basis, after its message; nothing for a code not registered here."""
    basis = rule_legal_basis(code)
    if not basis:
        return ""
    return f' <span class="basis">({_e(t["legal_basis"])}: {_law(legal_basis_text(basis))})</span>'


def _basis_cell(code: str, lang: str) -> str:
    """A rule's legal basis for the rule table, with the note on a replaced text when there is one."""
    basis = legal_basis_text(rule_legal_basis(code))
    cell = f'<span class="basis">{_law(basis or "—")}</span>'
    try:
        note = get_rule(code).legal_notes[lang]
    except KeyError:
        note = ""
    return cell + (f'<br><span class="basis">{_law(note)}</span>' if note else "")


def _bar_chart(title: str, items: Sequence[tuple[str, int, str]], lang: str, top: int | None = None) -> str:
    """A bar chart in inline SVG that scales to the width: ``(label, value, value text)`` per bar, the
    label above its bar so that a phone's width is enough. ``top`` is the value of a full bar (default:
    the largest value)."""
    t = LABELS[lang]
    total = len(items)
    items = items[:CHART_CAP]
    if not items:
        return ""
    width, bar_w, row_h = 480, 350, 40
    height = row_h * len(items) + 4
    top = top or max((v for _, v, _ in items), default=0) or 1
    parts = [
        f"<figure><figcaption><b>{_e(title)}</b></figcaption>"
        f'<svg class="chart" role="img" aria-label="{_e(title)}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMinYMin meet">'
    ]
    for i, (label, value, value_text) in enumerate(items):
        y = 2 + i * row_h
        w = max(2, round(bar_w * min(value, top) / top)) if value else 0
        short = label if len(label) <= 54 else label[:53] + "…"
        parts.append(
            f'<text x="0" y="{y + 15}"><title>{_e(label)}</title>{_e(short)}</text>'
            f'<rect class="track" x="0" y="{y + 20}" width="{bar_w}" height="14" rx="2"/>'
            f'<rect class="bar" x="0" y="{y + 20}" width="{w}" height="14" rx="2"/>'
            f'<text x="{bar_w + 8}" y="{y + 32}">{_e(value_text)}</text>'
        )
    parts.append("</svg>")
    if total > len(items):
        parts.append(f'<p class="muted">{_e(t["chart_capped"].format(shown=len(items), total=total))}</p>')
    parts.append("</figure>")
    return "".join(parts)


def _breakdown(rows: Sequence[tuple[str, list[int]]], key_label: str, lang: str) -> str:
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    if not rows:
        return f"<p>{_e(t['none'])}</p>"
    return _table(
        (
            (key_label, False),
            (t["checked"], True),
            (t["failed"], True),
            (t["fail_rate"], True),
            (t["violations"], True),
        ),
        ((k, n(c), n(f), _e(fmt_rate(f, c, lang)), n(v)) for k, (c, f, v) in rows),
        wide=(0,),
    )


def _code_key(code: str, name: str) -> str:
    """A procedure key: its code unbreakable, then its name."""
    return (
        f'<span class="code">{_e(code)}</span> {_e(name)}'
        if name
        else f'<span class="code">{_e(code)}</span>'
    )


def _rules_section(summary: AuditSummary, lang: str) -> list[str]:
    t = LABELS[lang]
    checked = summary.checked

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    rules = sorted(summary.by_rule.items())
    out = [f'<section id="rules"><h2>{_e(t["by_rule"])}</h2>']
    ranked = sorted(rules, key=lambda kv: (-kv[1][0], kv[0]))
    evaluated = summary.any_not_evaluable
    out.append(
        _bar_chart(
            t["chart_rule"],
            [
                (
                    f"{code} {rule_title(code, summary, lang)}",
                    d,
                    f"{fmt_int(d, lang)} ({fmt_rate(d, summary.evaluated(code) if evaluated else checked, lang)})",
                )
                for code, (d, _v) in ranked
            ],
            lang,
        )
    )
    if rules:
        # When some rules could not be evaluated on every dossier, each rate is over the dossiers it was.
        header: list[tuple[str, bool]] = [(t["code"], False), (t["rule"], False)]
        if evaluated:
            header.append((t["evaluated"], True))
        header += [
            (t["dossiers"], True),
            (t["rate"], True),
            (t["violations"], True),
            (t["legal_basis"], False),
        ]
        rows = []
        for code, (d, v) in rules:
            base = summary.evaluated(code) if evaluated else checked
            row = [f"<code>{_e(code)}</code>", _e(rule_title(code, summary, lang))]
            if evaluated:
                row.append(n(base))
            row += [n(d), _e(fmt_rate(d, base, lang)), n(v), _basis_cell(code, lang)]
            rows.append(row)
        out.append(_table(header, rows, wide=(1, len(header) - 1)))
        out.append(f'<p class="muted">{_e(t["rate_note_evaluated" if evaluated else "rate_note"])}</p>')
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    if evaluated:
        out.append(f"<h3>{_e(t['not_evaluable'])}</h3>")
        out.append(f'<p class="muted">{_e(t["not_evaluable_note"])}</p>')
        for label, fmt_checked, ne_rows in not_evaluable_rows(summary, lang):
            out.append(
                f"<h4>{_e(t['format_line'].format(format=label[:1].upper() + label[1:], checked=fmt_int(fmt_checked, lang)))}</h4>"
            )
            out.append(
                _table(
                    ((t["code"], False), (t["reason"], False), (t["dossiers"], True), (t["evaluated"], True)),
                    (
                        (f"<code>{_e(code)}</code>", _e(reason), n(k), n(summary.evaluated(code)))
                        for code, reason, k in ne_rows
                    ),
                    wide=(1,),
                )
            )
    out.append("</section>")
    return out


def _indicator_table(
    rows: Sequence[tuple[str, IndicatorTally]], key_label: str, lang: str, measures: Sequence[str]
) -> str:
    """One grouping's indicators: a two-row header (indicator, then column) and one row per group."""
    head = quality.indicator_header(lang, measures)
    groups: list[tuple[str, int]] = []
    for number, _label in head:
        if groups and groups[-1][0] == number:
            groups[-1] = (number, groups[-1][1] + 1)
        else:
            groups.append((number, 1))
    t = TEXTS[lang]
    names = {"2.1": t["on_time"], "2.2": t["processing"], "3.3": t["channels"]}
    first = "".join(
        f'<th class="group" colspan="{span}" title="{_e(names[number])}">{_e(number)}</th>'
        for number, span in groups
    )
    second = "".join(f'<th class="n">{_e(label)}</th>' for _number, label in head)
    body = "".join(
        f'<tr><td class="w">{key}</td>'
        + "".join(f'<td class="n">{_e(c)}</td>' for c in quality.indicator_row(tally, lang, measures))
        + "</tr>"
        for key, tally in rows
    )
    return _scroll(
        f'<table><thead><tr><th rowspan="2" class="w">{_e(key_label)}</th>{first}</tr><tr>{second}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _indicators_section(summary: AuditSummary, meta: ReportMeta, lang: str) -> list[str]:
    t = LABELS[lang]
    q = TEXTS[lang]
    total = summary.indicator_total()
    out = [f'<section id="indicators"><h2>{_law(quality.section_title(lang))}</h2>']
    if not summary.checked:
        return [*out, f"<p>{_e(t['none'])}</p></section>"]
    out.append(f'<p class="muted">{_law(quality.decision(lang))}.</p>')
    cards = [
        ("ok", f"2.1 {q['rate']}", quality.fmt_share(total.on_time_rate(), lang)),
        ("", f"2.1 {q['score']}", quality.fmt_decimal(total.on_time_score(), 2, lang)),
    ]
    measures = quality.measures_of(total)
    cards += [("", f"2.2 {q['mean']}, {q[m]}", quality.fmt_decimal(total.mean(m), 1, lang)) for m in measures]
    cards += [("", f"3.3 {q[c]}", quality.fmt_share(total.channel_share(c), lang)) for c in CHANNELS]
    out.append('<div class="cards">')
    out += [
        f'<div class="card {cls}"><span>{_e(label)}</span><b>{_e(value)}</b></div>'
        for cls, label, value in cards
    ]
    out.append("</div>")
    for name, result, formula in quality.summary_lines(summary, lang):
        out.append(f'<h3>{_e(name)}</h3><p>{_e(result)}</p><p class="formula">{_e(formula)}</p>')
    gone = quality.left_out(total, lang)
    if gone:
        out.append(f"<h3>{_e(t['indicators_left_out'])}</h3>")
        out.append(
            _table(
                ((t["indicator"], False), (t["reason"], False), (t["dossiers"], True)),
                (
                    (f"<code>{_e(number)}</code>", _e(reason), _e(fmt_int(k, lang)))
                    for number, reason, k in gone
                ),
            )
        )
    units = dict(units_ranked(summary))
    names = {code: name for code, name, *_ in meta.catalog}
    rates = [
        (
            quality.key_label("unit", key, lang),
            round(1000 * (tally.on_time_rate() or 0)),
            f"{quality.fmt_share(tally.on_time_rate(), lang)} ({fmt_int(tally.on_time, lang)}/{fmt_int(tally.timed, lang)})",
        )
        for key, tally in sorted(
            summary.indicator_rows("unit"), key=lambda kv: (-units.get(kv[0], [0, 0, 0])[0], kv[0])
        )
        if tally.timed
    ]
    out.append(_bar_chart(f"2.1 {q['rate']} — {quality.by_title('unit', lang)}", rates, lang, top=1000))
    for dim in quality.DIMENSIONS:
        rows = summary.indicator_rows(dim)
        if not rows:
            continue
        out.append(f"<h3>{_e(t['indicators_by'].format(by=quality.by_title(dim, lang)))}</h3>")
        keyed = [
            (
                _code_key(key, names.get(key, ""))
                if dim == "procedure" and key
                else _e(quality.key_label(dim, key, lang)),
                tally,
            )
            for key, tally in rows
        ]
        out.append(_indicator_table(keyed, t[dim], lang, measures))
    out.append("</section>")
    return out


def _failing_section(summary: AuditSummary, lang: str) -> list[str]:
    """Failing dossiers by receiving unit (in the order of the unit table), then by dossier code."""
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    out = [f'<section id="failing"><h2>{_e(t["failing"])} ({n(summary.failed)})</h2>']
    if summary.failed > len(summary.failing):
        out.append(
            f'<p class="muted">{_e(t["failing_capped"].format(shown=fmt_int(len(summary.failing), lang), total=fmt_int(summary.failed, lang)))}</p>'
        )
    if not summary.failing:
        return [*out, f"<p>{_e(t['none'])}</p></section>"]
    by_unit: dict[str, list[FailingDossier]] = {}
    for f in summary.failing:
        by_unit.setdefault(f.receiving_unit, []).append(f)
    order = [k for k, _row in units_ranked(summary) if k in by_unit]
    order += sorted(k for k in by_unit if k not in order)
    anchors = {unit: f"unit-{i}" for i, unit in enumerate(order, start=1)}
    out.append(
        _table(
            ((t["unit"], False), (t["failed"], True), (t["listed"], True), (t["violations"], True)),
            (
                (
                    f'<a href="#{anchors[unit]}">{_e(unit or t["unknown"])}</a>',
                    n(summary.by_unit.get(unit, [0, 0, 0])[1]),
                    n(len(by_unit[unit])),
                    n(summary.by_unit.get(unit, [0, 0, 0])[2]),
                )
                for unit in order
            ),
            wide=(0,),
        )
    )
    for unit in order:
        listed = sorted(by_unit[unit], key=lambda f: (f.dossier_code or "", f.source))
        failed = summary.by_unit.get(unit, [0, 0, 0])[1]
        out.append(
            f'<h3 id="{anchors[unit]}">{_e(unit or t["unknown"])} '
            f'<span class="muted">— {_e(t["unit_failing"].format(n=fmt_int(failed, lang)))}</span></h3>'
        )
        for f in listed:
            out.append(_dossier(f, lang))
    out.append("</section>")
    return out


def _dossier(f: FailingDossier, lang: str) -> str:
    t = LABELS[lang]
    items = "".join(
        f'<li><code>{_e(code)}</code> <span class="sev-{_e(sev)}">{_e(t.get("sev_" + sev, sev))}</span> '
        f"<code>{_e(path or '/')}</code> {_e(msg)}{_basis_note(code, t)}</li>"
        for code, sev, path, msg in f.violations
    )
    if f.more:
        items += f'<li class="muted">{_e(t["more_violations"].format(n=fmt_int(f.more, lang)))}</li>'
    facts = [
        f'{_e(t["procedure"])} <span class="code">{_e(f.procedure_code or t["unknown"])}</span>',
        f'{_e(t["received"])} <span class="nowrap">{_e(_date(f.received_date, lang) or t["unknown"])}</span>',
        f'{_e(t["source"])} <span class="path">{_e(f.source)}</span>',
    ]
    return (
        f'<article class="dossier"><h4><span class="code">{_e(f.dossier_code or t["no_code"])}</span></h4>'
        f'<p class="muted">{" · ".join(facts)}</p><ul class="v">{items}</ul></article>'
    )


def _inputs_section(summary: AuditSummary, meta: ReportMeta, lang: str) -> list[str]:
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    out = [f'<section id="inputs"><h2>{_e(t["inputs"])}</h2>']
    out.append(f"<p><b>{_e(t['inputs_given'])}</b> ({n(len(meta.inputs))}): ")
    out.append(", ".join(f'<span class="path">{_e(p)}</span>' for p in meta.inputs) + "</p>")
    # The hashes make the report fileable; folded away, they no longer end the report with a long table.
    out.append(f"<details><summary>{_e(t['files'])} ({n(meta.file_count)}) — {_e(t['sha256'])}</summary>")
    if meta.file_count > len(meta.files):
        out.append(
            f'<p class="muted">{_e(t["files_capped"].format(shown=fmt_int(len(meta.files), lang), total=fmt_int(meta.file_count, lang)))}</p>'
        )
    out.append(
        _table(
            ((t["file"], False), (t["size"], True), (t["sha256"], False)),
            (
                (
                    f'<span class="path">{_e(f.path)}</span>',
                    n(f.size) if f.size is not None else "—",
                    f'<span class="path">{_e(f.sha256 or "—")}</span>',
                )
                for f in meta.files
            ),
            wide=(0, 2),
        )
    )
    out.append("</details>")
    out.append(f"<h3>{_e(t['skipped'])} ({n(len(summary.skipped))})</h3>")
    if summary.skipped:
        out.append(
            '<ul class="v">' + "".join(f'<li class="path">{_e(s)}</li>' for s in summary.skipped) + "</ul>"
        )
    else:
        out.append(f"<p>{_e(t['no_skipped'])}</p>")
    out.append(f"<h3>{_e(t['catalog'])} ({n(len(meta.catalog))})</h3>")
    out.append(
        _table(
            ((t["code"], False), (t["procedure_name"], False), (t["decision"], False), (t["valid"], False)),
            (
                (
                    f"<code>{_e(code)}</code>",
                    _e(name),
                    _e(decision),
                    f'<span class="nowrap">{_e(_date(start, lang))}</span> – '
                    f'<span class="nowrap">{_e(_date(end, lang) if end else t["open"])}</span>',
                )
                for code, name, decision, start, end in meta.catalog
            ),
            wide=(1, 2),
        )
    )
    selection = t["all_rules"]
    if meta.select or meta.ignore:
        selection = " ".join(
            x for x in (meta.select and f"select={meta.select}", meta.ignore and f"ignore={meta.ignore}") if x
        )
    out.append(f"<p><b>{_e(t['selection'])}</b>: {_e(selection)}</p></section>")
    return out


def render_html(summary: AuditSummary, meta: ReportMeta, lang: str = "vi") -> str:
    """The self-contained HTML inspection report (no script, no external resource, everything escaped)."""
    if lang not in LABELS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    t = LABELS[lang]

    def n(k: int) -> str:
        return _e(fmt_int(k, lang))

    checked = summary.checked
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t['title'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(t['title'])}</h1>",
        f'<p class="muted">{_e(t["generated"])}: {_moment(meta.generated_at, lang)} · {_e(t["as_of"])}: '
        f"<b>{_moment(meta.as_of, lang)}</b> · {_e(t['version'])}: {_e(meta.version)}</p>",
    ]
    toc = [
        ("overview", t["overview"]),
        ("indicators", t["toc_indicators"]),
        ("rules", t["by_rule"]),
        ("procedures", t["by_procedure"]),
        ("units", t["by_unit"]),
        ("months", t["by_month"]),
        ("failing", t["failing"]),
        ("errors", t["errors"]),
        ("inputs", t["inputs"]),
    ]
    out.append(
        '<nav class="toc">' + "".join(f'<a href="#{k}">{_e(v)}</a>' for k, v in toc) + "</nav></header>"
    )
    # Overview
    cards = [
        ("", t["records"], summary.records),
        ("", t["checked"], checked),
        ("ok", t["passed"], summary.passed),
        ("bad", t["failed"], summary.failed),
        ("warn" if summary.unreadable else "", t["unreadable"], summary.unreadable),
        ("", t["skipped_n"], len(summary.skipped)),
        ("", t["violations"], summary.violations),
    ]
    out.append(f'<section id="overview"><h2>{_e(t["overview"])}</h2><div class="cards">')
    for cls, label, value in cards:
        out.append(f'<div class="card {cls}"><span>{_e(label)}</span><b>{n(value)}</b></div>')
    out.append(
        f'<div class="card bad"><span>{_e(t["fail_rate"])}</span>'
        f"<b>{_e(fmt_rate(summary.failed, checked, lang))}</b></div></div>"
    )
    out.append(f"<p>{_e(totals_line(summary, lang))}</p></section>")
    out += _indicators_section(summary, meta, lang)
    out += _rules_section(summary, lang)
    # By procedure
    names = {code: name for code, name, *_ in meta.catalog}
    procs = sorted(summary.by_procedure.items())
    out.append(f'<section id="procedures"><h2>{_e(t["by_procedure"])}</h2>')
    proc_rows = [(_code_key(k, names.get(k, "")) if k else _e(t["unknown"]), row) for k, row in procs]
    out.append(_breakdown(proc_rows, t["procedure"], lang) + "</section>")
    # By unit
    units = [(k or t["unknown"], row) for k, row in units_ranked(summary)]
    out.append(f'<section id="units"><h2>{_e(t["by_unit"])}</h2>')
    out.append(_bar_chart(t["chart_unit"], [(k, row[2], fmt_int(row[2], lang)) for k, row in units], lang))
    out.append(_breakdown([(_e(k), row) for k, row in units], t["unit"], lang) + "</section>")
    # By month
    months = [(month_label(k, lang), row) for k, row in sorted(summary.by_month.items())]
    out.append(f'<section id="months"><h2>{_e(t["by_month"])}</h2>')
    out.append(_bar_chart(t["chart_month"], [(k, row[2], fmt_int(row[2], lang)) for k, row in months], lang))
    out.append(_breakdown([(_e(k), row) for k, row in months], t["month"], lang) + "</section>")
    out += _failing_section(summary, lang)
    # Unreadable inputs and records skipped on purpose
    out.append(f'<section id="errors"><h2>{_e(t["errors"])} ({n(summary.unreadable)})</h2>')
    if summary.unreadable > len(summary.errors):
        out.append(
            f'<p class="muted">{_e(t["errors_capped"].format(shown=fmt_int(len(summary.errors), lang), total=fmt_int(summary.unreadable, lang)))}</p>'
        )
    if summary.errors:
        out.append(
            _table(
                ((t["source"], False), (t["reason"], False)),
                ((f'<span class="path">{_e(s)}</span>', _e(r)) for s, r in summary.errors),
                wide=(0, 1),
            )
        )
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    if summary.skipped_records:
        out.append(f"<h3>{_e(t['skips'])} ({n(summary.skipped_records)})</h3>")
        out.append(
            _table(
                ((t["source"], False), (t["reason"], False)),
                ((f'<span class="path">{_e(s)}</span>', _e(r)) for s, r in summary.skips),
                wide=(0, 1),
            )
        )
    out.append("</section>")
    out += _inputs_section(summary, meta, lang)
    out.append(f'<footer><p class="muted">{_e(t["footer"].format(version=meta.version))}</p></footer>')
    out.append("</body></html>\n")
    return "\n".join(out)
