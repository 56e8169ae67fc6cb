"""``dossier-check audit``: check whole exports in parallel and summarise them for inspectors.

How a run goes:

* The parent only *plans*: it walks the paths (in the order given; directories sorted) and cuts every
  plain JSON Lines file into byte ranges of :data:`CHUNK_BYTES`; every other file (``.json``, ``.zip``,
  ``.gz``) is one task. It never parses a dossier.
* Workers (``--jobs N``, default all cores; ``--jobs 1`` runs in this process) read their own input —
  a byte range starts at the first line that begins inside it — check each record and return their
  output already serialised (bytes) plus a small :class:`~dossier_check.summary.AuditSummary`.
  A JSON array is read element by element, so no export is ever held whole in memory; a worker's output
  beyond :data:`SPILL_BYTES` goes to a temporary file. A byte-range worker cannot know the absolute line
  numbers of its lines, so its output carries relative numbers that the parent fills in when it writes.
* The parent writes the results in input order (file order, then line or index), so the output is
  byte-for-byte the same whatever ``--jobs`` is, and merges the summaries in the same order.

Outputs (stdout or ``--output FILE``):

* ``jsonl``: one SPEC §7 record per dossier, exactly as :func:`~dossier_check.render.records.record_for`
  builds it and :func:`~dossier_check.render.records.record_line` serialises it; ``json``: the same
  records as one array.
* ``csv``: one row per violation plus one row per unreadable input (:mod:`dossier_check.render.csv`).
* ``text``: the summary tables (by rule, procedure, receiving unit, month of receipt).

This module runs the audit; what it reads is :mod:`dossier_check.sources`' business, what it counts
:mod:`dossier_check.summary`'s, and how it prints :mod:`dossier_check.render`'s.

For ``jsonl``, ``json`` and ``csv`` the summary tables go to stderr (``--quiet``: only the totals line),
and to the HTML report with ``--report``. A progress bar is drawn on stderr when it is a terminal and
``--quiet`` is not given.

Nothing is silent: every input ends up as records (unreadable input as a record with status ``error`` and
its reason) and files passed over while walking directories are counted. Exit status (SPEC §7): 3 when
any input could not be read, else 1 when any dossier fails, else 0 (``--exit-zero`` turns 1 into 0).
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import hashlib
import io
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from . import __version__
from .catalog import load_catalog
from .config import Settings
from .engine import Checker, load_config
from .render import csv as csv_out
from .render.html import render_html
from .render.records import after_empty_source, error_record, record_for, record_line, source_prefix
from .render.text import text_tables, totals_line
from .sources import InputRecord, iter_file, walk
from .sources.files import file_kind
from .sources.native import range_records
from .summary import AuditSummary, InputFile, ReportMeta, unit_key
from .timeutil import VN_OFFSET, parse_when

__all__ = ["CHUNK_BYTES", "SPILL_BYTES", "run_audit"]

CHUNK_BYTES = 4 << 20
"""Size of the byte ranges a JSON Lines file is cut into (one task each)."""
SPILL_BYTES = 32 << 20
"""A task's serialised output beyond this goes to a temporary file instead of memory."""
FILE_CAP = 1000
"""Input files listed (with their SHA-256) in the HTML report header."""
HASH_BLOCK = 1 << 20
"""Bytes hashed per step, between other work."""
_REL = "\x00"  # marks a summary entry whose source is a line number relative to its task


# --- planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """One unit of work: a byte range of a JSON Lines file, a whole file, or a missing path."""

    kind: str  # "lines" | "file" | "missing"
    path: str
    start: int = 0
    end: int = 0
    size: int = 0


