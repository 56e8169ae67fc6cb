"""Writing results in input order: line numbers filled in, the JSON array's punctuation, the sink."""

from __future__ import annotations

import codecs
import io
import os
import pickle
import re
from collections.abc import Callable
from typing import Any, BinaryIO, TextIO

from ..render import csv as csv_out
from ..render.xlsx import XlsxWriter
from ..sources.joins import Seen
from ..summary import AuditSummary
from .plan import Task
from .workers import REL, Result

_REL = re.compile(f"{REL}([0-9]+)(.*)", re.S)


def _absolute(path: str, base: int, source: str) -> str:
    """A summary entry's source: a relative line number (and its place in the line) made absolute."""
    m = _REL.fullmatch(source)
    return f"{path}:{base + int(m.group(1))}{m.group(2)}" if m else source


class Writer:
    """Writes task results in input order, filling in line numbers and the JSON array's punctuation."""

    def __init__(self, sink: BinaryIO, fmt: str, lang: str = "vi") -> None:
        self.sink = sink
        self.fmt = fmt
        # The workbook takes the findings as they come; it is written to the sink once the summary is in.
        self.xlsx = XlsxWriter(lang) if fmt == "xlsx" else None
        self.any = False
        self.next_line: dict[str, int] = {}
        self.summary = AuditSummary()
        self.seen = Seen()  # what the workers saw of the run's joins
        if fmt == "csv":
            sink.write(csv_out.header())

    def _blob(self, parts: list[bytes | int], base: int) -> bytes:
        blob = b"".join(p if type(p) is bytes else b"%d" % (base + p) for p in parts)  # type: ignore[operator]
        if self.fmt == "json" and blob:
            blob = (b"[\n" + blob[2:]) if not self.any else blob
            self.any = True
        return blob

    def write(self, task: Task, result: Result) -> None:
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
        self.summary.merge(summary)
        if result.seen is not None:
            self.seen.merge(result.seen)

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


def open_sink(output: str | None, out: TextIO) -> tuple[BinaryIO, Callable[[], None]]:
    """Where the records go (``output``, else ``out``) as bytes, and how to close or flush it."""
    if output:
        f = open(output, "wb")  # noqa: SIM115 - closed by the returned callback
        return f, f.close
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        return buffer, buffer.flush
    sink = io.BufferedWriter(_TextSink(out), buffer_size=1 << 16)
    return sink, sink.flush
