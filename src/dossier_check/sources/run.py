"""One run's inputs, in any of the source formats, read and joined into records to check.

``dossier-check check`` reads every input first: dossier records (native or portal sync), the portal's
progress rows and tracking-book spreadsheets may come in any files and in any order, and a part of one
dossier may sit in three of them. :func:`read_run` gives back one :class:`InputRecord` per dossier to check
(each mapped into the native shape with its origin), plus one record for every input that is not a
dossier: unreadable input, progress rows or book rows no dossier of the run claims, skipped records.
Nothing is dropped.

``--input-format`` chooses how inputs are read: ``auto`` (the default: ``.xlsx``/``.csv`` are tracking
books, JSON is judged record by record by its content), ``native``, ``dvcqg`` or ``book``.

The pieces are usable one by one (an audit that reads in parallel builds the indexes up front):
:func:`~.dvcqg.expand` and :func:`~.dvcqg.map_record`, :class:`~.dvcqg.ProgressIndex`,
:func:`~.book.read_book`, :class:`~.book.BookIndex`, :func:`~.book.join_book` and
:func:`~.book.book_alone`.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..catalog import Catalog
from ..config import DEFAULT_MAX_RECORD_SIZE
from ..reasons import Reason, register_reason
from . import _texts, dvcqg
from . import book as books
from .files import STDIN, STDIN_SOURCE, iter_file, sniffed_records, special_record, walk
from .record import InputRecord

__all__ = ["INPUT_FORMATS", "RunInputs", "dossier_code_of", "find_inputs", "read_run"]

INPUT_FORMATS = ("auto", "native", "dvcqg", "book")

R_SPREADSHEET = register_reason(
    "input-spreadsheet",
    vi="tệp bảng tính (sổ theo dõi hồ sơ) không đọc được theo định dạng {format}; dùng --input-format auto "
    "hoặc book",
    en="a spreadsheet (tracking book) cannot be read as {format}; use --input-format auto or book",
)


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


def _walk_order(root: Path, path: Path) -> tuple[tuple[int, str], ...]:
    """Sort key giving the order a directory walk lists files in (files of a folder before its subfolders)."""
    parts = path.relative_to(root).parts
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def find_inputs(paths: Iterable[str | os.PathLike[str]], input_format: str = "auto") -> RunInputs:
    """Walk ``paths`` like every command does, keeping tracking-book spreadsheets found in folders too."""
    out = RunInputs()
    seen: dict[tuple[int, int], str] = {}  # folders read so far: each is read once
    for p in paths:
        if str(p) == STDIN:  # standard input: read as it comes, never walked
            out.files.append(Path(STDIN))
            out.items.append(Path(STDIN))
            continue
        found = walk([p], seen=seen)
        out.missing.extend(found.missing)
        spreadsheets: list[Path] = []
        specials: list[InputRecord] = []  # a pipe or a device with a book's name: said, never opened
        if input_format in ("auto", "book"):
            for s in found.skipped:
                if not books.is_book_name(s) or Path(s).name.startswith("."):
                    continue
                try:
                    mode = os.stat(s).st_mode
                except OSError:
                    continue  # stays among the passed-over names
                if stat.S_ISREG(mode):
                    spreadsheets.append(Path(s))
                elif not stat.S_ISDIR(mode):
                    specials.append(special_record(s, mode))
        kept = {str(s) for s in spreadsheets} | {r.source for r in specials}
        out.skipped.extend(s for s in found.skipped if s not in kept)
        files = found.files + spreadsheets
        items = [*found.items, *spreadsheets, *specials]
        root = Path(p)
        if (spreadsheets or specials) and root.is_dir():
            files.sort(key=lambda f: _walk_order(root, f))
            items.sort(key=lambda f: _walk_order(root, f if isinstance(f, Path) else Path(f.source)))
        out.files.extend(files)
        out.items.extend(items)
    return out


def _stdin() -> IO[bytes]:
    return sys.stdin.buffer


def dossier_code_of(item: InputRecord) -> str | None:
    """The code of the dossier an input record is (for a native record, its ``code``)."""
    if item.dossier_code is not None:
        return item.dossier_code
    data = item.data
    if type(data) is dict:
        code = data.get("code") if item.format != dvcqg.FORMAT else data.get("MaHoSo")
        if isinstance(code, (str, int)) and not isinstance(code, bool):
            return str(code).strip() or None
    return None


# What the first pass keeps of each input, in order: a record to emit as it is (or to map and join), the
# first progress row of a dossier code (its orphan record goes there), or a book row.
_Slot = tuple[str, Any]


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
    read (where a long read may be stopped: it may raise). Never raises on bad input.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    found = found if found is not None else find_inputs(paths, input_format)
    slots: list[_Slot] = [
        ("record", InputRecord(m, error=Reason(_texts.NO_SUCH_FILE))) for m in found.missing
    ]
    progress = dvcqg.ProgressIndex()
    book_index = books.BookIndex()
    codes: set[str] = set()
    has_dossiers = False
    tick = tick or _nothing
    for path in found.items:
        tick()
        if isinstance(path, InputRecord):  # made by the walk: unreadable, or passed over with its reason
            slots.append(("record", path))
            continue
        name = str(path)
        spreadsheet = books.is_book_name(path.name)
        if input_format == "book" or (spreadsheet and input_format == "auto"):
            for entry in book_index.add(books.read_book(name, limit)):
                slots.append(("book_row", entry) if isinstance(entry, books.BookRow) else ("record", entry))
            continue
        if spreadsheet:
            slots.append(("record", InputRecord(name, error=Reason(R_SPREADSHEET, {"format": input_format}))))
            continue
        reads = sniffed_records(_stdin(), STDIN_SOURCE, limit) if name == STDIN else iter_file(path, limit)
        for read in reads:
            tick()
            parts = [read] if input_format == "native" else dvcqg.expand(read, forced=input_format == "dvcqg")
            for part in parts:
                if isinstance(part, dvcqg.ProgressRow):
                    if progress.add(part):
                        slots.append(("progress", part.dossier_code))
                    continue
                if type(part.data) is dict and part.error is None:
                    has_dossiers = True
                    code = dossier_code_of(part)
                    if code is not None:
                        codes.add(code)
                slots.append(("record", part))
    out: list[InputRecord] = []
    for kind, value in slots:
        if kind == "progress":
            if value not in codes:
                out.append(progress.orphan(value))
            continue
        if kind == "book_row":
            if not has_dossiers:
                out.append(books.book_alone(value, catalog))
            elif value.code not in codes:
                out.append(books.orphan(value))
            continue
        item = value
        if item.format == dvcqg.FORMAT and item.origin is None and item.error is None:
            item = dvcqg.map_record(item, progress=progress, catalog=catalog)
        if book_index.has_book:
            item = books.join_book(item, book_index)
        out.append(item)
    return out