@dataclass
class _Plan:
    tasks: list[_Task] = field(default_factory=list)
    files: list[tuple[str, int | None]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _plan(paths: list[str], chunk: int) -> _Plan:
    plan = _Plan()
    for p in paths:
        found = walk([p])
        plan.skipped.extend(found.skipped)  # hidden entries and files of other types
        for m in found.missing:
            plan.tasks.append(_Task("missing", m))
        for f in found.files:
            name = str(f)
            try:
                size: int | None = f.stat().st_size if f.is_file() else None
            except OSError:
                size = None
            plan.files.append((name, size))
            if file_kind(f.name) == "jsonl" and size is not None:
                if size == 0:
                    plan.tasks.append(_Task("lines", name, 0, 0, 0))
                for start in range(0, size, chunk):
                    end = min(start + chunk, size)
                    plan.tasks.append(_Task("lines", name, start, end, end - start))
            else:
                plan.tasks.append(_Task("file", name, size=size or 0))
    return plan


# --- checking and serialising (in the workers) ------------------------------------------------------


@dataclass
class _State:
    """What every task of one run needs; set once per worker process (or in this process for jobs=1)."""

    checker: Checker
    fmt: str
    keep_detail: bool
    tmpdir: str
    progress: Callable[[int], None]


@dataclass
class _Result:
    parts: list[bytes | int]
    spill: str | None
    newlines: int
    summary: AuditSummary


_STATE: _State | None = None


class _Emitter:
    """Serialises the records of one task in the run's format and counts them."""

    def __init__(self, state: _State, task: _Task) -> None:
        self.state = state
        self.task = task
        self.fmt = state.fmt
        self.parts: list[bytes | int] = []
        self.size = 0
        self.spill: str | None = None
        self._spill_file: BinaryIO | None = None
        self.summary = AuditSummary()
        self.pending = 0
        prefix = task.path + ":"
        self.json_prefix = source_prefix(prefix)
        self.csv_open, self.csv_close = csv_out.source_cell(prefix)
        self.csv_rows = csv_out.RowWriter()

    def add(self, item: InputRecord, rel: int | None = None) -> None:
        """Check one input record (``rel``: its line number relative to the task) and emit its output."""
        try:
            record = record_for(self.state.checker, item)
        except Exception as exc:  # a checker bug must not stop the audit: report it on this record
            record = error_record(
                item.source,
                f"internal error while checking this dossier ({type(exc).__name__}: {exc}); please report it",
            )
        unit = date = ""
        raw_unit: object = None
        data = item.data
        if record["status"] != "error" and isinstance(data, dict):
            raw_unit = data.get("receiving_unit")
            unit = unit_key(raw_unit)
            w = parse_when(data.get("received_at"))
            if w is not None:
                date = w.local.date().isoformat()
        fmt = self.fmt
        if fmt == "jsonl" or fmt == "json":
            line = record_line(record)
            lead = b",\n" if fmt == "json" else b""
            tail = line[:-1] if fmt == "json" else line
            if rel is None:
                self._put(lead + tail)
            else:  # ``source`` was "": put the prefix, the line number, then the rest from the closing quote
                self._put(lead + self.json_prefix)
                self.parts.append(rel)
                self._put(after_empty_source(tail))
        elif fmt == "csv":
            self._csv_rows(record, raw_unit if isinstance(raw_unit, str) else "", date, rel)
        if rel is not None:
            record["source"] = f"{_REL}{rel}"
        self.summary.add_record(record, unit, date, self.state.keep_detail)
        self.pending += 1
        if self.pending >= 256:
            self.state.progress(self.pending)
            self.pending = 0

    def _csv_rows(self, record: dict[str, Any], unit: str, date: str, rel: int | None) -> None:
        body = self.csv_rows.rows(record, unit, date)
        if not body:
            return
        if rel is None:
            src_open, src_close = csv_out.source_cell(record["source"])
            self._put(b"".join(src_open + src_close + b"," + row + b"\r\n" for row in body))
        else:
            for row in body:
                self._put(self.csv_open)
                self.parts.append(rel)
                self._put(self.csv_close + b"," + row + b"\r\n")

    def _put(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size > SPILL_BYTES:
            if self._spill_file is None:
                fd, self.spill = tempfile.mkstemp(prefix="part-", dir=self.state.tmpdir)
                self._spill_file = os.fdopen(fd, "wb")
            pickle.dump(self.parts, self._spill_file, protocol=pickle.HIGHEST_PROTOCOL)
            self.parts = []
            self.size = 0

    def finish(self, newlines: int) -> _Result:
        if self._spill_file is not None:
            self._spill_file.close()
        if self.pending:
            self.state.progress(self.pending)
            self.pending = 0
        return _Result(self.parts, self.spill, newlines, self.summary)


def _run_task(task: _Task) -> _Result:
    """Read, check and serialise one task; never raises (a failure becomes an error record)."""
    state = _STATE
    assert state is not None, "worker not initialised"
    em = _Emitter(state, task)
    newlines = 0
    try:
        if task.kind == "missing":
            em.add(InputRecord(task.path, error="no such file or directory"))
        elif task.kind == "lines":
            newlines, items = range_records(task.path, task.start, task.end)
            for rel, item in items:
                em.add(item, rel)
        else:
            for item in iter_file(task.path):
                em.add(item)
    except OSError as exc:
        em.add(InputRecord(task.path, error=f"cannot read: {exc.strerror or exc}"))
    except Exception as exc:
        where = f" (bytes {task.start}–{task.end})" if task.kind == "lines" else ""
        em.add(
            InputRecord(
                task.path,
                error=f"internal error while reading{where} ({type(exc).__name__}: {exc}); the rest was not read",
            )
        )
    return em.finish(newlines)


def _init_worker(
    blob: bytes, rebuild: dict[str, Any] | None, fmt: str, keep: bool, tmpdir: str, counter: Any
) -> None:
    """Pool initializer: rebuild the checker once per worker; Ctrl-C is the parent's to handle."""
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = pickle.loads(blob) if rebuild is None else _rebuild_checker(rebuild)

    def progress(n: int) -> None:
        with counter.get_lock():
            counter.value += n

    _STATE = _State(checker, fmt, keep, tmpdir, progress)


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


# --- writing (in the parent) ------------------------------------------------------------------------


class _Writer:
    """Writes task results in input order, filling in line numbers and the JSON array's punctuation."""

    def __init__(self, sink: BinaryIO, fmt: str) -> None:
        self.sink = sink
        self.fmt = fmt
        self.any = False
        self.next_line: dict[str, int] = {}
        self.summary = AuditSummary()
        if fmt == "csv":
            sink.write(csv_out.header())

    def _blob(self, parts: list[bytes | int], base: int) -> bytes:
        blob = b"".join(p if type(p) is bytes else b"%d" % (base + p) for p in parts)  # type: ignore[operator]
        if self.fmt == "json" and blob:
            blob = (b"[\n" + blob[2:]) if not self.any else blob
            self.any = True
        return blob

    def write(self, task: _Task, result: _Result) -> None:
        base = 0
        if task.kind == "lines":
            base = self.next_line.get(task.path, 1)
            self.next_line[task.path] = base + result.newlines
        if self.fmt != "text":
            if result.spill is not None:
                with open(result.spill, "rb") as f:
                    while True:
                        try:
                            batch = pickle.load(f)
                        except EOFError:
                            break
                        self.sink.write(self._blob(batch, base))
                os.unlink(result.spill)
            self.sink.write(self._blob(result.parts, base))
        summary = result.summary
        if task.kind == "lines":
            for fd in summary.failing:
                if fd.source.startswith(_REL):
                    fd.source = f"{task.path}:{base + int(fd.source[1:])}"
            summary.errors = [
                (f"{task.path}:{base + int(s[1:])}" if s.startswith(_REL) else s, r)
                for s, r in summary.errors
            ]
        self.summary.merge(summary)

    def close(self) -> None:
        if self.fmt == "json":
            self.sink.write(b"\n]\n" if self.any else b"[]\n")
        self.sink.flush()


class _TextSink(io.RawIOBase):
    """Bytes to a text stream without a binary buffer (e.g. a StringIO in tests)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.out.write(self.decoder.decode(bytes(b)))
        return len(b)

    def flush(self) -> None:
        self.out.flush()


# --- progress and hashing (in the parent) -----------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal (dossiers done, rate, share of input read); else silent."""

    def __init__(self, stream: TextIO, enabled: bool, total_bytes: int, lang: str) -> None:
        """``enabled`` is honoured only when ``stream`` is a terminal."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.stream = stream
        self.enabled = enabled and tty
        self.total = max(total_bytes, 1)
        self.lang = lang
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, records: int, bytes_done: int, *, force: bool = False) -> None:
        """Redraw (at most ~8 times a second) with ``records`` checked and ``bytes_done`` read."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.125:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        share = min(bytes_done / self.total, 1.0)
        width = 24
        filled = int(width * share)
        rate = records / elapsed
        mins, secs = divmod(int(elapsed), 60)
        if self.lang == "vi":
            words = f"{records:,} hồ sơ  {rate:,.0f} hồ sơ/giây".replace(",", ".")
        else:
            words = f"{records:,} dossiers  {rate:,.0f}/s"
        line = f"\r[{'█' * filled}{'░' * (width - filled)}] {share:4.0%}  {words}  {mins:02d}:{secs:02d}"
        try:
            self.stream.write(line + "\x1b[K")
            self.stream.flush()
            self.shown = True
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        """Erase the bar."""
        if self.enabled and self.shown:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass


class _Hasher:
    """SHA-256 of the input files, computed a block at a time between other work."""

    def __init__(self, files: list[tuple[str, int | None]]) -> None:
        self.todo = deque(files[:FILE_CAP])
        self.done: list[InputFile] = []
        self.current: tuple[str, int | None, Any, Any] | None = None

    def step(self) -> bool:
        """Hash the next block; False once every file is done."""
        if self.current is None:
            if not self.todo:
                return False
            path, size = self.todo.popleft()
            try:
                self.current = (path, size, open(path, "rb"), hashlib.sha256())  # noqa: SIM115 - closed when done
            except OSError:
                self.done.append(InputFile(path, size, None))
                return True
        path, size, f, h = self.current
        try:
            block = f.read(HASH_BLOCK)
        except OSError:
            f.close()
            self.done.append(InputFile(path, size, None))
            self.current = None
            return True
        if block:
            h.update(block)
            return True
        f.close()
        self.done.append(InputFile(path, size, h.hexdigest()))
        self.current = None
        return True

    def finish(self) -> list[InputFile]:
        while self.step():
            pass
        return self.done


# --- the run ----------------------------------------------------------------------------------------


def _mp_context() -> Any:
    # fork starts workers fastest and shares the loaded catalogue; it is only safe without other threads.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _failed_output(state: _State, task: _Task, reason: str) -> _Result:
    """An error record for a task whose worker failed, serialised like any other."""
    em = _Emitter(state, task)
    em.add(InputRecord(task.path, error=reason))
    return em.finish(0)


def _run_in_process(tasks: list[_Task], state: _State, writer: _Writer, progress: Progress) -> None:
    global _STATE
    saved = _STATE
    _STATE = state
    seen = [0, 0]  # records, bytes

    def tick(n: int) -> None:
        seen[0] += n
        progress.update(seen[0], seen[1])

    state.progress = tick
    try:
        for task in tasks:
            writer.write(task, _run_task(task))
            seen[1] += task.size
            progress.update(seen[0], seen[1])
    finally:
        _STATE = saved


def _run_pool(
    tasks: list[_Task],
    jobs: int,
    init: tuple[Any, ...],
    writer: _Writer,
    progress: Progress,
    hasher: _Hasher | None,
    local: _State,
) -> None:
    ctx = _mp_context()
    counter = ctx.Value("q", 0)
    initargs = (*init, counter)
    window = jobs * 4
    pending: deque[tuple[_Task, Future[_Result], int]] = deque()
    next_i = 0
    done_bytes = 0

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=initargs
        )

    ex = start()
    try:
        while next_i < len(tasks) or pending:
            while next_i < len(tasks) and len(pending) < window:
                pending.append((tasks[next_i], ex.submit(_run_task, tasks[next_i]), 0))
                next_i += 1
            task, fut, tries = pending[0]
            while not fut.done():
                if hasher is None or not hasher.step():
                    wait([fut], timeout=0.1)
                progress.update(counter.value, done_bytes)
            pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory…): restart the pool and run what was in flight once more.
                _stop(ex)
                ex = start()
                again = [(task, tries), *((t, n) for t, _f, n in pending)]
                pending.clear()
                for t, n in again:
                    if n >= 1:
                        died = "a worker process stopped unexpectedly while reading this input"
                        pending.append((t, _done(_failed_output(local, t, died)), n))
                    else:
                        pending.append((t, ex.submit(_run_task, t), n + 1))
                continue
            except Exception as exc:
                result = _failed_output(local, task, f"internal error ({type(exc).__name__}: {exc})")
            writer.write(task, result)
            done_bytes += task.size
            progress.update(counter.value, done_bytes)
    except BaseException:
        _stop(ex)
        raise
    ex.shutdown(wait=True)


