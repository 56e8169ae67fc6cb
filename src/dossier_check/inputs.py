"""Reading dossier exports: files, directories, JSON, JSON Lines, zip archives and gzip files.

Every input yields records, each with its ``source``: ``file`` (a .json holding one object),
``file#index`` (an element of a JSON array, from 0), ``file:line`` (JSON Lines, from 1) and
``archive.zip!member…`` inside archives. Unreadable input becomes a record with an ``error`` and the
run goes on: nothing is skipped silently, and nothing raises.
"""

from __future__ import annotations

import gzip
import lzma
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import orjson

__all__ = ["InputRecord", "Walk", "iter_records", "walk"]

_BOM = b"\xef\xbb\xbf"
FAST_JSON_BYTES = 8 << 20
"""A ``.json`` document up to this size is parsed whole; a larger array is read element by element."""
JSON_BLOCK = 1 << 20
SUPPORTED = (".json", ".jsonl", ".ndjson", ".zip", ".gz")
_UNSUPPORTED = f"unsupported file type (expected {', '.join(SUPPORTED)})"


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One record read from the input: a parsed JSON value, or the reason it could not be read."""

    source: str
    data: Any = None
    error: str | None = None
    raw: bytes | None = field(default=None, repr=False)


@dataclass
class Walk:
    """The files found for a list of paths, and what was passed over (reported, never silent)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _kind(name: str) -> str | None:
    lower = name.lower()
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


def walk(paths: Iterable[str | os.PathLike[str]]) -> Walk:
    """Expand directories (sorted, recursively; hidden entries passed over) into input files."""
    out = Walk()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                out.skipped.extend(str(Path(root) / d) for d in sorted(dirs) if d.startswith("."))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = Path(root) / name
                    if name.startswith(".") or _kind(name) is None:
                        out.skipped.append(str(full))
                    else:
                        out.files.append(full)
        elif path.exists():
            out.files.append(path)  # named explicitly: read it whatever its name, or say why not
        else:
            out.missing.append(str(path))
    return out


def _parse(data: bytes, source: str) -> InputRecord:
    try:
        return InputRecord(source, orjson.loads(data), raw=data)
    except orjson.JSONDecodeError as exc:
        return InputRecord(source, error=_json_error(exc, data))


def _json_error(exc: Exception, data: bytes) -> str:
    msg = str(exc)
    if "utf-8" in msg.lower() or "UTF-8" in msg:
        return f"not UTF-8 text: {msg}"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "not UTF-8 text (looks like UTF-16); re-export as UTF-8"
    return f"not valid JSON: {msg}"


def _jsonl_lines(stream: Iterable[bytes], source: str) -> Iterator[InputRecord]:
    for n, line in enumerate(stream, start=1):
        if n == 1 and line.startswith(_BOM):
            line = line[3:]
        if not line.strip():
            continue
        yield _parse(line, f"{source}:{n}")


_WS = re.compile(rb"[ \t\r\n]*")
# Everything up to the next bracket outside a string (complete strings are skipped whole).
_SCAN = re.compile(rb'[^"\[\]{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"\[\]{}]*)*', re.S)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(rb"[^,\]\s]*")


def _element_end(data: bytes, start: int) -> int | None:
    """Where the JSON value starting at ``start`` ends, or None when ``data`` stops before its end."""
    c = data[start]
    if c == 0x7B or c == 0x5B:  # { [
        depth = 0
        p, n = start, len(data)
        while p < n:
            ch = data[p]
            if ch == 0x7B or ch == 0x5B:
                depth += 1
            elif ch == 0x7D or ch == 0x5D:
                depth -= 1
                if depth == 0:
                    return p + 1
            else:  # an opening quote whose string does not close inside ``data``
                return None
            p = _SCAN.match(data, p + 1).end()  # type: ignore[union-attr]
        return None
    if c == 0x22:
        m = _STRING.match(data, start)
        return m.end() if m else None
    end = _SCALAR.match(data, start).end()  # type: ignore[union-attr]
    return None if end == len(data) else end


def _split_array(data: bytes, f: IO[bytes] | None, source: str) -> Iterator[InputRecord]:
    """Records of a JSON array read element by element (``data`` starts with it; ``f`` has the rest)."""
    eof = f is None

    def more(keep: int) -> tuple[bytes, bool]:
        chunk = f.read(max(JSON_BLOCK, len(data) - keep)) if f is not None else b""
        return data[keep:] + chunk, not chunk

    pos = _WS.match(data, 0).end() + 1  # type: ignore[union-attr]
    index = 0
    expect = "first"
    while True:
        pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
        if pos >= len(data):
            if eof:
                yield InputRecord(source, error="truncated: the JSON array is not closed (no final ']')")
                return
            data, eof = more(pos)
            pos = 0
            continue
        c = data[pos]
        if expect == "sep" or (expect == "first" and c == 0x5D):
            if c == 0x2C and expect == "sep":
                pos += 1
                expect = "value"
                continue
            if c == 0x5D:
                pos += 1
                while True:  # only white space may follow the array
                    pos = _WS.match(data, pos).end()  # type: ignore[union-attr]
                    if pos < len(data):
                        yield InputRecord(
                            source, error="not valid JSON: unexpected data after the closing ']'"
                        )
                        return
                    if eof:
                        return
                    data, eof = more(pos)
                    pos = 0
            yield InputRecord(
                f"{source}#{index}",
                error=f"not valid JSON: expected ',' or ']' after element {index - 1}; "
                "the rest of the file was not read",
            )
            return
        end = _element_end(data, pos)
        while end is None and not eof:
            data, eof = more(pos)
            pos = 0
            end = _element_end(data, pos)
        if end is None:
            yield InputRecord(f"{source}#{index}", error=f"truncated: the file ends inside element {index}")
            return
        try:
            value = orjson.loads(memoryview(data)[pos:end])
        except orjson.JSONDecodeError as exc:
            reason = _json_error(exc, data[pos:end])
            yield InputRecord(
                f"{source}#{index}", error=f"{reason} (element {index}; the rest of the file was not read)"
            )
            return
        yield InputRecord(f"{source}#{index}", value)
        index += 1
        pos = end
        expect = "sep"


