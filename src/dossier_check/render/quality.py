"""The service-quality indicators as the text summary, the HTML report and the workbook show them.

One place formats them, so the three outputs print the same numbers the same way: an
:class:`~dossier_check.indicators.IndicatorTally` becomes rows of cell texts under one header, and its
left-out dossiers become ``(indicator, reason, dossiers)`` lines. The numbers are counted in
:mod:`dossier_check.summary`; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..indicators import (
    CHANNELS,
    DECISION,
    LATE_KINDS,
    MEASURES,
    ON_TIME_KINDS,
    ON_TIME_POINTS,
    TEXTS,
    IndicatorTally,
)
from ..reasons import reason_text
from ..summary import AuditSummary
from .common import LABELS, fmt_int, month_label

__all__ = [
    "DIMENSIONS",
    "by_title",
    "decision",
    "fmt_decimal",
    "fmt_share",
    "indicator_header",
    "indicator_row",
    "key_label",
    "left_out",
    "measures_of",
    "section_title",
    "summary_lines",
]

DIMENSIONS = ("unit", "procedure", "month")
"""The groupings the indicators are shown by, in order."""

_TITLE = {
    "vi": "Chỉ số chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
    "en": "Quality of service to citizens and businesses (Decision 766/QĐ-TTg)",
}
_BY = {
    "vi": {"unit": "theo bộ phận tiếp nhận", "procedure": "theo thủ tục", "month": "theo tháng tiếp nhận"},
    "en": {"unit": "by receiving unit", "procedure": "by procedure", "month": "by month of receipt"},
}


def section_title(lang: str) -> str:
    """The heading of the indicators, naming the decision."""
    return _TITLE[lang]


def by_title(dim: str, lang: str) -> str:
    """ "by receiving unit" etc., for the heading of one grouping."""
    return _BY[lang][dim]


def fmt_decimal(value: float | None, digits: int, lang: str) -> str:
    """A number with ``digits`` decimals in the language's notation; an em dash for None."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def fmt_share(value: float | None, lang: str) -> str:
    """A share (0–1) as a percentage with one decimal; an em dash for None."""
    return "—" if value is None else fmt_decimal(100 * value, 1, lang) + "%"


def measures_of(tally: IndicatorTally) -> list[str]:
    """The units of measure processing time was found in, in display order."""
    return [m for m in MEASURES if m in tally.durations]


def key_label(dim: str, key: str, lang: str, names: dict[str, str] | None = None) -> str:
    """How a key of a grouping is shown: a month as the language writes it, a procedure with its name."""
    if dim == "month":
        return month_label(key, lang)
    if not key:
        return LABELS[lang]["unknown"]
    if dim == "procedure" and names and key in names:
        return f"{key} {names[key]}"
    return key


def indicator_header(lang: str, measures: Sequence[str]) -> list[tuple[str, str]]:
    """``(indicator number, label)`` of the columns after the key column of an indicator table.

    2.1: dossiers judged, on time, late, rate, score; 2.2: one column per unit of measure, the mean with
    the number of dossiers it is over; 3.3: dossiers with a known channel, then the share of each channel.
    """
    t = TEXTS[lang]
    dossiers = "Số hồ sơ" if lang == "vi" else "Dossiers"
    cols = [
        ("2.1", dossiers),
        ("2.1", t["on_time_n"]),
        ("2.1", t["late_n"]),
        ("2.1", t["rate"]),
        ("2.1", t["score"]),
    ]
    cols += [("2.2", f"{t['mean']}, {t[m]} ({dossiers.lower()})") for m in measures]
    cols.append(("3.3", dossiers))
    cols += [("3.3", t[c]) for c in CHANNELS]
    return cols


def indicator_row(tally: IndicatorTally, lang: str, measures: Sequence[str]) -> list[str]:
    """The cells of one group under :func:`indicator_header`."""
    cells = [
        fmt_int(tally.timed, lang),
        fmt_int(tally.on_time, lang),
        fmt_int(tally.late, lang),
        fmt_share(tally.on_time_rate(), lang),
        fmt_decimal(tally.on_time_score(), 2, lang),
    ]
    for m in measures:
        count = tally.durations.get(m, [0, 0])[0]
        cells.append(f"{fmt_decimal(tally.mean(m), 1, lang)} ({fmt_int(count, lang)})" if count else "—")
    cells.append(fmt_int(tally.channel_known, lang))
    cells += [fmt_share(tally.channel_share(c), lang) for c in CHANNELS]
    return cells


def left_out(tally: IndicatorTally, lang: str) -> list[tuple[str, str, int]]:
    """``(indicator number, reason, dossiers)`` for every reason a dossier was left out, by indicator."""
    out = []
    for number, counts in (
        ("2.1", tally.timeliness_out),
        ("2.2", tally.duration_out),
        ("3.3", tally.channel_out),
    ):
        out += [(number, reason_text(k, lang), n) for k, n in sorted(counts.items())]
    return out


def summary_lines(summary: AuditSummary, lang: str) -> list[tuple[str, str, str]]:
    """Per indicator: its name, the result over the whole audit in one sentence, and its formula in words."""
    t = TEXTS[lang]
    total = summary.indicator_total()
    checked = summary.checked
    vi = lang == "vi"

    def n(k: int) -> str:
        return fmt_int(k, lang)

    def base(computed: int) -> str:
        if vi:
            return f"tính trên {n(computed)} trong {n(checked)} hồ sơ đã kiểm tra"
        return f"computed on {n(computed)} of {n(checked)} dossiers checked"

    verdicts = "; ".join(
        f"{t[k]} {n(total.timeliness[k])}" for k in (*ON_TIME_KINDS, *LATE_KINDS) if total.timeliness.get(k)
    )
    rate = fmt_share(total.on_time_rate(), lang)
    score = fmt_decimal(total.on_time_score(), 2, lang)
    if vi:
        on_time = (
            f"{n(total.on_time)} đúng hạn, {n(total.late)} trễ hạn: tỷ lệ {rate}, "
            f"điểm {score}/{ON_TIME_POINTS} ({base(total.timed)})" + (f" — {verdicts}." if verdicts else ".")
        )
    else:
        on_time = (
            f"{n(total.on_time)} on time, {n(total.late)} late: rate {rate}, "
            f"score {score}/{ON_TIME_POINTS} ({base(total.timed)})" + (f" — {verdicts}." if verdicts else ".")
        )
    means = [
        f"{fmt_decimal(total.mean(m), 1, lang)} {t[m]} ({n(total.durations[m][0])} {'hồ sơ' if vi else 'dossiers'})"
        for m in measures_of(total)
    ]
    processing = ("; ".join(means) or "—") + f" ({base(total.measured)})."
    shares = ", ".join(f"{t[c]} {fmt_share(total.channel_share(c), lang)}" for c in CHANNELS)
    channels = f"{shares} ({base(total.channel_known)})."
    return [
        (t["on_time"], on_time, t["on_time_formula"]),
        (t["processing"], processing, t["processing_formula"]),
        (t["channels"], channels, t["channels_formula"]),
    ]


def decision(lang: str) -> str:
    """The decision, cited in full."""
    return DECISION[lang]
