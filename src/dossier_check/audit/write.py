"""Writing results in input order: line numbers filled in, the JSON array's punctuation, the sink."""

from __future__ import annotations

import codecs
import io
import os
import pickle
from collections.abc import Callable
from typing import Any, BinaryIO, TextIO

from ..render import csv as csv_out
from ..render.xlsx import XlsxWriter
from ..summary import AuditSummary
from .plan import Task
from .workers import REL, Result


class Writer:
    """Writes task results in input order, filling in line numbers and the JSON array's punctuation."""

    def __init__(self, sink: BinaryIO, fmt: str, lang: str = "vi", delimiter: str = ",") -> None:
        self.sink = sink
        self.fmt = fmt
        # The workbook takes the findings as they come; it is written to the sink once the summary is in.
        self.xlsx = XlsxWriter(lang) if fmt == "xlsx" else None
        self.any = False
        self.next_line: dict[str, int] = {}
        self.summary = AuditSummary()
        if fmt == "csv":
            sink.write(csv_out.header(lang, delimiter))

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
                if fd.source.startswith(REL):
                    fd.source = f"{task.path}:{base + int(fd.source[1:])}"
            summary.errors = [
                (f"{task.path}:{base + int(s[1:])}" if s.startswith(REL) else s, r) for s, r in summary.errors
            ]
        self.summary.merge(summary)

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