def _json_records(f: IO[bytes], source: str) -> Iterator[InputRecord]:
    """Records of a ``.json`` document: one object, or an array read element by element."""
    head = f.read(FAST_JSON_BYTES + 1)
    if head.startswith(_BOM):
        head = head[3:]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield InputRecord(source, error="not UTF-8 text (looks like UTF-16); re-export as UTF-8")
        return
    first = _WS.match(head).end()  # type: ignore[union-attr]
    is_array = head[first : first + 1] == b"["
    if len(head) > FAST_JSON_BYTES:
        if is_array:
            yield from _split_array(head, f, source)
            return
        head += f.read()
    if not head.strip():
        yield InputRecord(source, error="empty file: no dossier in it")
        return
    try:
        value = orjson.loads(head)
    except orjson.JSONDecodeError as exc:
        if is_array:  # salvage the elements before the fault and say exactly where it is
            yield from _split_array(head, None, source)
        else:
            yield InputRecord(source, error=_json_error(exc, head))
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield InputRecord(f"{source}#{i}", item)
    else:
        yield InputRecord(source, value)


def _stream_records(kind: str, opener: Callable[[], IO[bytes]], source: str) -> Iterator[InputRecord]:
    """Records of one stream of a known kind; a failure mid-way ends it with one error record."""
    try:
        with opener() as raw:
            if kind in ("jsonl.gz", "json.gz"):
                with gzip.GzipFile(fileobj=raw) as gz:
                    f = cast(IO[bytes], gz)
                    reader = _jsonl_lines(f, source) if kind == "jsonl.gz" else _json_records(f, source)
                    yield from reader
            elif kind == "jsonl":
                yield from _jsonl_lines(raw, source)
            elif kind == "json":
                yield from _json_records(raw, source)
            else:
                yield InputRecord(source, error=_UNSUPPORTED)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputRecord(source, error=f"truncated or corrupt compressed data: {exc or type(exc).__name__}")
    except zipfile.BadZipFile as exc:
        yield InputRecord(source, error=f"corrupt zip member: {exc}")
    except (RuntimeError, NotImplementedError, lzma.LZMAError) as exc:
        # zipfile raises these for an encrypted member, a compression method Python cannot decode, or
        # damaged LZMA data.
        yield InputRecord(source, error=f"cannot read this zip member: {exc}")
    except OSError as exc:
        yield InputRecord(source, error=f"cannot read: {exc.strerror or exc}")


def _file_records(path: str) -> Iterator[InputRecord]:
    kind = _kind(Path(path).name)
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            # NotImplementedError: a zip format version Python does not read; ValueError: a damaged
            # central directory (e.g. a negative offset).
            yield InputRecord(path, error=f"not a readable zip archive: {exc}")
            return
        with archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or Path(info.filename).name.startswith("."):
                    continue
                member = f"{path}!{info.filename}"
                mkind = _kind(info.filename)
                if mkind is None or mkind in ("zip", "gz"):
                    yield InputRecord(member, error="unsupported member type inside a zip archive")
                    continue
                yield from _stream_records(mkind, lambda info=info: archive.open(info), member)  # type: ignore[misc]
    elif kind is None or kind == "gz":
        yield InputRecord(path, error=_UNSUPPORTED)
    else:
        yield from _stream_records(kind, lambda: open(path, "rb"), path)  # noqa: SIM115 - closed by the reader


# --- checking and serialising (in the workers) ------------------------------------------------------


def iter_file(path: str | os.PathLike[str]) -> Iterator[InputRecord]:
    """Records of one file, by its name: .json, .jsonl/.ndjson, .zip, .json.gz, .jsonl.gz."""
    yield from _file_records(str(path))


def iter_records(paths: Iterable[str | os.PathLike[str]], found: Walk | None = None) -> Iterator[InputRecord]:
    """Every record of every input, in a deterministic order; missing paths become error records."""
    found = found if found is not None else walk(paths)
    for m in found.missing:
        yield InputRecord(m, error="no such file or directory")
    for f in found.files:
        yield from iter_file(f)
