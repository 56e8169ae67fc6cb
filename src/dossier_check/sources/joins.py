"""The joins of one run: progress rows and tracking-book rows, indexed before any dossier is mapped.

A dossier's parts may sit in three files of a run — its sync record, its progress rows, its book row — in
any order. Both commands read a run in the same three steps, so that they give the same records in the same
order:

1. **Index** (the parent, in file order): every tracking book is read whole (:meth:`RunJoins.add_book`) and
   every progress row found (:meth:`RunJoins.add_progress`, after :func:`may_hold_progress`, a byte search
   that makes the step cheap for the files that hold none). What such a file holds besides — an unreadable
   sheet, the note rows of a book — is kept as records to write at the file's place.
2. **Map** (a worker, or ``check`` itself): each input record is expanded and each dossier mapped and
   joined (:meth:`RunJoins.records`); a :class:`Seen` collects the codes of the dossiers that claimed an
   indexed row, and whether the run held any dossier record at all.
3. **Close** (the parent, once every record is written): :meth:`RunJoins.closing` gives, in a fixed order,
   the book rows as dossiers of their own when the run held no dossier record (a book given alone), else
   the book rows no dossier claimed ("in the book, not in the export"), then the progress rows no dossier
   claimed. They come after every other record, in the order their rows were indexed (file order, then
   row order), so the output is the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import gzip
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from ..catalog import Catalog
from ..config import DEFAULT_MAX_RECORD_SIZE
from ..reasons import Reason, register_reason
from . import book as books
from . import dvcqg
from .files import LineReader
from .native import jsonl_records
from .record import InputRecord

__all__ = [
    "INPUT_FORMATS",
    "R_SPREADSHEET",
    "RunJoins",
    "Seen",
    "dossier_code_of",
    "may_hold_progress",
    "paused_gc",
]

INPUT_FORMATS = ("auto", "native", "dvcqg", "book")

R_SPREADSHEET = register_reason(
    "input-spreadsheet",
    vi="tệp bảng tính (sổ theo dõi hồ sơ) không đọc được theo định dạng {format}; dùng --input-format auto "
    "hoặc book",
    en="a spreadsheet (tracking book) cannot be read as {format}; use --input-format auto or book",
)

_MARK = b"ThoiDiemXuLy"
# The key as JSON may also spell it, any character written as a \u escape (hex digits in either case).
_ESCAPED = re.compile(
    b"".join(
        b"(?:" + re.escape(bytes([c])) + rb"|\\u00" + f"{c:02x}".encode().replace(b"f", b"[fF]") + b")"
        for c in _MARK
    )
)
_BLOCK = 1 << 20
_OVERLAP = 6 * len(_MARK)


# The key written plainly is found from its "X", a byte rare in exports (about 200 in a megabyte of the
# benchmark's dossiers, some 700 in one of portal records): memchr jumps from one to the next several
# times faster than the search for the whole key (0.63 ms a megabyte) moves. A block with more of them
# than _X_CAP is searched whole from there on, so that no content costs much more than that search.
_X = _MARK.index(b"X")
_X_CAP = 2000


def _plain_mark(data: bytes) -> bool:
    find = data.find
    at = find(b"X", _X)
    for _ in range(_X_CAP):
        if at < 0:
            return False
        if data.startswith(_MARK, at - _X):
            return True
        at = find(b"X", at + 1)
    return at >= 0 and find(_MARK, at - _X) >= 0


def _names_mark(data: bytes) -> bool:
    # A backslash is looked for first: memchr finds or rules one out about fifteen times faster than the
    # two-byte search for an escape, and exports with no escape at all are the common case. Any spelling of
    # the key other than the plain one holds a backslash.
    return _plain_mark(data) or (b"\\" in data and b"\\u" in data and _ESCAPED.search(data) is not None)


def _holds_mark(f: IO[bytes]) -> bool:
    tail = b""
    while True:
        block = f.read(_BLOCK)
        if not block:
            return False
        # The seam between two blocks is searched on its own (a key written across it is at most _OVERLAP
        # bytes long), so no block is copied to be searched.
        if _names_mark(tail + block[:_OVERLAP]) or _names_mark(block):
            return True
        tail = (tail + block[-_OVERLAP:])[-_OVERLAP:]


def may_hold_progress(path: str) -> bool:
    """False only when the file surely holds no progress row: no ``ThoiDiemXuLy`` key in its bytes.

    A byte search (through gzip and zip compression): the costly parse is left to the files that name the
    key. A file that cannot be read is True: reading it again will say why.
    """
    lower = path.lower()
    try:
        if lower.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.is_dir():
                        continue
                    with archive.open(info) as member:
                        if _holds_mark(member):
                            return True
            return False
        with open(path, "rb") as raw:
            if lower.endswith(".gz"):
                with gzip.GzipFile(fileobj=raw) as gz:
                    return _holds_mark(gz)  # type: ignore[arg-type]
            return _holds_mark(raw)
    except Exception:  # damaged archive, unreadable file: the full read reports it
        return True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a run's inputs are read and kept.

    What the readers build are trees (parsed JSON, mapped dossiers): no reference cycle to collect, yet
    every collection walks all that is kept so far, which made reading a portal export (many small rows
    and mapped parts) cost a third more. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


@dataclass
class Seen:
    """What the map step saw: the codes of the dossiers that claim an indexed row; any dossier at all."""

    codes: set[str] = field(default_factory=set)
    dossiers: bool = False

    def merge(self, other: Seen) -> None:
        self.codes |= other.codes
        self.dossiers = self.dossiers or other.dossiers


class RunJoins:
    """The progress rows and book rows of one run, and how each input record is read against them.

    ``input_format`` is ``auto``, ``native``, ``dvcqg`` or ``book`` (``--input-format``); ``catalog``
    resolves procedures for the readers; ``limit`` is the size limit of one record (of a whole book) in
    bytes. Picklable, so that a pool's workers get it once each.
    """

    def __init__(
        self, input_format: str = "auto", catalog: Catalog | None = None, limit: int = DEFAULT_MAX_RECORD_SIZE
    ) -> None:
        if input_format not in INPUT_FORMATS:
            raise ValueError(f"input format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
        self.input_format = input_format
        self.catalog = catalog
        self.limit = limit
        self.progress = dvcqg.ProgressIndex()
        self.books = books.BookIndex()

    def __getstate__(self) -> dict[str, object]:
        # The catalogue travels with the checker (or is rebuilt from its files): never pickled twice.
        return {**self.__dict__, "catalog": None}

    # --- 1. index ---------------------------------------------------------------------------------------

    def is_book(self, path: str) -> bool:
        """True for a file read as a tracking book (``--input-format book``: every file)."""
        return self.input_format == "book" or (self.input_format == "auto" and books.is_book_name(path))

    def refused(self, path: str) -> InputRecord | None:
        """The error record of a spreadsheet that ``--input-format native`` or ``dvcqg`` cannot read."""
        if self.input_format in ("native", "dvcqg") and books.is_book_name(path):
            return InputRecord(path, error=Reason(R_SPREADSHEET, {"format": self.input_format}))
        return None

    def add_book(self, path: str) -> list[InputRecord]:
        """Read and index one tracking book; the records to write at its place (errors, notes, repeats)."""
        return [i for i in self.books.add(books.read_book(path, self.limit)) if isinstance(i, InputRecord)]

    def reads_progress(self) -> bool:
        return self.input_format in ("auto", "dvcqg")

    def lines(self, tick: Callable[[], None]) -> LineReader:
        """How this run reads JSON Lines: the plain progress rows indexed as they are read
        (:meth:`~.dvcqg.ProgressIndex.read_lines`; ``tick`` is called after each), when the input format
        reads rows."""
        if not self.reads_progress():
            return jsonl_records
        return functools.partial(self.progress.read_lines, tick=tick)

    def add_progress(self, items: Iterable[InputRecord]) -> list[InputRecord] | None:
        """Index the progress rows among ``items`` (one file's records, as read).

        Returns None when the file holds a dossier record too (its records are read again by the map
        step, which passes over the rows), else the file's other records (unreadable input…) to write at
        its place: a file of progress rows alone needs no second reading.
        """
        others: list[InputRecord] = []
        dossiers = False
        for item in items:
            for part in self.expand(item):
                if isinstance(part, dvcqg.ProgressRow):
                    self.progress.add(part)
                elif part.error is None:
                    dossiers = True
                else:
                    others.append(part)
        return None if dossiers else others

    # --- 2. map -----------------------------------------------------------------------------------------

    def expand(self, item: InputRecord) -> list[InputRecord | dvcqg.ProgressRow]:
        if self.input_format == "native":
            return [item]
        return dvcqg.expand(item, forced=self.input_format == "dvcqg")

    def native_only(self) -> bool:
        """True when :meth:`passes` may be asked: an ``auto`` run whose index step found no progress row
        and read no book (a native export). Asked once per task, after the index step."""
        return self.input_format == "auto" and not self.books.has_book and len(self.progress) == 0

    def passes(self, item: InputRecord) -> bool:
        """In a run where :meth:`native_only` is True: whether :meth:`records` would give ``item`` back
        alone and unchanged, noting only that the run held a dossier (``seen.dossiers``).

        So it is for an object naming neither ``MaHoSo`` nor ``service``, which :func:`~.dvcqg.expand`
        passes on as not a portal shape: with nothing indexed there is nothing to map or join it to. The
        audit's workers skip the expanding and joining of such a record, which cost about 14,000
        instructions a dossier (``tests/test_audit_sources.py`` holds this to :meth:`records`).
        """
        data = item.data
        return type(data) is dict and item.error is None and "MaHoSo" not in data and "service" not in data

    def records(self, item: InputRecord, seen: Seen) -> list[InputRecord]:
        """The records to check for one input record: expanded, mapped, joined (progress rows passed over:
        the index step has them). A list, made at once: a reader's failure costs the caller this input
        record whole, before any of its records is checked."""
        finish = self.finish
        return [finish(part, seen) for part in self.expand(item) if not isinstance(part, dvcqg.ProgressRow)]

    def finish(self, part: InputRecord, seen: Seen) -> InputRecord:
        """One expanded record mapped (a sync record) and joined to its book row (when a book is in the run)."""
        if type(part.data) is dict and part.error is None:
            seen.dossiers = True
            code = dossier_code_of(part)
            if code is not None and (code in self.progress or self.books.row_for(code) is not None):
                seen.codes.add(code)
        if part.format == dvcqg.FORMAT and part.origin is None and part.error is None:
            part = dvcqg.map_record(part, progress=self.progress, catalog=self.catalog)
        if self.books.has_book:
            part = books.join_book(part, self.books)
        return part

    # --- 3. close ---------------------------------------------------------------------------------------

    def closing(self, seen: Seen) -> list[InputRecord]:
        """The records that come after all others (see the module's description)."""
        out: list[InputRecord] = []
        if not seen.dossiers:
            out.extend(books.book_alone(row, self.catalog) for row in self.books.rows())
        else:
            out.extend(self.books.unmatched(seen.codes))
        out.extend(self.progress.unmatched(seen.codes))
        return out
