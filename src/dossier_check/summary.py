"""The audit's counting model: what a batch audit keeps besides the per-dossier records.

:class:`AuditSummary` holds the counters (by rule, procedure, receiving unit and month of receipt) and a
capped list of failing dossiers and unreadable inputs. Workers build one per chunk of input; the parent
merges them in input order, so the summary is the same whatever the number of workers. Receiving units
are counted per spelling while checking and grouped as names compare (case-folded) once the run is
merged: :meth:`AuditSummary.group_units`.
:class:`ReportMeta` and :class:`InputFile` record what the report header says about the run.

This module counts and never renders: the text tables, the CSV and the HTML report (:mod:`.render`)
read these numbers and do not recompute them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._text import normalize_name
from .indicators import DossierFacts, IndicatorTally, add_facts
from .timeutil import parse_when

__all__ = [
    "DETAIL_CAP",
    "ERROR_CAP",
    "VIOLATION_CAP",
    "AuditSummary",
    "FactsLater",
    "FailingDossier",
    "InputFile",
    "ReportMeta",
    "received_date",
    "unit_key",
]

DETAIL_CAP = 2000
"""Failing dossiers listed in detail in the HTML report; the counters always cover every dossier."""
ERROR_CAP = 2000
"""Unreadable inputs listed by source and reason in the HTML report."""
VIOLATION_CAP = 50
"""Violations listed per failing dossier in the HTML report."""


_UNIT_KEYS: dict[str, str] = {}
_UNIT_KEYS_CAP = 1 << 14


def unit_key(name: object) -> str:
    """The spelling a receiving unit is counted under while checking: NFC, trimmed, inner white space
    collapsed, case kept. Spellings of one unit that differ in case are grouped once the run is merged
    (:meth:`AuditSummary.group_units`), under the most frequent of them."""
    if type(name) is not str:
        return _unit_key(name) if isinstance(name, str) else ""
    key = _UNIT_KEYS.get(name)
    if key is None:  # a batch names a handful of units: each is normalised once
        key = _unit_key(name)
        if len(_UNIT_KEYS) >= _UNIT_KEYS_CAP:
            _UNIT_KEYS.clear()
        _UNIT_KEYS[name] = key
    return key


def _unit_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


_DATES: dict[str, str] = {}
_DAYS: dict[int, str] = {}  # a day's ordinal → its date written out
_DATES_CAP = 1 << 14


def received_date(value: object) -> str:
    """The local date ``YYYY-MM-DD`` a dossier is counted under from its ``received_at`` (``""`` when that is
    no time): :func:`~dossier_check.timeutil.parse_when`'s date, remembered for each string.

    Dossiers received at the same minute repeat the same string, and the string was hashed when the check
    parsed it: a hit is one look-up instead of the parse's cache and a date written out (about 5,000
    instructions a dossier, most of them ``date.isoformat``). A new string (about half of a batch's strings:
    receipt times repeat less than days do) mostly names a day seen before: the date written out is
    remembered for each day too, so that string costs the parse's cache and a look-up.
    """
    if type(value) is not str:
        return ""  # parse_when reads strings alone
    date = _DATES.get(value)
    if date is None:
        w = parse_when(value)
        if w is None:
            date = ""
        else:
            local = w.local
            day = local.toordinal()
            date = _DAYS.get(day)
            if date is None:
                date = local.date().isoformat()
                if len(_DAYS) >= _DATES_CAP:
                    _DAYS.clear()
                _DAYS[day] = date
        if len(_DATES) >= _DATES_CAP:  # a bound on memory for a long run: start again
            _DATES.clear()
        _DATES[value] = date
    return date


FactsLater = dict[DossierFacts, tuple[dict[str, int], dict[str, int], dict[str, int]]]
"""Indicator facts set aside to be counted together (see :meth:`AuditSummary.add_record`): for each facts,
how many dossiers had them per procedure, per unit and per month."""

_DIMENSIONS = ("procedure", "unit", "month")
"""The keys of :attr:`AuditSummary.indicators`: each dimension (the total is the procedures' sum)."""


def _row(table: dict[str, list[int]], key: str) -> list[int]:
    """The ``[checked, failed, violations]`` row of ``key``, made on its first dossier."""
    row = table.get(key)
    if row is None:
        row = table[key] = [0, 0, 0]
    return row


@dataclass
class FailingDossier:
    """A failing dossier kept for the detailed list of the HTML report."""

    source: str
    dossier_code: str | None
    procedure_code: str | None
    receiving_unit: str
    received_date: str
    violations: list[tuple[str, str, str, str]]
    """``(code, severity, path, message)``, capped at :data:`VIOLATION_CAP`."""
    more: int = 0


@dataclass
class AuditSummary:
    """Counters of one audit (or one chunk of it), mergeable in input order.

    ``by_rule`` maps a code to ``[dossiers with it, violations]``; ``by_procedure``, ``by_unit`` and
    ``by_month`` map a key (``""`` when unknown) to ``[checked, failed, violations]``. ``by_format`` maps a
    source format to ``[checked, failed, skipped]``; ``not_evaluable`` maps a source format to rule code to
    reason key to the number of checked dossiers of that format on which the rule was not evaluable.
    ``indicators`` holds the service-quality indicators (:mod:`.indicators`) per dimension (``"unit"``,
    ``"procedure"``, ``"month"``, keyed like ``by_unit``, ``by_procedure`` and ``by_month``); their total
    is :meth:`indicator_total`, the sum of the procedures' tallies (each dossier counted is counted under
    exactly one procedure key, ``""`` when unknown), made when asked rather than counted per dossier.
    ``skipped_records`` counts records read but deliberately not checked (status ``skipped``), with their
    sources and reasons in ``skips`` (capped); ``skipped`` lists the files passed over while walking.
    """

    records: int = 0
    passed: int = 0
    failed: int = 0
    unreadable: int = 0
    violations: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, list[int]] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    by_procedure: dict[str, list[int]] = field(default_factory=dict)
    by_unit: dict[str, list[int]] = field(default_factory=dict)
    by_month: dict[str, list[int]] = field(default_factory=dict)
    failing: list[FailingDossier] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    skipped_records: int = 0
    skips: list[tuple[str, str]] = field(default_factory=list)
    by_format: dict[str, list[int]] = field(default_factory=dict)
    not_evaluable: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    indicators: dict[str, dict[str, IndicatorTally]] = field(default_factory=dict)

    @property
    def checked(self) -> int:
        """Dossiers actually checked (read as a JSON object): passed + failed."""
        return self.passed + self.failed

    def evaluated(self, code: str) -> int:
        """On how many checked dossiers the rule ``code`` was evaluated (not "not evaluable")."""
        missing = sum(
            sum(reasons.values())
            for by_code in self.not_evaluable.values()
            for c, reasons in by_code.items()
            if c == code
        )
        return self.checked - missing

    @property
    def any_not_evaluable(self) -> bool:
        """True when some rule could not be evaluated on some dossier (rates then differ per rule)."""
        return bool(self.not_evaluable)

    def add_record(
        self,
        record: Mapping[str, Any],
        unit: str,
        received_date: str,
        keep_detail: bool,
        not_evaluable: Mapping[str, str] | None = None,
        facts: DossierFacts | None = None,
        later: FactsLater | None = None,
    ) -> None:
        """Count one output record of a dossier received by ``unit`` on ``received_date``.

        ``received_date`` is the local date ``YYYY-MM-DD`` (``""`` when unknown); ``keep_detail`` keeps the
        failing dossier for the HTML report's list; unreadable inputs are always kept (both capped).
        ``not_evaluable``: the rules not evaluable on this dossier, with their reason keys; ``facts``: its
        part in the service-quality indicators (a checked dossier without facts is not counted there).
        With ``later``, the facts are set aside there and counted by :meth:`count_later`: many dossiers
        share their facts and their procedure, unit or month, and each such group is then counted once
        instead of every dossier in three tallies (the tallies' keys may come in another order: nothing
        reads them in that order).
        """
        self.records += 1
        status = record["status"]
        if status == "error":
            self.unreadable += 1
            if len(self.errors) < ERROR_CAP:
                self.errors.append((record["source"], record["error"] or ""))
            return
        fmt = record.get("format") or "native"
        try:
            by_format = self.by_format[fmt]
        except KeyError:
            by_format = self.by_format[fmt] = [0, 0, 0]
        if status == "skipped":
            self.skipped_records += 1
            by_format[2] += 1
            if len(self.skips) < ERROR_CAP:
                self.skips.append((record["source"], record["error"] or ""))
            return
        failed = status == "fail"
        by_format[0] += 1
        if failed:
            self.failed += 1
            by_format[1] += 1
        else:
            self.passed += 1
        if not_evaluable:
            by_code = self.not_evaluable.setdefault(fmt, {})
            for code, reason in not_evaluable.items():
                reasons = by_code.setdefault(code, {})
                reasons[reason] = reasons.get(reason, 0) + 1
        vios = record["violations"]
        n = len(vios)
        if n:
            self.violations += n
            by_severity = self.by_severity
            by_rule = self.by_rule
            seen: set[str] = set()
            for v in vios:
                code = v["code"]
                sev = v["severity"]
                try:
                    by_severity[sev] += 1
                except KeyError:
                    by_severity[sev] = 1
                try:
                    row = by_rule[code]
                except KeyError:
                    row = by_rule[code] = [0, 0]
                    self.rule_names[code] = v["rule"]
                row[1] += 1
                if code not in seen:
                    seen.add(code)
                    row[0] += 1
        proc = record["procedure_code"]
        proc_key = proc.strip() if isinstance(proc, str) else ""
        month = received_date[:7]
        # The three groups' rows looked up together: a key is new only on its group's first dossier, and a
        # subscript costs less than a call per group (this runs for every dossier of an audit). Each row is
        # counted on its own line, without a tuple of the three to loop over.
        try:
            proc_row, unit_row, month_row = (
                self.by_procedure[proc_key],
                self.by_unit[unit],
                self.by_month[month],
            )
        except KeyError:
            proc_row = _row(self.by_procedure, proc_key)
            unit_row = _row(self.by_unit, unit)
            month_row = _row(self.by_month, month)
        proc_row[0] += 1
        unit_row[0] += 1
        month_row[0] += 1
        if failed or n:  # a dossier with a failure or findings (most have neither): those too
            proc_row[1] += failed
            proc_row[2] += n
            unit_row[1] += failed
            unit_row[2] += n
            month_row[1] += failed
            month_row[2] += n
        if facts is not None:
            if later is None:  # counted now, as a group of one
                self.count_later({facts: ({proc_key: 1}, {unit: 1}, {month: 1})})
            else:
                try:
                    by_proc, by_unit, by_month = later[facts]
                except KeyError:
                    by_proc, by_unit, by_month = later[facts] = ({}, {}, {})
                try:
                    by_proc[proc_key] += 1
                except KeyError:
                    by_proc[proc_key] = 1
                try:
                    by_unit[unit] += 1
                except KeyError:
                    by_unit[unit] = 1
                try:
                    by_month[month] += 1
                except KeyError:
                    by_month[month] = 1
        if failed and keep_detail and len(self.failing) < DETAIL_CAP:
            kept = [(v["code"], v["severity"], v["path"], v["message"]) for v in vios[:VIOLATION_CAP]]
            self.failing.append(
                FailingDossier(
                    record["source"],
                    record["dossier_code"],
                    proc,
                    unit,
                    received_date,
                    kept,
                    max(0, n - VIOLATION_CAP),
                )
            )

    def count_later(self, later: FactsLater) -> None:
        """Count the facts :meth:`add_record` set aside in ``later`` into the indicators, and empty it."""
        tables = self.indicators
        for facts, groups in later.items():
            for dim, counts in zip(_DIMENSIONS, groups, strict=True):
                table = tables.setdefault(dim, {})  # the first facts make every dimension, in this order
                for key, times in counts.items():
                    tally = table.get(key)
                    if tally is None:
                        tally = table[key] = IndicatorTally()
                    add_facts((tally,), facts, times)
        later.clear()

    def indicator_total(self) -> IndicatorTally:
        """The indicators over every checked dossier (empty when none had facts): the sum of the procedures'
        tallies, a few merges once per report instead of a fourth tally counted for every dossier."""
        total = IndicatorTally()
        for tally in self.indicators.get("procedure", {}).values():
            total.merge(tally)
        return total

    def indicator_rows(self, dim: str) -> list[tuple[str, IndicatorTally]]:
        """The indicators per key of ``dim`` (``unit``, ``procedure`` or ``month``), by key."""
        return sorted(self.indicators.get(dim, {}).items())

    def group_units(self) -> None:
        """Group the receiving units as names compare (:func:`~dossier_check._text.normalize_name`: NFC,
        case-folded, white space folded), once the run is merged and before anything renders it.

        While checking, ``by_unit``, ``indicators["unit"]`` and the failing dossiers' ``receiving_unit``
        are keyed by :func:`unit_key`'s spelling (case kept): a task counts the spellings it sees, and the
        counts add up in :meth:`merge`. Here each group of spellings of one unit becomes one key, the
        spelling most dossiers were checked under (ties: the smallest string), so the name shown is a real
        spelling and the same whatever the input order and however the input was cut into tasks. When no
        two spellings fold to the same name (the common case) nothing changes.
        """
        by_unit = self.by_unit
        table = self.indicators.get("unit", {})
        # A dossier with facts is a checked one, so every indicator key is in by_unit: the rest is a guard.
        spellings_seen = [*by_unit, *(k for k in table if k not in by_unit)]
        groups: dict[str, list[str]] = {}
        for spelling in spellings_seen:
            groups.setdefault(normalize_name(spelling), []).append(spelling)
        if len(groups) == len(spellings_seen):
            return  # no two spellings of one unit
        shown: dict[str, str] = {}
        for spellings in groups.values():
            name = min(spellings, key=lambda s: (-by_unit.get(s, (0,))[0], s))
            for spelling in spellings:
                shown[spelling] = name
        rows: dict[str, list[int]] = {}
        for spelling, row in by_unit.items():
            have = rows.get(shown[spelling])
            if have is None:
                rows[shown[spelling]] = list(row)
            else:
                for i, n in enumerate(row):
                    have[i] += n
        self.by_unit = rows
        if "unit" in self.indicators:
            tallies: dict[str, IndicatorTally] = {}
            for spelling, tally in table.items():
                tallies.setdefault(shown[spelling], IndicatorTally()).merge(tally)
            self.indicators["unit"] = tallies
        for f in self.failing:
            f.receiving_unit = shown.get(f.receiving_unit, f.receiving_unit)

    def merge(self, other: AuditSummary) -> None:
        """Add ``other`` (the next chunk in input order) to this summary."""
        self.records += other.records
        self.passed += other.passed
        self.failed += other.failed
        self.unreadable += other.unreadable
        self.violations += other.violations
        for k, n in other.by_severity.items():
            self.by_severity[k] = self.by_severity.get(k, 0) + n
        self.rule_names.update(other.rule_names)
        for mine, theirs in (
            (self.by_rule, other.by_rule),
            (self.by_procedure, other.by_procedure),
            (self.by_unit, other.by_unit),
            (self.by_month, other.by_month),
        ):
            for key, row in theirs.items():
                have = mine.get(key)
                if have is None:
                    mine[key] = list(row)
                else:
                    for i, n in enumerate(row):
                        have[i] += n
        room = DETAIL_CAP - len(self.failing)
        if room > 0:
            self.failing.extend(other.failing[:room])
        room = ERROR_CAP - len(self.errors)
        if room > 0:
            self.errors.extend(other.errors[:room])
        self.skipped.extend(other.skipped)
        self.skipped_records += other.skipped_records
        room = ERROR_CAP - len(self.skips)
        if room > 0:
            self.skips.extend(other.skips[:room])
        for fmt, row in other.by_format.items():
            have = self.by_format.setdefault(fmt, [0, 0, 0])
            for i, n in enumerate(row):
                have[i] += n
        for fmt, by_code in other.not_evaluable.items():
            mine_codes = self.not_evaluable.setdefault(fmt, {})
            for code, reasons in by_code.items():
                mine_reasons = mine_codes.setdefault(code, {})
                for reason, n in reasons.items():
                    mine_reasons[reason] = mine_reasons.get(reason, 0) + n
        for dim, table in other.indicators.items():
            mine_table = self.indicators.setdefault(dim, {})
            for key, tally in table.items():
                mine_table.setdefault(key, IndicatorTally()).merge(tally)


@dataclass(frozen=True)
class InputFile:
    """One input file as the report header records it (``sha256`` None when it could not be read)."""

    path: str
    size: int | None
    sha256: str | None


@dataclass(frozen=True)
class ReportMeta:
    """What the report header records about the run."""

    version: str
    generated_at: str
    as_of: str
    inputs: Sequence[str]
    files: Sequence[InputFile]
    file_count: int
    catalog: Sequence[tuple[str, str, str, str, str]]
    """``(code, name, decision, valid_from, valid_to or "")`` per procedure version."""
    select: str = ""
    ignore: str = ""
