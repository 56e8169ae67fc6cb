"""The native format: JSON documents, JSON arrays read element by element, and JSON Lines.

Sources: ``file`` (a .json holding one object), ``file#index`` (an element of a JSON array, from 0) and
``file:line`` (JSON Lines, from 1). A fault becomes an error record that says where it is; the elements
and lines before it are kept.

Every reader reads in bounded blocks and holds at most one record of ``limit`` bytes (the per-record size
limit, ``--max-record-size``): a larger JSON document, array element or line is an error record that says
which limit it hit and how to raise it, found while reading, never after loading it. A stream holding no
record at all — no byte, or white space only — is one error record (:data:`EMPTY`); an empty JSON array is
one ``skipped`` record that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

import orjson

from ..config import DEFAULT_MAX_RECORD_SIZE
from ..reasons import Reason, register_reason
from . import _texts
from .record import InputRecord

__all__ = [
    "EMPTY",
    "EMPTY_ARRAY",
    "FAST_JSON_BYTES",
    "JSON_BLOCK",
    "TOO_LARGE_HINT",
    "format_size",
    "json_error",
    "json_records",
    "jsonl_records",
    "range_records",
    "too_large",
]

_BOM = b"\xef\xbb\xbf"
FAST_JSON_BYTES = 8 << 20
"""A ``.json`` document up to this size is parsed whole; a larger array is read element by element."""
JSON_BLOCK = 1 << 20
LINE_BLOCK = 1 << 20
"""Bytes read at a time from a JSON Lines stream."""
EDGE_BLOCK = 1 << 14
"""Bytes first read to find where a line ends at a byte range's edges (doubled up to ``LINE_BLOCK`` while no
newline is found). A line is a few kilobytes: reading a megabyte at each end of a range to find one made an
audit read each 4 MiB range as up to 6 MiB (measured with ``rchar``: 60.1 MB read for an 18.8 MB file,
43.8 MB since: 6.1 MB of start-up, the ranges, and the search for progress rows before them)."""

TOO_LARGE_HINT = {
    "vi": "nâng giới hạn bằng tùy chọn --max-record-size hoặc khóa max_record_size trong tệp cấu hình",
    "en": "raise it with --max-record-size or the max_record_size key of the configuration file",
}
register_reason(
    "record_too_large_line",
    vi=f"dòng này lớn hơn giới hạn {{limit}} cho mỗi bản ghi; {TOO_LARGE_HINT['vi']}",
    en=f"this line is larger than the limit of {{limit}} per record; {TOO_LARGE_HINT['en']}",
)
register_reason(
    "record_too_large_document",
    vi=f"tài liệu JSON lớn hơn giới hạn {{limit}} cho mỗi bản ghi; {TOO_LARGE_HINT['vi']}",
    en=f"the JSON document is larger than the limit of {{limit}} per record; {TOO_LARGE_HINT['en']}",
)
register_reason(
    "record_too_large_element",
    vi=f"phần tử {{index}} của mảng JSON lớn hơn giới hạn {{limit}} cho mỗi bản ghi; {TOO_LARGE_HINT['vi']}; "
    "phần còn lại của tệp không được đọc",
    en=f"element {{index}} of the JSON array is larger than the limit of {{limit}} per record; "
    f"{TOO_LARGE_HINT['en']}; the rest of the file was not read",
)
EMPTY = register_reason("empty_input", vi="tệp rỗng: không có hồ sơ nào", en="empty file: no dossier in it")
EMPTY_ARRAY = register_reason(
    "empty_array", vi="mảng JSON rỗng: không có hồ sơ nào", en="an empty JSON array: no dossier in it"
)


def format_size(size: int) -> str:
    """A size as people write it: ``64 MiB``, ``512 KiB``, ``1000 B``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift} {unit}"
    return f"{size} B"


def too_large(source: str, what: str, limit: int, **params: object) -> InputRecord:
    """The error record of a record over the limit: ``what`` is ``line``, ``document`` or ``element``."""
    return InputRecord(
        source, error=Reason(f"record_too_large_{what}", {"limit": format_size(limit), **params})
    )


def _parse(data: bytes, source: str) -> InputRecord:
    try:
        return InputRecord(source, orjson.loads(data), raw=data)
    except orjson.JSONDecodeError as exc:
        return InputRecord(source, error=json_error(exc, data))


