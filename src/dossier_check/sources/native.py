"""The native format: JSON documents, JSON arrays read element by element, and JSON Lines.

Sources: ``file`` (a .json holding one object), ``file#index`` (an element of a JSON array, from 0) and
``file:line`` (JSON Lines, from 1). A fault becomes an error record that says where it is; the elements
and lines before it are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

import orjson

from ..reasons import Reason
from . import _texts
from .record import InputRecord

__all__ = ["FAST_JSON_BYTES", "JSON_BLOCK", "json_error", "json_records", "jsonl_records", "range_records"]

_BOM = b"\xef\xbb\xbf"
FAST_JSON_BYTES = 8 << 20
"""A ``.json`` document up to this size is parsed whole; a larger array is read element by element."""
JSON_BLOCK = 1 << 20


def _parse(data: bytes, source: str) -> InputRecord:
    try:
        return InputRecord(source, orjson.loads(data), raw=data)
    except orjson.JSONDecodeError as exc:
        return InputRecord(source, error=json_error(exc, data))


def json_error(exc: Exception, data: bytes) -> Reason:
    """Why ``data`` is not a JSON value, in the words every error record uses (the parser's own detail,
    with its position, is kept inside the sentence)."""
    msg = str(exc)
    if "utf-8" in msg.lower() or "UTF-8" in msg:
        return Reason(_texts.NOT_UTF8, {"detail": msg})
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Reason(_texts.UTF16)
    line, column = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
    why = {"detail": msg, "msg": getattr(exc, "msg", msg), "line": line, "column": column}
    return Reason(_texts.BAD_JSON, why)


def jsonl_records(stream: Iterable[bytes], source: str) -> Iterator[InputRecord]:
    """Records of a JSON Lines stream (``source:line``, from 1); blank lines are not records."""
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
                yield InputRecord(source, error=Reason(_texts.ARRAY_NOT_CLOSED))
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
                        yield InputRecord(source, error=Reason(_texts.AFTER_ARRAY))
                        return
                    if eof:
                        return
                    data, eof = more(pos)
                    pos = 0
            yield InputRecord(
                f"{source}#{index}",
                error=Reason(_texts.NO_SEPARATOR, {"index": index - 1}),
            )
            return
        end = _element_end(data, pos)
        while end is None and not eof:
            data, eof = more(pos)
            pos = 0
            end = _element_end(data, pos)
        if end is None:
            yield InputRecord(f"{source}#{index}", error=Reason(_texts.ENDS_IN_ELEMENT, {"index": index}))
            return
        try:
            value = orjson.loads(memoryview(data)[pos:end])
        except orjson.JSONDecodeError as exc:
            reason = json_error(exc, data[pos:end])
            why = Reason(_texts.BAD_ELEMENT, {"reason": reason, "index": index})
            yield InputRecord(f"{source}#{index}", error=why)
            return
        yield InputRecord(f"{source}#{index}", value)
        index += 1
        pos = end
        expect = "sep"


def json_records(f: IO[bytes], source: str) -> Iterator[InputRecord]:
    """Records of a ``.json`` document: one object, or an array read element by element."""
    head = f.read(FAST_JSON_BYTES + 1)
    if head.startswith(_BOM):
        head = head[3:]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield InputRecord(source, error=Reason(_texts.UTF16))
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
            yield InputRecord(source, error=json_error(exc, head))
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield InputRecord(f"{source}#{i}", item)
    else:
        yield InputRecord(source, value)


# --- byte ranges of JSON Lines (how an audit cuts a large file into tasks) ---------------------------


def _range_lines(path: str, start: int, end: int) -> tuple[int, list[bytes], bool]:
    """The lines that *begin* in ``[start, end)``: (newline count, lines, first line of the file).

    The lines come without their ``\n``; all but the last of them had one (the count says whether it did).
    """
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            start = start - 1 + len(f.readline())  # the first line that begins at or after ``start``
            if start >= end:
                return 0, [], False
        f.seek(start)
        data = f.read(end - start)
        if data and not data.endswith(b"\n"):
            data += f.readline()  # the last line began inside the range: it is ours to its end
    newlines = data.count(b"\n")
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return newlines, lines, start == 0


def range_records(path: str, start: int, end: int) -> tuple[int, Iterator[tuple[int, InputRecord]]]:
    """The records of the JSON Lines that begin in bytes ``[start, end)`` of ``path``.

    Returns the number of newlines read (so the caller can number the next range's lines) and the
    records with their line number relative to the range (from 0), each with an empty ``source``: a
    range cannot know its absolute line numbers. The bytes are read at once (``OSError`` is raised
    here); the lines are parsed as they are iterated.
    """
    newlines, lines, first = _range_lines(path, start, end)
    return newlines, _range_items(lines, first, newlines)


def _range_items(lines: list[bytes], first: bool, newlines: int) -> Iterator[tuple[int, InputRecord]]:
    for rel, line in enumerate(lines):
        if rel == 0 and first and line.startswith(_BOM):
            line = line[3:]
        if not line.strip():
            continue
        try:
            item = InputRecord("", orjson.loads(line))
        except orjson.JSONDecodeError:
            # Parse the line as the file holds it (with its newline) so that the error's position
            # reads exactly as `dossier-check check` reports it.
            whole = line + b"\n" if rel < newlines else line
            try:
                orjson.loads(whole)
                item = InputRecord(
                    "", error=Reason(_texts.BAD_JSON_PLAIN)
                )  # pragma: no cover - cannot happen
            except orjson.JSONDecodeError as exc:
                item = InputRecord("", error=json_error(exc, whole))
        yield rel, item
