"""Planning an audit: paths into tasks — byte ranges of JSON Lines files, whole files, missing paths.

The parent plans and never parses a dossier; it reads only what the joins of the run need up front
(:func:`join_plan`): tracking books, and the progress rows of the files that name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sources import InputRecord, iter_file, walk
from ..sources.files import file_kind
from ..sources.joins import RunJoins, may_hold_progress, paused_gc


@dataclass(frozen=True)
class Task:
    """One unit of work: a byte range of a JSON Lines file, a whole file, a missing path, or a record the
    walk made or the index step of the joins read (``note``: an entry passed over or unreadable, a book's
    note rows…; the parent writes it, no worker reads it)."""

    kind: str  # "lines" | "file" | "missing" | "record"
    path: str
    start: int = 0
    end: int = 0
    size: int = 0
    last: bool = False  # the last byte range of its file
    note: InputRecord | None = None


@dataclass
class Plan:
    """The tasks of a run, the files found (with their sizes) and what was passed over while walking."""

    tasks: list[Task] = field(default_factory=list)
    files: list[tuple[str, int | None]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    joins: RunJoins | None = None  # None: nothing to join (native records), each is checked as it is read


def byte_ranges(size: int, chunk: int) -> list[tuple[int, int]]:
    """A file of ``size`` bytes cut into ranges of ``chunk`` bytes, its last ``2 * chunk`` bytes in quarters.

    Workers take ranges in turn, so the last one to finish may run alone for up to a range while the others
    wait: smaller ranges at the end cut that wait to a quarter, for a few more tasks a file.
    """
    small = max(chunk // 4, 1)
    out = []
    start = 0
    while start < size:
        end = min(start + (chunk if size - start > 2 * chunk else small), size)
        out.append((start, end))
        start = end
    return out


def make_plan(paths: list[str], chunk: int, books: bool = True) -> Plan:
    """Walk ``paths`` in order; every plain JSON Lines file becomes byte ranges of ``chunk`` bytes (the last
    ones smaller: :func:`byte_ranges`).

    ``books``: whether spreadsheets found in folders are inputs (see :func:`~dossier_check.sources.walk`).
    """
    plan = Plan()
    seen: dict[tuple[int, int], str] = {}  # a folder reached twice (through a link) is read once
    for p in paths:
        found = walk([p], seen=seen, books=books)
        plan.skipped.extend(found.skipped)  # hidden entries and files of other types
        for m in found.missing:
            plan.tasks.append(Task("missing", m))
        for f in found.items:
            if isinstance(f, InputRecord):
                plan.tasks.append(Task("record", f.source, note=f))
                continue
            name = str(f)
            try:
                size: int | None = f.stat().st_size
            except OSError:
                size = None
            plan.files.append((name, size))
            if file_kind(f.name) == "jsonl" and size:
                for start, end in byte_ranges(size, chunk):
                    plan.tasks.append(Task("lines", name, start, end, end - start, last=end == size))
            else:
                plan.tasks.append(Task("file", name, size=size or 0))
    return plan


def join_plan(plan: Plan, joins: RunJoins) -> Plan:
    """The index step of the run's joins (:mod:`dossier_check.sources.joins`), in file order.

    A tracking book is read here, whole, and its tasks become the records it leaves to write (errors,
    notes); a file that names the progress rows' key is read for its rows, and when it holds nothing else
    its tasks become its other records (unreadable lines…). The other files keep their tasks.
    """
    with paused_gc():
        return _join_plan(plan, joins)


def _join_plan(plan: Plan, joins: RunJoins) -> Plan:
    tasks: list[Task] = []
    read: dict[str, bool] = {}  # file → whether its byte ranges still go to the workers (each file read once)
    for task in plan.tasks:
        if task.kind not in ("lines", "file"):
            tasks.append(task)
            continue
        if task.path not in read:
            records = _indexed(task.path, joins)
            read[task.path] = records is None
            if records is not None:
                tasks.extend(Task("record", r.source, note=r) for r in records)
        if read[task.path]:
            tasks.append(task)
    return Plan(tasks, plan.files, plan.skipped, joins if joins.input_format != "native" else None)


def _indexed(path: str, joins: RunJoins) -> list[InputRecord] | None:
    """What the index step leaves of one file: None when its records are still to be read by a worker."""
    if joins.is_book(path):
        return joins.add_book(path)
    refused = joins.refused(path)
    if refused is not None:
        return [refused]
    if joins.reads_progress() and may_hold_progress(path):
        # The plain progress rows are indexed as they are read; add_progress sees only the other records.
        return joins.add_progress(iter_file(path, joins.limit, joins.lines(_no_tick)))
    return None


def _no_tick() -> None:
    """The index step reports no progress per line."""