def json_error(exc: Exception, data: bytes) -> Reason:
    """Why ``data`` is not a JSON value, in the words every error record uses (the parser's own detail,
    with its position, is kept inside the sentence)."""
    msg = str(exc)
    if "utf-8" in msg.lower():
        # the parser's text is English and its position wrong (always the start): find the byte ourselves
        data = bytes(data)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            where = {"offset": bad.start, "line": data.count(b"\n", 0, bad.start) + 1}
            return Reason(_texts.NOT_UTF8, where)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Reason(_texts.UTF16)
    line, column = getattr(exc, "lineno", "?"), getattr(exc, "colno", "?")
    why = {"detail": msg, "msg": getattr(exc, "msg", msg), "line": line, "column": column}
    return Reason(_texts.BAD_JSON, why)


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, bool]]:
    """The lines of ``stream``, read in bounded blocks: (number from 1, line without its newline or None
    when it is longer than ``limit``, whether a newline ended it). A long line is skipped, never held."""
    n = 0
    head: list[bytes] = []  # the pieces of the current line read so far
    held = 0
    over = False  # the current line is already longer than the limit
    while True:
        block = stream.read(LINE_BLOCK)
        if not block:
            break
        # split, not _split_lines: a block holds many short lines when it is a portal export's progress
        # rows (about 300 bytes), where split's byte loop costs less than a find per line (measured: the
        # portal reader +2,300 instructions a dossier with _split_lines here, the native one −20,700).
        pieces = block.split(b"\n")
        last = pieces.pop()
        for piece in pieces:
            n += 1
            if over:
                over = False
                yield n, None, True
                continue
            if head:
                head.append(piece)
                piece = b"".join(head)
                head, held = [], 0
            yield n, (piece if len(piece) <= limit else None), True
        if last and not over:
            held += len(last)
            if held > limit:
                over, head, held = True, [], 0
            else:
                head.append(last)
    if over or head:
        yield n + 1, (None if over else b"".join(head)), False


def jsonl_records(
    stream: IO[bytes],
    source: str,
    limit: int = DEFAULT_MAX_RECORD_SIZE,
    take: Callable[[Any, str], bool] | None = None,
) -> Iterator[InputRecord]:
    """Records of a JSON Lines stream (``source:line``, from 1); blank lines are not records; a line longer
    than ``limit`` bytes is an error record; a stream without a record is one error record.

    ``take(value, source)``, when given, sees each parsed value first and returns True for one it keeps
    (the portal reader indexes its progress rows so): that line yields no record, but it counts as one.
    """
    found = False
    for n, line, newline in _bounded_lines(stream, limit):
        if line is None:
            found = True
            yield too_large(f"{source}:{n}", "line", limit)
            continue
        if n == 1 and line.startswith(_BOM):
            line = line[3:]
        if not line.strip():
            continue
        found = True
        where = f"{source}:{n}"
        if take is None:
            yield _parse_line(line, newline, where)
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            yield _parse_line(line, newline, where)  # the error record, its position read as the file has it
            continue
        if not take(value, where):
            yield InputRecord(where, value, raw=line)
    if not found:
        yield InputRecord(source, error=Reason(EMPTY))


def _parse_line(line: bytes, newline: bool, source: str) -> InputRecord:
    try:
        return InputRecord(source, orjson.loads(line), raw=line)
    except orjson.JSONDecodeError:
        # Parse the line as the file holds it (with its newline), so that the error's position reads the
        # same whichever reader found it.
        return _parse(line + b"\n" if newline else line, source)


_WS = re.compile(rb"[ \t\r\n]*")
# Everything up to the next bracket outside a string (complete strings are skipped whole).
_SCAN = re.compile(rb'[^"\[\]{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"\[\]{}]*)*', re.S)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(rb"[^,\]\s]*")


_OPENS = re.compile(rb"[\[{]+")
_CLOSES = re.compile(rb"[\]}]+")


def _element_end(
    data: bytes, start: int, scan: tuple[int, int] | None
) -> tuple[int | None, tuple[int, int] | None]:
    """Where the JSON value starting at ``start`` ends (None when ``data`` stops before its end), and where a
    container's scan got to (position, depth), so that the next call with more data resumes there instead
    of scanning the element again. Runs of brackets are taken whole: a deep nesting costs one step."""
    c = data[start]
    if c == 0x7B or c == 0x5B:  # { [
        p, depth = (start, 0) if scan is None else (_SCAN.match(data, scan[0]).end(), scan[1])  # type: ignore[union-attr]
        n = len(data)
        while p < n:
            ch = data[p]
            if ch == 0x7B or ch == 0x5B:
                run = _OPENS.match(data, p).end() - p  # type: ignore[union-attr]
                depth += run
                p += run
            elif ch == 0x7D or ch == 0x5D:
                run = _CLOSES.match(data, p).end() - p  # type: ignore[union-attr]
                if run >= depth:
                    return p + depth, None
                depth -= run
                p += run
            else:  # an opening quote whose string does not close inside ``data``
                return None, (p, depth)
            p = _SCAN.match(data, p).end()  # type: ignore[union-attr]
        return None, (p, depth)
    if c == 0x22:
        m = _STRING.match(data, start)
        return (m.end() if m else None), None
    end = _SCALAR.match(data, start).end()  # type: ignore[union-attr]
    return (None if end == len(data) else end), None


