"""Writing results in input order: line numbers filled in, the JSON array's punctuation, the sink."""

from __future__ import annotations

import codecs
import io
import os
import pickle
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ..render import csv as csv_out
from ..sources.joins import Seen
from ..summary import AuditSummary
from .atomic import OutputError
from .plan import Task
from .signals import blocking
from .workers import REL, Result

if TYPE_CHECKING:
    from ..render.xlsx import XlsxWriter

_REL = re.compile(f"{REL}([0-9]+)(.*)", re.S)


def _absolute(path: str, base: int, source: str) -> str:
    """A summary entry's source: a relative line number (and its place in the line) made absolute."""
    m = _REL.fullmatch(source)
    return f"{path}:{base + int(m.group(1))}{m.group(2)}" if m else source


class Writer:
    """Writes task results in input order, filling in line numbers and the JSON array's punctuation."""

    def __init__(self, sink: Sink, fmt: str, lang: str = "vi", delimiter: str = ",") -> None:
        self.sink = sink
        self.fmt = fmt
        # The workbook takes the findings as they come; it is written to the sink once the summary is in.
        self.xlsx: XlsxWriter | None = None
        if fmt == "xlsx":
            from ..render.xlsx import XlsxWriter

            self.xlsx = XlsxWriter(lang)
        self.any = False
        self.next_line: dict[str, int] = {}
        self.summary = AuditSummary()
        self.seen = Seen()  # what the workers saw of the run's joins
        self._found: dict[str, int] = {}  # records found so far in each JSON Lines file cut into ranges
        if fmt == "csv":
            sink.write(csv_out.header(lang, delimiter))

    def _blob(self, parts: list[bytes | int], base: int) -> bytes:
        blob = b"".join(p if type(p) is bytes else b"%d" % (base + p) for p in parts)  # type: ignore[operator]
        if self.fmt == "json" and blob:
            blob = (b"[\n" + blob[2:]) if not self.any else blob
            self.any = True
        return blob

    def write(self, task: Task, result: Result) -> bool:
        """Write one task's result; True after the last range of a JSON Lines file that held no record."""
        base = 0
        if task.kind == "lines":
            base = self.next_line.get(task.path, 1)
            self.next_line[task.path] = base + result.newlines
        if self.fmt != "text":
            if result.spill is not None:
                with open(result.spill, "rb") as f:
                    while True:
                        try:
                            batch = pickle.load(f)
                        except EOFError:
                            break
                        self._out(self._blob(batch, base))
                os.unlink(result.spill)
            self._out(self._blob(result.parts, base))
        summary = result.summary
        if task.kind == "lines":
            for fd in summary.failing:
                fd.source = _absolute(task.path, base, fd.source)
            summary.errors = [(_absolute(task.path, base, s), r) for s, r in summary.errors]
            summary.skips = [(_absolute(task.path, base, s), r) for s, r in summary.skips]
        if result.seen is not None:
            self.seen.merge(result.seen)
        if task.kind == "lines":
            found = self._found[task.path] = self._found.get(task.path, 0) + summary.records
            self.summary.merge(summary)
            return task.last and not found
        self.summary.merge(summary)
        return False

    def _out(self, blob: bytes) -> None:
        if self.xlsx is not None:
            self.xlsx.add_lines(blob)
        else:
            self.sink.write(blob)

    def close(self) -> None:
        if self.fmt == "json":
            self.sink.write(b"\n]\n" if self.any else b"[]\n")
        self.sink.flush()


class _TextSink(io.RawIOBase):
    """Bytes to a text stream without a binary buffer (e.g. a StringIO in tests)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.out.write(self.decoder.decode(bytes(b)))
        return len(b)

    def flush(self) -> None:
        self.out.flush()


class Sink:
    """Where the records go, as bytes: a write that fails raises :class:`OutputError` naming the output."""

    def __init__(self, raw: Any, name: str) -> None:
        self.raw = raw
        self.name = name

    def write(self, data: bytes) -> None:
        try:
            with blocking():  # a pipe nobody reads must not make the run deaf to signals
                self.raw.write(data)
        except OSError as exc:
            raise OutputError(self.name, exc) from exc

    def flush(self) -> None:
        try:
            with blocking():
                self.raw.flush()
        except OSError as exc:
            raise OutputError(self.name, exc) from exc


def stdout_sink(out: TextIO, name: str) -> Sink:
    """The records to ``out`` (stdout, or a text stream in tests) as bytes."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        try:
            out.flush()
        except OSError as exc:
            raise OutputError(name, exc) from exc
        return Sink(buffer, name)
    return Sink(io.BufferedWriter(_TextSink(out), buffer_size=1 << 16), name)


BROKEN_PIPE = 128 + 13
"""The exit status of a run whose reader went away (``| head``): what a shell reports for SIGPIPE."""


def silence_stdout() -> None:
    """After a broken pipe: stdout goes nowhere, so the interpreter's last flush cannot fail noisily."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a file (tests): nothing to silence
        pass