def _done(result: _Result) -> Future[_Result]:
    fut: Future[_Result] = Future()
    fut.set_result(result)
    return fut


def _stop(ex: ProcessPoolExecutor) -> None:
    processes = list(getattr(ex, "_processes", {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(OSError, AttributeError):
            p.terminate()


def _open_sink(output: str | None, out: TextIO) -> tuple[BinaryIO, Callable[[], None]]:
    if output:
        f = open(output, "wb")  # noqa: SIM115 - closed by the returned callback
        return f, f.close
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        return buffer, buffer.flush
    sink = io.BufferedWriter(_TextSink(out), buffer_size=1 << 16)
    return sink, sink.flush


def run_audit(args: Any, checker: Checker, out: TextIO) -> int:
    """Run ``dossier-check audit`` with parsed ``args`` and a configured ``checker``; return the exit status.

    ``args`` carries ``paths``, ``format`` (text|json|jsonl|csv), ``lang`` (None: the checker's), ``jobs``
    (None: all cores), ``output``, ``report``, ``quiet``, ``as_of``, ``catalog``, ``config``, ``select``,
    ``ignore`` and optionally ``exit_zero``. Never raises on bad input; an output or report file that
    cannot be written is exit 2 with a message on stderr.
    """
    paths = [str(p) for p in args.paths]
    fmt = getattr(args, "format", "text") or "text"
    lang = getattr(args, "lang", None) or checker.lang
    jobs = getattr(args, "jobs", None) or os.cpu_count() or 1
    output = getattr(args, "output", None)
    report = getattr(args, "report", None)
    quiet = bool(getattr(args, "quiet", False))
    err = sys.stderr

    # One audit time for every dossier, whatever process checks it (and recorded in the report).
    if checker.as_of is None:
        checker = copy.copy(checker)
        checker.as_of = datetime.now(VN_OFFSET).replace(tzinfo=None, microsecond=0)
    as_of = checker.as_of
    assert as_of is not None
    if checker.lang != lang:
        checker = copy.copy(checker)
        checker.lang = lang

    if report:
        parent = Path(report).resolve().parent
        if not parent.is_dir() or not os.access(parent, os.W_OK):
            print(f"dossier-check: error: cannot write the report {report}: no writable directory", file=err)
            return 2
    try:
        sink, close_sink = _open_sink(output, out)
    except OSError as exc:
        print(f"dossier-check: error: cannot write {output}: {exc.strerror or exc}", file=err)
        return 2

    started = datetime.now(VN_OFFSET)
    plan = _plan(paths, CHUNK_BYTES)
    total_bytes = sum(t.size for t in plan.tasks)
    progress = Progress(err, not quiet, total_bytes, lang)
    tmpdir = tempfile.mkdtemp(prefix="dossier-check-")
    hasher = _Hasher(plan.files) if report else None
    writer = _Writer(sink, fmt)
    summary = writer.summary
    summary.skipped.extend(plan.skipped)
    workers = max(1, min(jobs, len(plan.tasks)))
    state = _State(checker, fmt, bool(report), tmpdir, lambda n: None)
    try:
        if workers == 1:
            _run_in_process(plan.tasks, state, writer, progress)
        else:
            try:
                blob, rebuild = pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL), None
            except Exception:  # not picklable (e.g. a custom catalogue): each worker builds its own
                blob, rebuild = (
                    b"",
                    {
                        "catalog": list(getattr(args, "catalog", None) or []),
                        "config": getattr(args, "config", None),
                        "as_of": as_of,
                        "lang": lang,
                        "select": getattr(args, "select", None),
                        "ignore": getattr(args, "ignore", None),
                    },
                )
            init = (blob, rebuild, fmt, bool(report), tmpdir)
            _run_pool(plan.tasks, workers, init, writer, progress, hasher, state)
        writer.close()
        progress.close()
        if fmt == "text":
            sink.write(text_tables(summary, lang).encode("utf-8"))
    finally:
        progress.close()
        close_sink()
        shutil.rmtree(tmpdir, ignore_errors=True)

    if fmt != "text":
        err.write(totals_line(summary, lang) + "\n" if quiet else text_tables(summary, lang))
    if report:
        files = hasher.finish() if hasher is not None else []
        meta = ReportMeta(
            version=__version__,
            generated_at=started.isoformat(timespec="seconds"),
            as_of=as_of.isoformat(timespec="seconds") + "+07:00",
            inputs=paths,
            files=files,
            file_count=len(plan.files),
            catalog=[
                (
                    v.code,
                    v.procedure.name,
                    v.procedure.decision or "",
                    v.valid_from.isoformat(),
                    v.valid_to.isoformat() if v.valid_to else "",
                )
                for v in checker.catalog
            ],
            select=",".join(checker.settings.select or ()),
            ignore=",".join(checker.settings.ignore),
        )
        tmp = f"{report}.tmp"
        try:
            Path(tmp).write_text(render_html(summary, meta, lang), encoding="utf-8")
            os.replace(tmp, report)
        except OSError as exc:
            print(f"dossier-check: error: cannot write the report {report}: {exc.strerror or exc}", file=err)
            return 2
    if summary.unreadable:
        return 3
    if summary.failed:
        return 0 if getattr(args, "exit_zero", False) else 1
    return 0