def _split_array(
    data: bytes, f: IO[bytes] | None, source: str, limit: int = DEFAULT_MAX_RECORD_SIZE
) -> Iterator[InputRecord]:
    """Records of a JSON array read element by element (``data`` starts with it; ``f`` has the rest).

    An element longer than ``limit`` bytes ends the file with an error record (where the next element
    starts cannot be known without reading it whole).
    """
    eof = f is None

    def more(keep: int) -> tuple[bytes, bool]:
        held = len(data) - keep
        want = max(JSON_BLOCK, min(held, limit + 1 - held))  # doubling, but never far past the limit
        chunk = f.read(want) if f is not None else b""
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
                if index == 0:
                    yield InputRecord(source, error=Reason(EMPTY_ARRAY), skipped=True)
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
        end, scan = _element_end(data, pos, None)
        while end is None and not eof:
            if len(data) - pos > limit:
                yield too_large(f"{source}#{index}", "element", limit, index=index)
                return
            data, eof = more(pos)
            if scan is not None:
                scan = (scan[0] - pos, scan[1])
            pos = 0
            end, scan = _element_end(data, pos, scan)
        if end is not None and end - pos > limit:
            yield too_large(f"{source}#{index}", "element", limit, index=index)
            return
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


def json_records(f: IO[bytes], source: str, limit: int = DEFAULT_MAX_RECORD_SIZE) -> Iterator[InputRecord]:
    """Records of a ``.json`` document: one object, or an array read element by element.

    A document (or an array element) longer than ``limit`` bytes is an error record; so is a document
    holding nothing but white space.
    """
    whole = min(FAST_JSON_BYTES, limit)  # up to this size a document is parsed in one go
    head = f.read(whole + 1)
    if head.startswith(_BOM):
        head = head[3:]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield InputRecord(source, error=Reason(_texts.UTF16))
        return
    first = _WS.match(head).end()  # type: ignore[union-attr]
    is_array = head[first : first + 1] == b"["
    if len(head) > whole:
        if is_array:
            yield from _split_array(head, f, source, limit)
            return
        while len(head) <= limit:  # white space or one object: read on up to the limit, no further
            more = f.read(min(limit + 1 - len(head), 16 << 20))
            if not more:
                break
            head += more
        if len(head) > limit:
            yield too_large(source, "document", limit)
            return
    if not head.strip():
        yield InputRecord(source, error=Reason(EMPTY))
        return
    try:
        value = orjson.loads(head)
    except orjson.JSONDecodeError as exc:
        if is_array:  # salvage the elements before the fault and say exactly where it is
            yield from _split_array(head, None, source, limit)
        else:
            yield InputRecord(source, error=json_error(exc, head))
        return
    if isinstance(value, list):
        if not value:
            yield InputRecord(source, error=Reason(EMPTY_ARRAY), skipped=True)
        for i, item in enumerate(value):
            yield InputRecord(f"{source}#{i}", item)
    else:
        yield InputRecord(source, value)


# --- byte ranges of JSON Lines (how an audit cuts a large file into tasks) ---------------------------


def _find_newline(f: IO[bytes], most: int) -> tuple[int, bool]:
    """Read on to the next newline, at most ``most`` bytes, keeping nothing: (bytes read up to and
    including it, whether it was found)."""
    seen = 0
    want = EDGE_BLOCK
    while seen < most:
        block = f.read(min(want, most - seen))
        if not block:
            break
        i = block.find(b"\n")
        if i >= 0:
            return seen + i + 1, True
        seen += len(block)
        want = min(2 * want, LINE_BLOCK)
    return seen, False


def _rest_of_line(f: IO[bytes], room: int) -> tuple[bytes | None, bool]:
    """The rest of a line, up to and including its newline: (the bytes, or None when they would exceed
    ``room``; whether a newline ended the line)."""
    pieces: list[bytes] = []
    size = 0
    want = EDGE_BLOCK
    while True:
        block = f.read(want)
        want = min(2 * want, LINE_BLOCK)
        if not block:
            return (b"".join(pieces) if size <= room else None), False
        i = block.find(b"\n")
        if i >= 0:
            if size + i > room:
                return None, True
            pieces.append(block[: i + 1])
            return b"".join(pieces), True
        size += len(block)
        if size > room:
            return None, _find_newline(f, 1 << 62)[1]
        pieces.append(block)


