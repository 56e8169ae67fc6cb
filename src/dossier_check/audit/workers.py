"""The workers: read one task, check each record, serialise the output and count it in a summary.

The same code runs in worker processes and, with ``--jobs 1``, in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from ..catalog import load_catalog
from ..config import Settings
from ..engine import Checker, load_config
from ..indicators import FACTS_FAILED, DossierFacts, dossier_facts
from ..reasons import Reason, os_error, register_reason
from ..render import csv as csv_out
from ..render.records import (
    _EMPTY_SOURCE_HEAD,
    after_empty_source,
    build_record,
    error_record,
    record_line,
    source_prefix,
)
from ..rules._context import Context
from ..rules._keys import RECEIVED_AT, RECEIVING_UNIT
from ..sources import InputRecord, _texts, iter_file
from ..sources.joins import RunJoins, Seen
from ..sources.native import range_records
from ..summary import _DATES, _UNIT_KEYS, AuditSummary, FactsLater, received_date, unit_key
from .plan import Task
from .signals import die_with_parent

register_reason(
    "record_failed",
    vi="lỗi nội bộ khi ghi kết quả của bản ghi này ({error}); xin báo cho nhóm phát triển",
    en="internal error while writing this record's result ({error}); please report it",
)

SPILL_BYTES = 32 << 20
"""A task's serialised output beyond this goes to a temporary file instead of memory."""
REL = "\x00"  # marks a summary entry whose source is a line number relative to its task


@dataclass
class State:
    """What every task of one run needs; set once per worker process (or in this process for jobs=1)."""

    checker: Checker
    fmt: str
    keep_detail: bool
    tmpdir: str
    progress: Callable[[int], None]
    joins: RunJoins | None = None  # None: every record is checked as it is read (native, no book)
    csv_delimiter: str = ","


@dataclass
class Result:
    """A task's output: serialised parts (ints are relative line numbers), a spill file, its summary."""

    parts: list[bytes | int]
    spill: str | None
    newlines: int
    summary: AuditSummary
    seen: Seen | None = None


_STATE: State | None = None


