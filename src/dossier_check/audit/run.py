"""The run: a pool of workers (or this process), results written in input order, summary and report."""

from __future__ import annotations

import contextlib
import copy
import errno
import gc
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections import deque
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from .. import __version__
from ..engine import Checker
from ..reasons import Reason, os_error, reason_text, register_reason
from ..render.common import terminal_safe
from ..render.csv import DELIMITERS
from ..render.summary_json import summary_json
from ..render.text import text_tables, totals_line
from ..sources.joins import RunJoins
from ..sources.native import EMPTY
from ..summary import AuditSummary, InputFile, ReportMeta
from ..timeutil import VN_OFFSET
from .atomic import AtomicFile, OutputError, refuse_overlap
from .plan import Plan, Task, join_plan, make_plan
from .progress import Hasher, Progress
from .signals import Interrupted, checkpoint, interrupted_line, interruptible
from .workers import Result, State, failed_output, in_this_process, init_worker, local_output, run_task
from .write import BROKEN_PIPE, Sink, Writer, silence_stdout, stdout_sink

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# multiprocessing and concurrent.futures are imported where a pool is started: a run in this process
# (``--jobs 1``, ``check``) does without them, 27 million instructions less of an audit's 1,220 million
# of start-up.

CHUNK_BYTES = 4 << 20
"""Size of the byte ranges a JSON Lines file is cut into (one task each)."""


def _mp_context() -> Any:
    import multiprocessing

    # fork starts workers fastest and shares the loaded catalogue; it is only safe without other threads.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run_in_process(tasks: list[Task], state: State, writer: Writer, progress: Progress) -> None:
    seen = [0, 0]  # records, bytes

    def tick(n: int) -> None:
        seen[0] += n
        progress.update(seen[0], seen[1])
        checkpoint()

    state.progress = tick
    with in_this_process(state):
        for task in tasks:
            _write(writer, task, run_task(task), state)
            seen[1] += task.size
            progress.update(seen[0], seen[1])
            checkpoint()


def _write(writer: Writer, task: Task, result: Result, local: State) -> None:
    """Write a task's result; after the last range of a JSON Lines file that held no record, say so."""
    if writer.write(task, result):
        writer.write(Task("file", task.path), failed_output(local, Task("file", task.path), Reason(EMPTY)))


def _run_pool(
    tasks: list[Task],
    jobs: int,
    init: tuple[Any, ...],
    writer: Writer,
    progress: Progress,
    hasher: Hasher | None,
    local: State,
    ctx: Any,
) -> None:
    """Run ``tasks`` on ``jobs`` workers started in ``ctx`` (:func:`_mp_context`, chosen once per run: the
    checker in ``init`` is passed as it is when it is ``fork``)."""
    from concurrent.futures import ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    counter = ctx.Value("q", 0)
    initargs = (*init, os.getpid(), counter)
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
                task = tasks[next_i]
                # A record the walk made needs no worker: the parent writes it.
                fut = _done(local_output(local, task)) if task.kind == "record" else _submit(ex, task)
                pending.append((task, fut, 0))
                next_i += 1
            task, fut, tries = pending[0]
            while not fut.done():
                if hasher is None or not hasher.step():
                    wait([fut], timeout=0.1)
                progress.update(counter.value, done_bytes)
                checkpoint()
            pending.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                checkpoint()  # killed with the whole process group: stop, do not start again
                # A worker died (killed, out of memory…): restart the pool and run what was in flight once more.
                _stop(ex)
                ex = start()
                again: list[tuple[Task, Future[Result] | None, int]] = [(task, None, tries), *pending]
                pending.clear()
                for t, f, n in again:
                    if t.kind == "record" and f is not None:  # written by the parent, not lost with the pool
                        pending.append((t, f, n))
                    elif n >= 1:
                        died = "a worker process stopped unexpectedly while reading this input"
                        pending.append((t, _done(failed_output(local, t, died)), n))
                    else:
                        pending.append((t, _submit(ex, t), n + 1))
                continue
            except Exception as exc:
                result = failed_output(local, task, f"internal error ({type(exc).__name__}: {exc})")
            _write(writer, task, result, local)
            done_bytes += task.size
            progress.update(counter.value, done_bytes)
    except BaseException:
        _stop(ex)
        raise
    ex.shutdown(wait=True)