def _split_lines(data: bytes) -> list[bytes]:
    """``data.split(b"\\n")``, each newline found by ``find`` (memchr) instead of the byte-by-byte loop that
    ``split`` and ``count`` run for a one-byte separator: about 43,000 instructions less a line of the
    benchmark's dossiers (4.7 KB), counting the newlines included (one less than the pieces). Short lines
    cost more this way (measured: about 2,900 instructions a line of 300 bytes, against 1,750 by ``split``;
    4,100 against 24,500 for 4.7 KB), which is why ``check``'s block reader keeps ``split``: its blocks may
    be a portal export's progress rows. ``tests/test_audit_fast_paths.py`` holds it to ``split`` on any
    bytes."""
    lines: list[bytes] = []
    append = lines.append
    find = data.find
    pos = 0
    i = find(b"\n")
    while i >= 0:
        append(data[pos:i])
        pos = i + 1
        i = find(b"\n", pos)
    append(data[pos:])
    return lines


def _range_lines(path: str, start: int, end: int, limit: int) -> tuple[int, list[bytes | None], bool]:
    """The lines that *begin* in ``[start, end)``: (newline count, lines, first line of the file).

    The lines come without their ``\n``; all but the last of them had one (the count says whether it did).
    A line longer than ``limit`` is None: read past, never held.
    """
    with open(path, "rb") as f:
        if start > 0:
            # The first line that begins at or after ``start``: after a newline at start - 1 or later. A
            # newline at or after ``end`` means no line begins here (a long line owned by an earlier range).
            f.seek(start - 1)
            skip, found = _find_newline(f, end - start + 1)
            if not found:
                return 0, [], False
            start = start - 1 + skip
            if start >= end:
                return 0, [], False
        f.seek(start)
        data = f.read(end - start)
        rest: bytes | None = b""
        found = False
        if data and not data.endswith(b"\n"):  # the last line began inside the range: it is ours to its end
            began = data.rfind(b"\n") + 1
            rest, found = _rest_of_line(f, limit - (len(data) - began))
    # The rest of the last line is joined to that line alone, not to the whole range: appending it to
    # ``data`` would copy the range (megabytes) once more for a few kilobytes.
    lines: list[bytes | None] = _split_lines(data)  # type: ignore[assignment]
    newlines = len(lines) - 1 + found
    if rest is None:  # the last line is longer than the limit: the lines before it are kept, it is read past
        lines[-1] = None
    elif rest:
        lines[-1] += rest[:-1] if found else rest  # type: ignore[operator]
    elif not lines[-1]:  # the range ended with a newline
        lines.pop()
    if limit < end - start:  # a line inside the range may be over the limit too
        lines = [None if line is not None and len(line) > limit else line for line in lines]
    return newlines, lines, start == 0


def range_records(
    path: str, start: int, end: int, limit: int = DEFAULT_MAX_RECORD_SIZE
) -> tuple[int, Iterator[tuple[int, InputRecord]]]:
    """The records of the JSON Lines that begin in bytes ``[start, end)`` of ``path``.

    Returns the number of newlines read (so the caller can number the next range's lines) and the
    records with their line number relative to the range (from 0), each with an empty ``source``: a
    range cannot know its absolute line numbers. The bytes are read at once (``OSError`` is raised
    here); the lines are parsed as they are iterated. A line longer than ``limit`` is an error record.
    """
    newlines, lines, first = _range_lines(path, start, end, limit)
    return newlines, _range_items(lines, first, newlines, limit)


def _range_items(
    lines: list[bytes | None], first: bool, newlines: int, limit: int
) -> Iterator[tuple[int, InputRecord]]:
    loads = orjson.loads
    for rel, line in enumerate(lines):
        if line is None:
            yield rel, too_large("", "line", limit)
            continue
        if rel == 0 and first and line.startswith(_BOM):
            line = line[3:]
        # Parsed first, and only a line that does not parse is looked at again: a blank line (white space
        # alone never parses) is no record, saving a copy of every other line.
        try:
            data = loads(line)
        except orjson.JSONDecodeError:
            if not line.strip():
                continue
        else:
            yield rel, InputRecord("", data)
            continue
        # Parse the line as the file holds it (with its newline) so that the error's position reads exactly
        # as `dossier-check check` reports it.
        whole = line + b"\n" if rel < newlines else line
        try:
            orjson.loads(whole)
            item = InputRecord("", error=Reason(_texts.BAD_JSON_PLAIN))  # pragma: no cover - cannot happen
        except orjson.JSONDecodeError as exc:
            item = InputRecord("", error=json_error(exc, whole))
        yield rel, item