class Emitter:
    """Serialises the records of one task in the run's format and counts them."""

    def __init__(self, state: State, task: Task) -> None:
        self.state = state
        self.task = task
        self.fmt = state.fmt
        self.parts: list[bytes | int] = []
        self.size = 0
        self.spill: str | None = None
        self._spill_file: BinaryIO | None = None
        self.summary = AuditSummary()
        self.facts_later: FactsLater = {}  # the task's indicator facts, counted together at its end
        self.pending = 0
        prefix = task.path + ":"
        self.json_prefix = source_prefix(prefix)
        self.json_prefix_size = len(self.json_prefix)
        delimiter = state.csv_delimiter
        self.csv_open, self.csv_close = csv_out.source_cell(prefix, delimiter)
        self.csv_rows = csv_out.RowWriter(state.checker.lang, delimiter)
        self.csv_sep = delimiter.encode("ascii")
        self.xlsx_prefix = b""
        self.xlsx_out: Any = None
        if self.fmt == "xlsx":  # a run of another format never imports the workbook writer
            from ..render import xlsx as xlsx_out

            self.xlsx_out = xlsx_out
            self.xlsx_prefix = xlsx_out.row_prefix(prefix)

    def add(self, item: InputRecord, rel: int | None = None) -> None:
        """Check one input record (``rel``: its line number relative to the task) and emit its output.

        Whatever fails for this record (a value the output cannot hold, a bug) makes it an error record
        that says so; the other records of the task are not touched.
        """
        try:
            self._add(item, rel)
        except Exception as exc:
            self._failed(item, rel, exc)

    def add_all(self, items: Iterable[tuple[int | None, InputRecord]]) -> None:
        """:meth:`add` each input record (with its line number relative to the task, or None), the loop here:
        a call less a record."""
        add = self._add
        for rel, item in items:
            try:
                add(item, rel)
            except Exception as exc:
                self._failed(item, rel, exc)

    def _failed(self, item: InputRecord, rel: int | None, exc: Exception) -> None:
        """The error record of ``item``, whose output failed with ``exc``."""
        why = Reason("record_failed", {"error": f"{type(exc).__name__}: {exc}"})
        self._add(InputRecord(item.source, error=why, format=item.format), rel)

    def _add(self, item: InputRecord, rel: int | None) -> None:
        unevaluable: Mapping[str, str] = _NONE
        seen: list[Context] = []
        try:
            record, unevaluable = build_record(self.state.checker, item, seen.append)
        except Exception as exc:  # a checker bug must not stop the audit: report it on this record
            why = Reason(_texts.INTERNAL_CHECK, {"error": f"{type(exc).__name__}: {exc}"})
            record = error_record(item.source, why.render(self.state.checker.lang), format=item.format)
            seen = []
        unit = date = ""
        raw_unit: object = None
        data = item.data
        status = record["status"]
        if (status == "pass" or status == "fail") and isinstance(data, dict):
            # unit_key and received_date, their memo's hit read here (a batch names a handful of units and
            # repeats its receipt times): a call each only for a text seen first, or no text
            raw_unit = data.get(RECEIVING_UNIT)
            found = _UNIT_KEYS.get(raw_unit) if type(raw_unit) is str else None
            unit = unit_key(raw_unit) if found is None else found
            received = data.get(RECEIVED_AT)
            found = _DATES.get(received) if type(received) is str else None
            date = received_date(received) if found is None else found
        # Serialise and count first, emit last: a failure leaves no half-written record behind.
        fmt = self.fmt
        out: list[bytes | int] | tuple[bytes | int, ...] = ()
        held = 0  # the bytes of ``out``
        if fmt == "jsonl":
            line = record_line(record)
            if rel is None:
                out = (line,)
                held = len(line)
            else:  # ``source`` is "" (or its place inside the line, "#0"): the prefix, the line number, the rest
                rest = line[_EMPTY_SOURCE_HEAD:]  # after_empty_source(line), without its call
                out = (self.json_prefix, rel, rest)
                held = self.json_prefix_size + len(rest)
        elif fmt == "json":
            tail = record_line(record)[:-1]
            out = (
                (b",\n" + tail,)
                if rel is None
                else (b",\n" + self.json_prefix, rel, after_empty_source(tail))
            )
            held = _held(out)
        elif fmt == "csv":
            out = self._csv_rows(record, raw_unit if isinstance(raw_unit, str) else "", date, rel)
            held = _held(out)
        elif fmt == "xlsx":
            out = self._xlsx_rows(record, raw_unit if isinstance(raw_unit, str) else "", date, rel)
            held = _held(out)
        if rel is not None and status != "pass":  # the summary keeps the source of no passing record
            record["source"] = f"{REL}{rel}{record['source']}"
        facts: DossierFacts | None = None
        if seen:
            # A bug in the facts must not cost the dossier its verdict: it is left out of the indicators, with
            # that reason.
            try:
                facts = dossier_facts(seen[0], item.format)
            except Exception:
                facts = FACTS_FAILED
        self.summary.add_record(
            record, unit, date, self.state.keep_detail, unevaluable, facts, self.facts_later
        )
        size = self.size + held
        self.parts += out
        self.size = size
        if size > SPILL_BYTES:
            self._spill()
        self.pending += 1
        if self.pending >= 256:
            self.state.progress(self.pending)
            self.pending = 0

    def _csv_rows(self, record: dict[str, Any], unit: str, date: str, rel: int | None) -> list[bytes | int]:
        body = self.csv_rows.rows(record, unit, date)
        if not body:
            return []
        if rel is None:
            src_open, src_close = csv_out.source_cell(record["source"], self.state.csv_delimiter)
            return [b"".join(src_open + src_close + self.csv_sep + row + b"\r\n" for row in body)]
        inside = record["source"].encode("utf-8")  # "" or "#0", "#/data/3": nothing to quote
        out: list[bytes | int] = []
        for row in body:
            out += (self.csv_open, rel, inside + self.csv_close + self.csv_sep + row + b"\r\n")
        return out

    def _xlsx_rows(self, record: dict[str, Any], unit: str, date: str, rel: int | None) -> list[bytes | int]:
        xlsx_out = self.xlsx_out
        out: list[bytes | int] = []
        for cells in xlsx_out.finding_cells(record, unit, date):
            if rel is None:
                out.append(xlsx_out.row_line(record["source"], cells))
            else:  # the source is the path and a line number the parent fills in
                out += (self.xlsx_prefix, rel, xlsx_out.row_line(record["source"], cells)[2:])
        return out

    def _spill(self) -> None:
        """The parts held so far to the task's spill file: a task's output is never held whole."""
        if self._spill_file is None:
            fd, self.spill = tempfile.mkstemp(prefix="part-", dir=self.state.tmpdir)
            self._spill_file = os.fdopen(fd, "wb")
        pickle.dump(self.parts, self._spill_file, protocol=pickle.HIGHEST_PROTOCOL)
        self.parts = []
        self.size = 0

    def finish(self, newlines: int, seen: Seen | None = None) -> Result:
        self.summary.count_later(self.facts_later)
        if self._spill_file is not None:
            self._spill_file.close()
        if self.pending:
            self.state.progress(self.pending)
            self.pending = 0
        return Result(self.parts, self.spill, newlines, self.summary, seen)


_NONE: Mapping[str, str] = {}


