"""The run: a pool of workers (or this process), results written in input order, summary and report."""

from __future__ import annotations

import contextlib
import copy
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..engine import Checker
from ..render.csv import DELIMITERS
from ..render.html import render_html
from ..render.summary_json import summary_json
from ..render.text import text_tables, totals_line
from ..summary import ReportMeta
from ..timeutil import VN_OFFSET
from .plan import Task, make_plan
from .progress import Hasher, Progress
from .workers import Result, State, failed_output, in_this_process, init_worker, run_task
from .write import Writer, open_sink

CHUNK_BYTES = 4 << 20
"""Size of the byte ranges a JSON Lines file is cut into (one task each)."""


def _mp_context() -> Any:
    # fork starts workers fastest and shares the loaded catalogue; it is only safe without other threads.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run_in_process(tasks: list[Task], state: State, writer: Writer, progress: Progress) -> None:
    seen = [0, 0]  # records, bytes

    def tick(n: int) -> None:
        seen[0] += n
        progress.update(seen[0], seen[1])

    state.progress = tick
    with in_this_process(state):
        for task in tasks:
            writer.write(task, run_task(task))
            seen[1] += task.size
            progress.update(seen[0], seen[1])


def _run_pool(
    tasks: list[Task],
    jobs: int,
    init: tuple[Any, ...],
    writer: Writer,
    progress: Progress,
    hasher: Hasher | None,
    local: State,
) -> None:
    ctx = _mp_context()
    counter = ctx.Value("q", 0)
    initargs = (*init, counter)
    window = jobs * 4
    pending: deque[tuple[Task, Future[Result], int]] = deque()
    next_i = 0
    done_bytes = 0

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=jobs, mp_context=ctx, initializer=init_worker, initargs=initargs
        )

    ex = start()
    try:
        while next_i < len(tasks) or pending:
            while next_i < len(tasks) and len(pending) < window:
                pending.append((tasks[next_i], ex.submit(run_task, tasks[next_i]), 0))
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
                        pending.append((t, _done(failed_output(local, t, died)), n))
                    else:
                        pending.append((t, ex.submit(run_task, t), n + 1))
                continue
            except Exception as exc:
                result = failed_output(local, task, f"internal error ({type(exc).__name__}: {exc})")
            writer.write(task, result)
            done_bytes += task.size
            progress.update(counter.value, done_bytes)
    except BaseException:
        _stop(ex)
        raise
    ex.shutdown(wait=True)


def _done(result: Result) -> Future[Result]:
    fut: Future[Result] = Future()
    fut.set_result(result)
    return fut


def _stop(ex: ProcessPoolExecutor) -> None:
    processes = list(getattr(ex, "_processes", {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(OSError, AttributeError):
            p.terminate()


def _write_file(path: str, data: bytes) -> None:
    """Write an output file whole or not at all: a temporary twin renamed over it."""
    tmp = f"{path}.tmp"
    Path(tmp).write_bytes(data)
    os.replace(tmp, path)


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
    summary_file = getattr(args, "summary", None)
    quiet = bool(getattr(args, "quiet", False))
    delimiter = DELIMITERS[getattr(args, "csv_delimiter", None) or ","]
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

    for extra in (report, summary_file):
        if extra:
            parent = Path(extra).resolve().parent
            if not parent.is_dir() or not os.access(parent, os.W_OK):
                print(f"dossier-check: error: cannot write {extra}: no writable directory", file=err)
                return 2
    try:
        sink, close_sink = open_sink(output, out)
    except OSError as exc:
        print(f"dossier-check: error: cannot write {output}: {exc.strerror or exc}", file=err)
        return 2

    started = datetime.now(VN_OFFSET)
    plan = make_plan(paths, CHUNK_BYTES)
    total_bytes = sum(t.size for t in plan.tasks)
    progress = Progress(err, not quiet, total_bytes, lang)
    tmpdir = tempfile.mkdtemp(prefix="dossier-check-")
    hasher = Hasher(plan.files) if report or summary_file else None
    writer = Writer(sink, fmt, lang, delimiter)
    summary = writer.summary
    summary.skipped.extend(plan.skipped)
    workers = max(1, min(jobs, len(plan.tasks)))
    state = State(checker, fmt, bool(report), tmpdir, lambda n: None, delimiter)
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
            init = (blob, rebuild, fmt, bool(report), tmpdir, delimiter)
            _run_pool(plan.tasks, workers, init, writer, progress, hasher, state)
        writer.close()
        progress.close()
        if writer.xlsx is not None:
            writer.xlsx.finish(summary, {v.code: v.procedure.name for v in checker.catalog}, sink)
        if fmt == "text":
            sink.write(text_tables(summary, lang).encode("utf-8"))
    finally:
        progress.close()
        close_sink()
        shutil.rmtree(tmpdir, ignore_errors=True)

    if fmt != "text":
        err.write(totals_line(summary, lang) + "\n" if quiet else text_tables(summary, lang))
    if report or summary_file:
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
        outputs: list[tuple[str | None, Callable[[], bytes]]] = [
            (report, lambda: render_html(summary, meta, lang).encode("utf-8")),
            (summary_file, lambda: summary_json(summary, meta, lang)),
        ]
        for path, render in outputs:
            if not path:
                continue
            try:
                _write_file(path, render())
            except OSError as exc:
                print(f"dossier-check: error: cannot write {path}: {exc.strerror or exc}", file=err)
                return 2
    if summary.unreadable:
        return 3
    if summary.failed:
        return 0 if getattr(args, "exit_zero", False) else 1
    return 0
