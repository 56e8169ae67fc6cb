"""The self-contained HTML inspection report (``dossier-check audit --report FILE.html``).

One file, no network, no script: inline CSS and SVG bar charts, every value escaped. It renders an
:class:`~dossier_check.summary.AuditSummary` and the run's :class:`~dossier_check.summary.ReportMeta`;
every number it shows is counted there.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from ..summary import AuditSummary, ReportMeta
from .common import (
    LABELS,
    fmt_int,
    fmt_rate,
    month_label,
    not_evaluable_rows,
    rule_title,
    terminal_safe,
    units_ranked,
)
from .text import totals_line

__all__ = ["CHART_CAP", "render_html"]

CHART_CAP = 30
"""Bars drawn per chart (the tables list every row)."""

_CSS = """
:root{--ink:#1d2530;--muted:#5b6675;--line:#d5dbe3;--bad:#b3261e;--warn:#9a6700;--ok:#1a7f37;--bar:#2f6fb0}
*{box-sizing:border-box}
body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:24px;line-height:1.45;font-size:14px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--line);
padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7}td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:12px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:140px}
.card b{display:block;font-size:22px}.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}
.card.warn b{color:var(--warn)}.muted{color:var(--muted)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.sev-info{color:var(--muted)}ul.v{margin:0;padding-left:18px}
svg text{font-family:inherit;font-size:12px;fill:var(--ink)}svg .bar{fill:var(--bar)}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _e(value: object) -> str:
    # Control and bidirectional-override characters shown as escapes: a report must not reorder or hide text.
    return html.escape(terminal_safe("" if value is None else str(value)), quote=True)


def _table(header: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]) -> str:
    """A table; cells are already-escaped HTML; ``header`` gives (label, numeric)."""
    head = "".join(f'<th class="n">{_e(h)}</th>' if num else f"<th>{_e(h)}</th>" for h, num in header)
    body = []
    for r in rows:
        cells = "".join(
            f'<td class="n">{c}</td>' if header[i][1] else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bar_chart(title: str, items: Sequence[tuple[str, int, str]], lang: str) -> str:
    """A horizontal bar chart in inline SVG: ``(label, value, value text)`` per bar."""
    t = LABELS[lang]
    total = len(items)
    items = items[:CHART_CAP]
    if not items:
        return ""
    label_w, bar_w, row_h, pad = 330, 560, 22, 6
    width = label_w + bar_w + 120
    height = row_h * len(items) + 2 * pad
    top = max((v for _, v, _ in items), default=0) or 1
    parts = [
        f"<figure><figcaption><b>{_e(title)}</b></figcaption>"
        f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value, value_text) in enumerate(items):
        y = pad + i * row_h
        w = max(1, round(bar_w * value / top)) if value else 0
        short = label if len(label) <= 44 else label[:43] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end"><title>{_e(label)}</title>{_e(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="2"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{_e(value_text)}</text>'
        )
    parts.append("</svg>")
    if total > len(items):
        parts.append(f'<p class="muted">{_e(t["chart_capped"].format(shown=len(items), total=total))}</p>')
    parts.append("</figure>")
    return "".join(parts)


