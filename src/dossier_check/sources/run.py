"""One run's inputs, in any of the source formats, read and joined into records to check.

``dossier-check check`` reads every input first: dossier records (native or portal sync), the portal's
progress rows and tracking-book spreadsheets may come in any files and in any order, and a part of one
dossier may sit in three of them. :func:`read_run` gives back one :class:`InputRecord` per dossier to check
(each mapped into the native shape with its origin), plus one record for every input that is not a
dossier: unreadable input, progress rows or book rows no dossier of the run claims, skipped records.
Nothing is dropped.

``--input-format`` chooses how inputs are read: ``auto`` (the default: ``.xlsx``/``.csv`` are tracking
books, JSON is judged record by record by its content), ``native``, ``dvcqg`` or ``book``.

The joins are :class:`~.joins.RunJoins`' business, shared with ``dossier-check audit`` (which indexes the
rows up front and maps the dossiers in parallel), so both commands give the same records in the same order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..catalog import Catalog
from ..config import DEFAULT_MAX_RECORD_SIZE
from ..reasons import Reason
from . import _texts, dvcqg
from .files import STDIN, STDIN_SOURCE, iter_file, sniffed_records, walk
from .joins import INPUT_FORMATS, R_SPREADSHEET, RunJoins, Seen, dossier_code_of, paused_gc
from .record import InputRecord

__all__ = ["INPUT_FORMATS", "R_SPREADSHEET", "RunInputs", "dossier_code_of", "find_inputs", "read_run"]


@dataclass
class RunInputs:
    """The files of a run in the order they are read, and what was passed over or is missing.

    ``items`` holds, in that order, the files and the records the walk made (an entry that cannot be read,
    a named pipe or a device passed over, a link back into a folder being read).
    """

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    items: list[Path | InputRecord] = field(default_factory=list)


def find_inputs(paths: Iterable[str | os.PathLike[str]], input_format: str = "auto") -> RunInputs:
    """Walk ``paths`` as every command does; tracking-book spreadsheets in folders are inputs unless the
    input format cannot read them (``native``, ``dvcqg``: passed over like any other type). ``-`` stands for
    standard input, read as it comes, never walked."""
    out = RunInputs()
    seen: dict[tuple[int, int], str] = {}  # folders read so far: each is read once
    for p in paths:
        if str(p) == STDIN:
            out.files.append(Path(STDIN))
            out.items.append(Path(STDIN))
            continue
        found = walk([p], seen=seen, books=input_format in ("auto", "book"))
        out.files.extend(found.files)
        out.missing.extend(found.missing)
        out.skipped.extend(found.skipped)
        out.items.extend(found.items)
    return out


def _stdin() -> IO[bytes]:
    return sys.stdin.buffer


def _nothing() -> None:
    pass


def read_run(
    paths: Iterable[str | os.PathLike[str]],
    *,
    input_format: str = "auto",
    catalog: Catalog | None = None,
    found: RunInputs | None = None,
    limit: int = DEFAULT_MAX_RECORD_SIZE,
    tick: Callable[[], None] | None = None,
) -> list[InputRecord]:
    """Every record of a run, joined across its inputs (see the module's description).

    ``catalog`` resolves procedures for the readers (matching a sync record's files to the published
    components; finding a book row's procedure by its name). ``found`` is what :func:`find_inputs` returned
    for ``paths``, when the caller needs it too. ``limit`` is the size limit of one record in bytes (of a
    whole tracking book: its rows are read together). ``tick`` is called after every file and every record
    read (where a long read may be stopped: it may raise). Never raises on bad input. The order is the
    audit's: the records in file order, then those :meth:`~.joins.RunJoins.closing` gives.
    """
    with paused_gc():
        return _read_run(paths, input_format, catalog, found, limit, tick or _nothing)


def _read_run(
    paths: Iterable[str | os.PathLike[str]],
    input_format: str,
    catalog: Catalog | None,
    found: RunInputs | None,
    limit: int,
    tick: Callable[[], None],
) -> list[InputRecord]:
    joins = RunJoins(input_format, catalog, limit)
    found = found if found is not None else find_inputs(paths, input_format)
    parts: list[InputRecord] = [InputRecord(m, error=Reason(_texts.NO_SUCH_FILE)) for m in found.missing]
    lines = joins.lines(tick)  # the plain progress rows are indexed as they are read, never yielded
    for path in found.items:
        tick()
        if isinstance(path, InputRecord):  # made by the walk: unreadable, or passed over with its reason
            parts.append(path)
            continue
        name = str(path)
        if joins.is_book(name):
            parts.extend(joins.add_book(name))
            continue
        refused = joins.refused(name)
        if refused is not None:
            parts.append(refused)
            continue
        reads = (
            sniffed_records(_stdin(), STDIN_SOURCE, limit, lines)
            if name == STDIN
            else iter_file(path, limit, lines)
        )
        for read in reads:
            tick()
            for part in joins.expand(read):
                if isinstance(part, dvcqg.ProgressRow):
                    joins.progress.add(part)  # every row is indexed before any record is mapped
                else:
                    parts.append(part)
    seen = Seen()
    out = [joins.finish(part, seen) for part in parts]
    out.extend(joins.closing(seen))
    return out