def _submit(ex: ProcessPoolExecutor, task: Task) -> Future[Result]:
    """The task submitted to the pool; a pool already broken (a worker died) fails the future instead, to be
    handled where results are taken, in order."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return ex.submit(run_task, task)
    except BrokenProcessPool as exc:
        fut: Future[Result] = Future()
        fut.set_exception(exc)
        return fut


def _done(result: Result) -> Future[Result]:
    from concurrent.futures import Future

    fut: Future[Result] = Future()
    fut.set_result(result)
    return fut


def _stop(ex: ProcessPoolExecutor) -> None:
    """Stop the pool now: no worker is left running (or a zombie) when this returns."""
    processes = list((getattr(ex, "_processes", None) or {}).values())
    results = getattr(ex, "_result_queue", None)  # (shutdown() forgets them)
    manager = getattr(ex, "_executor_manager_thread", None)
    ex.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            p.terminate()
    for p in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError, AssertionError):
            p.join(5)
            if p.is_alive():
                p.kill()
                p.join(5)
    # The pool's manager thread may be waiting for the rest of a result that a killed worker was sending;
    # with every worker gone, closing this process's own copy of the pipe's write end lets it see the end
    # and stop (else the interpreter would wait for it forever on exit).
    with contextlib.suppress(OSError, AttributeError):
        results._writer.close()  # type: ignore[union-attr]
    if manager is not None:
        manager.join(5)


register_reason("standard_output", vi="đầu ra chuẩn", en="standard output")
register_reason(
    "cannot_write_output",
    vi="không ghi được {target}: {error}; không có tệp kết quả nào được ghi",
    en="cannot write {target}: {error}; no output file was written",
)
register_reason("error_label", vi="lỗi", en="error")


register_reason(
    "jobs_capped",
    vi="--jobs {jobs} nhiều hơn số lõi CPU máy này có ({cores}): dùng {cores}",
    en="--jobs {jobs} is more than the {cores} cores this machine offers: using {cores}",
)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fail(err: TextIO, lang: str, why: Reason) -> int:
    """Say why the run cannot go on, in one line on ``err``; the exit status for it (2)."""
    err.write(terminal_safe(f"dossier-check: {reason_text('error_label', lang)}: {why.render(lang)}") + "\n")
    err.flush()
    return 2


def run_audit(args: Any, checker: Checker, out: TextIO) -> int:
    """Run ``dossier-check audit`` with parsed ``args`` and a configured ``checker``; return the exit status.

    ``args`` carries ``paths``, ``format`` (text|json|jsonl|csv|xlsx), ``lang`` (None: the checker's),
    ``jobs`` (None: all cores), ``output``, ``report``, ``summary`` (a JSON file), ``quiet``, ``as_of``, ``catalog``, ``config``, ``select``,
    ``ignore`` and optionally ``exit_zero``. Never raises on bad input. An output over an input, or one
    that cannot be written (a full disk, an I/O error), is exit 2 with one line on stderr, and no output
    file is left behind (:mod:`.atomic`).
    """
    paths = [str(p) for p in args.paths]
    lang = getattr(args, "lang", None) or checker.lang
    output = getattr(args, "output", None)
    report = getattr(args, "report", None)
    summary_file = getattr(args, "summary", None)
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

    named = (("--output", output), ("--report", report), ("--summary", summary_file))
    targets = [(opt, str(path)) for opt, path in named if path]
    why = refuse_overlap(paths, targets)
    if why is not None:
        return fail(err, lang, why)
    with interruptible():  # a signal while walking is Interrupted too, for the command line to report
        started = datetime.now(VN_OFFSET)
        # Tracking books and progress rows are indexed here, before any dossier is mapped (sources.joins).
        input_format = getattr(args, "input_format", None) or "auto"
        joins = RunJoins(input_format, checker.catalog, checker.settings.max_record_size)
        plan = join_plan(make_plan(paths, CHUNK_BYTES, books=input_format in ("auto", "book")), joins)
        why = refuse_overlap(paths, targets, (name for name, _size in plan.files))
        if why is not None:
            return fail(err, lang, why)
        return _audit(args, checker, plan, paths, targets, started, out, err)


def _audit(
    args: Any,
    checker: Checker,
    plan: Plan,
    paths: list[str],
    targets: list[tuple[str, str]],
    started: datetime,
    out: TextIO,
    err: TextIO,
) -> int:
    fmt = getattr(args, "format", "text") or "text"
    lang = checker.lang
    cores = available_cores()
    jobs = getattr(args, "jobs", None) or cores
    if jobs > cores:  # more processes than cores only compete for them (and each holds a catalogue)
        err.write(f"dossier-check: {reason_text('jobs_capped', lang, {'jobs': jobs, 'cores': cores})}\n")
        jobs = cores
    output = getattr(args, "output", None)
    report = getattr(args, "report", None)
    summary_file = getattr(args, "summary", None)
    quiet = bool(getattr(args, "quiet", False))
    as_of = checker.as_of
    assert as_of is not None
    files: list[AtomicFile] = []
    tmpdir: str | None = None
    progress = Progress(err, not quiet, sum(t.size for t in plan.tasks), lang)
    stopped: Interrupted | None = None
    try:
        for _opt, path in targets:  # both created now: an unwritable folder is known before the long run
            try:
                files.append(AtomicFile(path))
            except OSError as exc:
                raise OutputError(path, exc) from exc
        by_option = dict(zip((opt for opt, _path in targets), files, strict=True))
        out_file = by_option.get("--output")
        sink = Sink(out_file, str(output)) if out_file is not None else stdout_sink(out, _stdout_name(lang))
        tmpdir = tempfile.mkdtemp(prefix="dossier-check-")
        summary, hashed = _run(
            args, checker, plan, fmt, jobs, sink, progress, bool(report), bool(report or summary_file), tmpdir
        )
        checkpoint()
        if fmt == "text":
            sink.write(text_tables(summary, lang).encode("utf-8"))
        sink.flush()
        if report or summary_file:
            meta = _report_meta(checker, hashed, plan, paths, started, as_of)
            if report:
                from ..render.html import render_html  # only a run that writes a report pays its import

                html = render_html(summary, meta, lang)
                Sink(by_option["--report"], str(report)).write(html.encode("utf-8"))
            if summary_file:
                Sink(by_option["--summary"], str(summary_file)).write(summary_json(summary, meta, lang))
        checkpoint()  # the last moment a signal stops the run: from here on the outputs are whole
        for f in files:
            try:
                f.commit()
            except OSError as exc:
                raise OutputError(f.path, exc) from exc
    except OutputError as exc:
        if exc.error.errno == errno.EPIPE and not output:  # the reader has all it wanted (`| head`)
            silence_stdout()
            return BROKEN_PIPE
        return fail(
            err, lang, Reason("cannot_write_output", {"target": exc.target, "error": os_error(exc.error)})
        )
    except Interrupted as exc:
        stopped = exc
    finally:
        progress.close()
        for f in files:
            f.discard()  # nothing left of an output that was not committed
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
    if stopped is not None:
        line = interrupted_line("audit", stopped, progress.records, lang, files=bool(output))
        with contextlib.suppress(OSError, ValueError):
            err.write(line + "\n")
            err.flush()
        return stopped.status

    if fmt != "text":
        err.write(totals_line(summary, lang) + "\n" if quiet else text_tables(summary, lang))
    if summary.unreadable:
        return 3
    if summary.failed:
        return 0 if getattr(args, "exit_zero", False) else 1
    return 0


def _stdout_name(lang: str) -> str:
    return reason_text("standard_output", lang)


def _run(
    args: Any,
    checker: Checker,
    plan: Plan,
    fmt: str,
    jobs: int,
    sink: Sink,
    progress: Progress,
    keep: bool,
    hash_inputs: bool,
    tmpdir: str,
) -> tuple[AuditSummary, list[InputFile]]:
    """Check every task of ``plan``, writing the records to ``sink`` in input order: the summary, and the
    input files with their SHA-256 when a report or a summary file needs them (``hash_inputs``)."""
    hasher = Hasher(plan.files) if hash_inputs else None
    delimiter = DELIMITERS[getattr(args, "csv_delimiter", None) or ","]
    writer = Writer(sink, fmt, checker.lang, delimiter)
    writer.summary.skipped.extend(plan.skipped)
    workers = max(1, min(jobs, len(plan.tasks)))
    state = State(checker, fmt, keep, tmpdir, lambda n: None, plan.joins, delimiter)
    # The heap built before the first dossier (modules, catalogue, checker, the joins' indices) is frozen:
    # the collector never walks it again. Every full collection of the run walked it all (measured: about
    # 13,700 instructions a dossier, 1.5 % of an audit), and forked workers share its pages with this
    # process, which a walk would copy (19,909 portal dossiers, 2 jobs: 379 → 313 MiB proportional set size
    # of the process tree). Cycles made while checking are still collected as usual.
    gc.freeze()
    try:
        if workers == 1:
            _run_in_process(plan.tasks, state, writer, progress)
        else:
            blob: Checker | bytes
            rebuild: dict[str, Any] | None = None
            ctx = _mp_context()
            if ctx.get_start_method() == "fork":
                blob = checker  # a forked worker inherits it as it is, pages shared: nothing to pickle
            else:
                try:
                    blob = pickle.dumps(checker, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # not picklable (e.g. a custom catalogue): each worker builds its own
                    blob, rebuild = b"", _rebuild_spec(args, checker)
            init = (blob, rebuild, fmt, keep, tmpdir, plan.joins, delimiter)
            _run_pool(plan.tasks, workers, init, writer, progress, hasher, state, ctx)
    finally:
        gc.unfreeze()
    # The rows no dossier claimed (or a book given alone), after every other record, in index order.
    for record in plan.joins.closing(writer.seen) if plan.joins is not None else ():
        checkpoint()
        task = Task("record", record.source, note=record)
        writer.write(task, local_output(state, task))
    writer.close()
    progress.close()
    writer.summary.group_units()  # once, merged: every renderer below and after reads the units grouped
    if writer.xlsx is not None:  # the workbook is written whole once the summary sheets are known
        checkpoint()
        writer.xlsx.finish(writer.summary, {v.code: v.procedure.name for v in checker.catalog}, sink)
    return writer.summary, (hasher.finish() if hasher is not None else [])


def _rebuild_spec(args: Any, checker: Checker) -> dict[str, Any]:
    """What a worker needs to build the run's checker itself, when the checker cannot be pickled."""
    return {
        "catalog": list(getattr(args, "catalog", None) or []),
        "config": getattr(args, "config", None),
        "as_of": checker.as_of,
        "lang": checker.lang,
        "select": getattr(args, "select", None),
        "ignore": getattr(args, "ignore", None),
    }


def _report_meta(
    checker: Checker,
    hashed: list[InputFile],
    plan: Plan,
    paths: list[str],
    started: datetime,
    as_of: datetime,
) -> ReportMeta:
    return ReportMeta(
        version=__version__,
        generated_at=started.isoformat(timespec="seconds"),
        as_of=as_of.isoformat(timespec="seconds") + "+07:00",
        inputs=paths,
        files=hashed,
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