def _breakdown(
    summary: AuditSummary, rows: Sequence[tuple[str, list[int]]], key_label: str, lang: str
) -> str:
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
        ((_e(k), n(c), n(f), _e(fmt_rate(f, c, lang)), n(v)) for k, (c, f, v) in rows),
    )


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
        f'<p class="muted">{_e(t["generated"])}: {_e(meta.generated_at)} · {_e(t["as_of"])}: '
        f"<b>{_e(meta.as_of)}</b> · {_e(t['version'])}: {_e(meta.version)}</p></header>",
    ]
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
    out.append(f'<section><h2>{_e(t["overview"])}</h2><div class="cards">')
    for cls, label, value in cards:
        out.append(f'<div class="card {cls}"><span class="muted">{_e(label)}</span><b>{n(value)}</b></div>')
    out.append(
        f'<div class="card bad"><span class="muted">{_e(t["fail_rate"])}</span>'
        f"<b>{_e(fmt_rate(summary.failed, checked, lang))}</b></div></div>"
    )
    out.append(f"<p>{_e(totals_line(summary, lang))}</p></section>")
    # By rule
    rules = sorted(summary.by_rule.items())
    out.append(f"<section><h2>{_e(t['by_rule'])}</h2>")
    ranked = sorted(rules, key=lambda kv: (-kv[1][0], kv[0]))
    out.append(
        _bar_chart(
            t["chart_rule"],
            [
                (
                    f"{code} {rule_title(code, summary, lang)}",
                    d,
                    f"{fmt_int(d, lang)} ({fmt_rate(d, checked, lang)})",
                )
                for code, (d, _v) in ranked
            ],
            lang,
        )
    )
    if rules and summary.any_not_evaluable:
        # Some rules could not be evaluated on every dossier: each rate is over the dossiers it was evaluated on.
        out.append(
            _table(
                (
                    (t["code"], False),
                    (t["rule"], False),
                    (t["evaluated"], True),
                    (t["dossiers"], True),
                    (t["rate"], True),
                    (t["violations"], True),
                ),
                (
                    (
                        f"<code>{_e(code)}</code>",
                        _e(rule_title(code, summary, lang)),
                        n(summary.evaluated(code)),
                        n(d),
                        _e(fmt_rate(d, summary.evaluated(code), lang)),
                        n(v),
                    )
                    for code, (d, v) in rules
                ),
            )
        )
        out.append(f'<p class="muted">{_e(t["rate_note_evaluated"])}</p>')
    elif rules:
        out.append(
            _table(
                (
                    (t["code"], False),
                    (t["rule"], False),
                    (t["dossiers"], True),
                    (t["rate"], True),
                    (t["violations"], True),
                ),
                (
                    (
                        f"<code>{_e(code)}</code>",
                        _e(rule_title(code, summary, lang)),
                        n(d),
                        _e(fmt_rate(d, checked, lang)),
                        n(v),
                    )
                    for code, (d, v) in rules
                ),
            )
        )
        out.append(f'<p class="muted">{_e(t["rate_note"])}</p>')
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    if summary.any_not_evaluable:
        out.append(f"<h3>{_e(t['not_evaluable'])}</h3>")
        for label, fmt_checked, ne_rows in not_evaluable_rows(summary, lang):
            out.append(
                f"<h4>{_e(t['format_line'].format(format=label, checked=fmt_int(fmt_checked, lang)))}</h4>"
            )
            out.append(
                _table(
                    ((t["code"], False), (t["reason"], False), (t["dossiers"], True), (t["evaluated"], True)),
                    (
                        (f"<code>{_e(code)}</code>", _e(reason), n(k), n(summary.evaluated(code)))
                        for code, reason, k in ne_rows
                    ),
                )
            )
        out.append(f'<p class="muted">{_e(t["not_evaluable_note"])}</p>')
    out.append("</section>")
    # By procedure
    names = {code: name for code, name, *_ in meta.catalog}
    procs = sorted(summary.by_procedure.items())
    out.append(f"<section><h2>{_e(t['by_procedure'])}</h2>")
    proc_rows = [(f"{k} {names[k]}" if k in names else (k or t["unknown"]), row) for k, row in procs]
    out.append(_breakdown(summary, proc_rows, t["procedure"], lang) + "</section>")
    # By unit
    units = [(k or t["unknown"], row) for k, row in units_ranked(summary)]
    out.append(f"<section><h2>{_e(t['by_unit'])}</h2>")
    out.append(_bar_chart(t["chart_unit"], [(k, row[2], fmt_int(row[2], lang)) for k, row in units], lang))
    out.append(_breakdown(summary, units, t["unit"], lang) + "</section>")
    # By month
    months = [(month_label(k, lang), row) for k, row in sorted(summary.by_month.items())]
    out.append(f"<section><h2>{_e(t['by_month'])}</h2>")
    out.append(_bar_chart(t["chart_month"], [(k, row[2], fmt_int(row[2], lang)) for k, row in months], lang))
    out.append(_breakdown(summary, months, t["month"], lang) + "</section>")
    # Failing dossiers
    out.append(f"<section><h2>{_e(t['failing'])} ({n(summary.failed)})</h2>")
    if summary.failed > len(summary.failing):
        out.append(
            f'<p class="muted">{_e(t["failing_capped"].format(shown=fmt_int(len(summary.failing), lang), total=fmt_int(summary.failed, lang)))}</p>'
        )
    if summary.failing:
        rows = []
        for i, f in enumerate(summary.failing, start=1):
            items = "".join(
                f'<li><code>{_e(code)}</code> <span class="sev-{_e(sev)}">{_e(t.get("sev_" + sev, sev))}</span> '
                f"<code>{_e(path or '/')}</code> {_e(msg)}</li>"
                for code, sev, path, msg in f.violations
            )
            if f.more:
                items += f'<li class="muted">{_e(t["more_violations"].format(n=fmt_int(f.more, lang)))}</li>'
            rows.append(
                (
                    str(i),
                    f'<span class="mono">{_e(f.source)}</span>',
                    _e(f.dossier_code or t["no_code"]),
                    _e(f.procedure_code or t["unknown"]),
                    _e(f.receiving_unit or t["unknown"]),
                    _e(f.received_date or t["unknown"]),
                    f'<ul class="v">{items}</ul>',
                )
            )
        out.append(
            _table(
                (
                    ("#", True),
                    (t["source"], False),
                    (t["dossier_code"], False),
                    (t["procedure"], False),
                    (t["unit"], False),
                    (t["received"], False),
                    (t["violations"], False),
                ),
                rows,
            )
        )
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    out.append("</section>")
    # Unreadable inputs
    out.append(f"<section><h2>{_e(t['errors'])} ({n(summary.unreadable)})</h2>")
    if summary.unreadable > len(summary.errors):
        out.append(
            f'<p class="muted">{_e(t["errors_capped"].format(shown=fmt_int(len(summary.errors), lang), total=fmt_int(summary.unreadable, lang)))}</p>'
        )
    if summary.errors:
        out.append(
            _table(
                ((t["source"], False), (t["reason"], False)),
                ((f'<span class="mono">{_e(s)}</span>', _e(r)) for s, r in summary.errors),
            )
        )
    else:
        out.append(f"<p>{_e(t['none'])}</p>")
    out.append("</section>")
    # Inputs and catalogue (the provenance an inspection file needs)
    out.append(f"<section><h2>{_e(t['inputs'])}</h2>")
    out.append(f"<p><b>{_e(t['inputs_given'])}</b> ({n(len(meta.inputs))}): ")
    out.append(", ".join(f"<code>{_e(p)}</code>" for p in meta.inputs) + "</p>")
    out.append(f"<h3>{_e(t['files'])} ({n(meta.file_count)})</h3>")
    if meta.file_count > len(meta.files):
        out.append(
            f'<p class="muted">{_e(t["files_capped"].format(shown=fmt_int(len(meta.files), lang), total=fmt_int(meta.file_count, lang)))}</p>'
        )
    out.append(
        _table(
            ((t["file"], False), (t["size"], True), (t["sha256"], False)),
            (
                (
                    f'<span class="mono">{_e(f.path)}</span>',
                    n(f.size) if f.size is not None else "—",
                    f'<span class="mono">{_e(f.sha256 or "—")}</span>',
                )
                for f in meta.files
            ),
        )
    )
    out.append(f"<h3>{_e(t['skipped'])} ({n(len(summary.skipped))})</h3>")
    if summary.skipped:
        out.append(
            '<ul class="v">' + "".join(f'<li class="mono">{_e(s)}</li>' for s in summary.skipped) + "</ul>"
        )
    else:
        out.append(f"<p>{_e(t['no_skipped'])}</p>")
    out.append(f"<h3>{_e(t['catalog'])} ({n(len(meta.catalog))})</h3>")
    out.append(
        _table(
            ((t["code"], False), (t["procedure_name"], False), (t["decision"], False), (t["valid"], False)),
            (
                (f"<code>{_e(code)}</code>", _e(name), _e(decision), _e(f"{start} – {end or t['open']}"))
                for code, name, decision, start, end in meta.catalog
            ),
        )
    )
    selection = t["all_rules"]
    if meta.select or meta.ignore:
        selection = " ".join(
            x for x in (meta.select and f"select={meta.select}", meta.ignore and f"ignore={meta.ignore}") if x
        )
    out.append(f"<p><b>{_e(t['selection'])}</b>: {_e(selection)}</p></section>")
    out.append(f'<footer><p class="muted">{_e(t["footer"].format(version=meta.version))}</p></footer>')
    out.append("</body></html>\n")
    return "\n".join(out)
