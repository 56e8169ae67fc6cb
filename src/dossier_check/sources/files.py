"""Finding and opening input: walking directories, telling file kinds, zip members and gzip streams.

This module knows containers, not formats: it hands each stream to the reader of its kind (today the
native reader, :mod:`.native`) and turns what goes wrong while opening it — a damaged archive, a
truncated gzip stream, an unreadable file — into one error record.
"""

from __future__ import annotations

import gzip
import lzma
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import orjson

from ..config import DEFAULT_MAX_RECORD_SIZE
from ..reasons import Reason, os_error, register_reason
from . import _texts
from .native import json_records, jsonl_records
from .record import InputRecord

__all__ = [
    "SUPPORTED",
    "LineReader",
    "Walk",
    "file_kind",
    "iter_file",
    "iter_records",
    "special_record",
    "walk",
]

SUPPORTED = (".json", ".jsonl", ".ndjson", ".zip", ".gz", ".xlsx", ".csv")
_BOOKS = (".xlsx", ".csv")  # tracking books: read whole by their own reader, never inside an archive
_UNSUPPORTED = Reason(_texts.UNSUPPORTED, {"kinds": ", ".join(SUPPORTED)})


@dataclass
class Walk:
    """The files found for a list of paths, and what was passed over (reported, never silent).

    ``items`` holds, in walk order, the files to read and the records the walk itself made: an entry that
    cannot be read (an error record) or is passed over for a reason (a ``skipped`` record: a named pipe, a
    device, a link back into a folder being read). ``files`` lists the files alone; ``skipped`` the
    entries passed over by their name (hidden, or of another type); ``missing`` the paths that do not exist.
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    items: list[Path | InputRecord] = field(default_factory=list)

    def _file(self, path: Path) -> None:
        self.files.append(path)
        self.items.append(path)


def file_kind(name: str) -> str | None:
    """``json``, ``jsonl``, ``zip``, ``json.gz``, ``jsonl.gz``, ``gz`` (of something else), ``book`` (a
    tracking-book spreadsheet, .xlsx or .csv), or None."""
    lower = name.lower()
    if lower.endswith(_BOOKS):
        return "book"
    if lower.endswith(".gz"):
        inner = lower[:-3]
        if inner.endswith(".jsonl") or inner.endswith(".ndjson"):
            return "jsonl.gz"
        if inner.endswith(".json"):
            return "json.gz"
        return "gz"
    for ext, kind in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".zip", "zip")):
        if lower.endswith(ext):
            return kind
    return None


for _kind, _vi, _en in (
    ("fifo", "đường ống có tên", "a named pipe"),
    ("socket", "socket", "a socket"),
    ("device", "thiết bị", "a device"),
):
    register_reason(
        f"not_a_regular_file_{_kind}",
        vi=f"không phải tệp thông thường ({_vi}): bỏ qua, không mở",
        en=f"not a regular file ({_en}): passed over, never opened",
    )
register_reason(
    "folder_loop",
    vi="liên kết tượng trưng dẫn ngược về thư mục {folder} đang được đọc: không đọc lại",
    en="a symbolic link back to the folder {folder}, which is being read: not read again",
)
register_reason(
    "folder_seen",
    vi="thư mục này đã được đọc qua đường dẫn {folder}: không đọc lại",
    en="this folder was already read as {folder}: not read again",
)
register_reason(
    "cannot_read_folder", vi="không đọc được thư mục: {error}", en="cannot read this folder: {error}"
)
register_reason("cannot_read_entry", vi="không đọc được: {error}", en="cannot read: {error}")


def special_record(path: str, mode: int) -> InputRecord:
    """The record of an entry that is neither a file nor a folder: passed over, never opened."""
    kind = "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    return InputRecord(path, error=Reason(f"not_a_regular_file_{kind}"), skipped=True)


def walk(
    paths: Iterable[str | os.PathLike[str]],
    *,
    seen: dict[tuple[int, int], str] | None = None,
    books: bool = True,
) -> Walk:
    """Expand directories (sorted, recursively; hidden entries passed over) into input files.

    Only regular files are ever opened: a named pipe, a socket or a device is passed over with its reason,
    whether named on the command line or met in a folder. Symbolic links to folders are followed, each
    folder read once: a link back to a folder being read (a loop), or to one already read, is passed over
    with its reason. A folder or an entry that cannot be read is an error record. ``seen`` carries the
    folders read by earlier walks of the same run (by device and inode), so that they are not read again.
    ``books``: whether tracking-book spreadsheets (.xlsx, .csv) found in folders are inputs
    (``--input-format native`` and ``dvcqg`` pass them over, like any file of another type).
    """
    out = Walk()
    seen = {} if seen is None else seen
    for p in paths:
        path = Path(p)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            out.missing.append(str(path))
            continue
        except OSError as exc:
            out.items.append(
                InputRecord(str(path), error=Reason("cannot_read_entry", {"error": os_error(exc)}))
            )
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk_folder(path, st, out, seen, (), books)
        elif stat.S_ISREG(st.st_mode):
            out._file(path)  # named explicitly: read it whatever its name, or say why not
        else:
            out.items.append(special_record(str(path), st.st_mode))
    return out


def _walk_folder(
    folder: Path,
    st: os.stat_result,
    out: Walk,
    seen: dict[tuple[int, int], str],
    above: tuple[tuple[int, int], ...],
    books: bool,
) -> None:
    key = (st.st_dev, st.st_ino)
    if key in above:
        out.items.append(
            InputRecord(str(folder), error=Reason("folder_loop", {"folder": seen[key]}), skipped=True)
        )
        return
    if key in seen:
        out.items.append(
            InputRecord(str(folder), error=Reason("folder_seen", {"folder": seen[key]}), skipped=True)
        )
        return
    seen[key] = str(folder)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        out.items.append(
            InputRecord(str(folder), error=Reason("cannot_read_folder", {"error": os_error(exc)}))
        )
        return
    folders: list[tuple[Path, os.stat_result]] = []
    for entry in entries:
        full = folder / entry.name
        if entry.name.startswith("."):
            out.skipped.append(str(full))
            continue
        kind = file_kind(entry.name)
        if kind == "book" and not books:
            kind = None
        try:
            if entry.is_dir():  # through symbolic links; the entry's type, mostly without a system call
                folders.append((full, os.stat(full)))
                continue
            if kind is None:
                out.skipped.append(str(full))
                continue
            if entry.is_file():
                out._file(full)
                continue
            mode = os.stat(full).st_mode  # neither: a pipe, a socket, a device
        except OSError as exc:  # a broken link, a race with a deletion
            if kind is None:
                out.skipped.append(str(full))
            else:
                out.items.append(
                    InputRecord(str(full), error=Reason("cannot_read_entry", {"error": os_error(exc)}))
                )
            continue
        out.items.append(special_record(str(full), mode))
    for sub, sub_st in folders:  # files first, then the folders, as os.walk goes
        _walk_folder(sub, sub_st, out, seen, (*above, key), books)


SNIFF_BYTES = 1 << 20
"""How much of a stream of unknown kind is looked at to tell a JSON document from JSON Lines."""
STDIN = "-"
"""The name that stands for standard input among the inputs of ``check``."""
STDIN_SOURCE = "<stdin>"
"""The source of records read from standard input (``<stdin>``, ``<stdin>#0``, ``<stdin>:2``)."""


def sniff_kind(head: bytes) -> str:
    """``jsonl`` when the stream starting with ``head`` holds more than one JSON value on separate lines
    (its first line is a whole value and something follows it), else ``json``: one document, or what its
    reader will report as not JSON."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    text = head.lstrip()
    if text[:1] not in (b"{", b"["):
        return "json"
    first, newline, rest = text.partition(b"\n")
    if not newline or not rest.strip():
        return "json"
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return "json"  # a document written over several lines
    return "jsonl"


class _Prefixed:
    """A byte stream that gives ``head`` back first, then the rest of ``stream`` (what sniffing read)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head, self.stream = head, stream

    def read(self, n: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(n)
        if n is None or n < 0:
            out, self.head = self.head + self.stream.read(), b""
            return out
        out, self.head = self.head[:n], self.head[n:]
        return out


LineReader = Callable[[IO[bytes], str, int], Iterator[InputRecord]]
"""A reader of JSON Lines streams: (stream, source, limit) → records; :func:`~.native.jsonl_records` or one that
reads as it does (``RunJoins.lines``: progress rows indexed on the way)."""


def sniffed_records(
    stream: IO[bytes], source: str, limit: int = DEFAULT_MAX_RECORD_SIZE, lines: LineReader = jsonl_records
) -> Iterator[InputRecord]:
    """Records of a stream whose name does not tell its kind (standard input, a ``.gz`` of another name):
    JSON Lines (read by ``lines``) or a JSON document, as :func:`sniff_kind` tells from its start."""
    head = stream.read(SNIFF_BYTES)
    f = cast(IO[bytes], _Prefixed(head, stream))
    if sniff_kind(head) == "jsonl":
        yield from lines(f, source, limit)
    else:
        yield from json_records(f, source, limit)


def _stream_fault(exc: BaseException) -> str:
    """The reason a compressed stream could not be read, from the exception's class alone (its text is
    the library's, in English)."""
    if isinstance(exc, EOFError):
        return _texts.TRUNCATED_COMPRESSED
    if isinstance(exc, gzip.BadGzipFile):
        return _texts.GZIP_HEADER
    if isinstance(exc, zipfile.BadZipFile):
        return _texts.CORRUPT_MEMBER
    return _texts.CORRUPT_COMPRESSED  # zlib.error, lzma.LZMAError: damaged compressed data


def _zip_fault(exc: BaseException) -> Reason:
    """The reason a zip archive could not be opened, from the exception's class alone."""
    if isinstance(exc, zipfile.BadZipFile):
        return Reason(_texts.NOT_ZIP)
    if isinstance(exc, EOFError):
        return Reason(_texts.TRUNCATED_ZIP)
    if isinstance(exc, NotImplementedError):
        return Reason(_texts.ZIP_VERSION)
    if isinstance(exc, ValueError):
        return Reason(_texts.DAMAGED_ZIP)
    return Reason(_texts.CANNOT_READ, {"error": os_error(exc) if isinstance(exc, OSError) else exc})


def _stream_records(
    kind: str, opener: Callable[[], IO[bytes]], source: str, limit: int, lines: LineReader
) -> Iterator[InputRecord]:
    """Records of one stream of a known kind; a failure mid-way ends it with one error record."""
    try:
        with opener() as raw:
            if kind == "gz":  # the inner name says nothing: the content tells
                with gzip.GzipFile(fileobj=raw) as gz:
                    yield from sniffed_records(cast(IO[bytes], gz), source, limit, lines)
            elif kind in ("jsonl.gz", "json.gz"):
                with gzip.GzipFile(fileobj=raw) as gz:
                    f = cast(IO[bytes], gz)
                    yield from (lines if kind == "jsonl.gz" else json_records)(f, source, limit)
            elif kind == "jsonl":
                yield from lines(raw, source, limit)
            elif kind == "json":
                yield from json_records(raw, source, limit)
            else:
                yield InputRecord(source, error=_UNSUPPORTED)
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile, lzma.LZMAError) as exc:
        yield InputRecord(source, error=Reason(_stream_fault(exc)))
    except (RuntimeError, NotImplementedError) as exc:
        # zipfile raises these for an encrypted member or a compression method Python cannot decode.
        key = _texts.ENCRYPTED_MEMBER if isinstance(exc, RuntimeError) else _texts.METHOD_MEMBER
        yield InputRecord(source, error=Reason(key))
    except OSError as exc:
        yield InputRecord(source, error=Reason(_texts.CANNOT_READ, {"error": os_error(exc)}))


register_reason(
    "empty_archive", vi="tệp nén rỗng: không có tệp hồ sơ nào", en="empty archive: no dossier file in it"
)


def _file_records(path: str, limit: int, lines: LineReader) -> Iterator[InputRecord]:
    kind = file_kind(Path(path).name)
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            # NotImplementedError: a zip format version Python does not read; ValueError: a damaged
            # central directory (e.g. a negative offset).
            yield InputRecord(path, error=_zip_fault(exc))
            return
        with archive:
            members = 0
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or Path(info.filename).name.startswith("."):
                    continue
                members += 1
                member = f"{path}!{info.filename}"
                mkind = file_kind(info.filename)
                if mkind is None or mkind in ("zip", "gz", "book"):
                    yield InputRecord(member, error=Reason(_texts.UNSUPPORTED_MEMBER))
                    continue
                yield from _stream_records(mkind, lambda info=info: archive.open(info), member, limit, lines)  # type: ignore[misc]
            if not members:  # an input that holds no record is an error, whatever its type
                yield InputRecord(path, error=Reason("empty_archive"))
    elif kind is None or kind == "book":  # a book is its reader's (sources.book)
        yield InputRecord(path, error=_UNSUPPORTED)
    else:
        yield from _stream_records(kind, lambda: open(path, "rb"), path, limit, lines)  # noqa: SIM115 - closed by the reader


def iter_file(
    path: str | os.PathLike[str], limit: int = DEFAULT_MAX_RECORD_SIZE, lines: LineReader = jsonl_records
) -> Iterator[InputRecord]:
    """Records of one file, by its name: .json, .jsonl/.ndjson, .zip, .json.gz, .jsonl.gz; a .gz of
    another name by its content (:func:`sniff_kind`).

    ``limit`` is the per-record size limit in bytes (a larger record is an error record). ``lines`` reads
    the JSON Lines streams, wherever they are (a plain file, a zip member, a gzip stream). The file is
    opened as it is: :func:`walk` is what keeps pipes and devices out.
    """
    yield from _file_records(str(path), limit, lines)


def iter_records(
    paths: Iterable[str | os.PathLike[str]], found: Walk | None = None, limit: int = DEFAULT_MAX_RECORD_SIZE
) -> Iterator[InputRecord]:
    """Every record of every input, in a deterministic order; missing paths become error records, and so
    does every entry the walk could not read or passed over for a reason (see :func:`walk`)."""
    found = found if found is not None else walk(paths)
    for m in found.missing:
        yield InputRecord(m, error=Reason(_texts.NO_SUCH_FILE))
    for item in found.items:
        if isinstance(item, InputRecord):
            yield item
        else:
            yield from iter_file(item, limit)