def _held(parts: Iterable[bytes | int]) -> int:
    """The bytes of a record's serialised parts (the line numbers among them hold none)."""
    return sum(len(part) for part in parts if isinstance(part, bytes))


def run_task(task: Task) -> Result:
    """Read, check and serialise one task; never raises (a failure becomes an error record)."""
    state = _STATE
    assert state is not None, "worker not initialised"
    em = Emitter(state, task)
    newlines = 0
    limit = state.checker.settings.max_record_size
    joins = state.joins
    seen = Seen() if joins is not None else None
    plain = joins is not None and joins.native_only()  # the index is complete: the workers only read it

    def check_all(items: Iterable[tuple[int | None, InputRecord]]) -> None:
        """Check each input record (with its line number relative to the task, or None) and emit it."""
        if joins is None or seen is None:  # native records: each checked as it is read
            em.add_all(items)
            return
        # Native dossiers with nothing to map or join them to (all of a native export, mostly) go straight to
        # the emitter when the index is complete; the rest are expanded, mapped and joined first.
        passes = joins.passes if plain else None
        for rel, item in items:
            if passes is not None and passes(item):
                seen.dossiers = True
                em.add(item, rel)
                continue
            try:
                parts = joins.records(item, seen)  # progress rows are indexed here
            except Exception as exc:  # a reader bug costs this record only, said on it
                why = Reason(_texts.INTERNAL_RECORD, {"error": f"{type(exc).__name__}: {exc}"})
                parts = [InputRecord(item.source, error=why, format=item.format)]
            for part in parts:
                em.add(part, rel)

    try:
        if task.kind == "missing":
            em.add(InputRecord(task.path, error=Reason(_texts.NO_SUCH_FILE)))
        elif task.kind == "record":
            assert task.note is not None
            em.add(task.note)
        elif task.kind == "lines":
            newlines, items = range_records(task.path, task.start, task.end, limit)
            check_all(items)
        else:
            check_all((None, item) for item in iter_file(task.path, limit))
    except OSError as exc:
        em.add(InputRecord(task.path, error=Reason(_texts.CANNOT_READ, {"error": os_error(exc)})))
    except Exception as exc:
        where = f" (bytes {task.start}–{task.end})" if task.kind == "lines" else ""
        why = Reason(_texts.INTERNAL_READ, {"where": where, "error": f"{type(exc).__name__}: {exc}"})
        em.add(InputRecord(task.path, error=why))
    return em.finish(newlines, seen)


def init_worker(
    blob: Checker | bytes,
    rebuild: dict[str, Any] | None,
    fmt: str,
    keep: bool,
    tmpdir: str,
    joins: RunJoins | None,
    delimiter: str,
    parent: int,
    counter: Any,
) -> None:
    """Pool initializer: take the run's checker and joins (inherited as they are when the worker is forked,
    else the checker rebuilt from ``blob`` or ``rebuild`` and the joins pickled once for it); Ctrl-C is the
    parent's to handle, and the worker dies with its parent (``parent``: its process id)."""
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not run the parent's handler
    die_with_parent(parent)
    if isinstance(blob, Checker):  # forked: the parent's own checker, inherited
        checker = blob
    else:
        checker = pickle.loads(blob) if rebuild is None else _rebuild_checker(rebuild)

    def progress(n: int) -> None:
        with counter.get_lock():
            counter.value += n

    if joins is not None:
        joins.catalog = checker.catalog  # not pickled with the joins: the checker's, whatever it is
    _STATE = State(checker, fmt, keep, tmpdir, progress, joins, delimiter)
    gc.freeze()  # the worker's own checker, as the parent froze its heap: no full collection walks them


@contextlib.contextmanager
def in_this_process(state: State) -> Iterator[None]:
    """Run tasks in this process with ``state`` (``--jobs 1``), as a worker would after its initializer."""
    global _STATE
    saved = _STATE
    _STATE = state
    try:
        yield
    finally:
        _STATE = saved


def _rebuild_checker(spec: dict[str, Any]) -> Checker:
    settings = load_config(spec["config"]) if spec["config"] else Settings.default()
    return Checker(
        load_catalog(*spec["catalog"]),
        settings=settings,
        as_of=spec["as_of"],
        lang=spec["lang"],
        select=spec["select"],
        ignore=spec["ignore"],
    )


def failed_output(state: State, task: Task, reason: str | Reason) -> Result:
    """An error record for a task whose worker failed, serialised like any other."""
    em = Emitter(state, task)
    em.add(InputRecord(task.path, error=reason))
    return em.finish(0)


def local_output(state: State, task: Task) -> Result:
    """The output of a task the parent runs itself (a record the walk made, or one the index step of the
    joins read: ``task.note``), serialised like any other."""
    em = Emitter(state, task)
    assert task.note is not None
    em.add(task.note)
    return em.finish(0)
