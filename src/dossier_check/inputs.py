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
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

__all__ = ["InputRecord", "Walk", "iter_records", "walk"]

_BOM = b"\xef\xbb\xbf"
SUPPORTED = (".json", ".jsonl", ".ndjson", ".zip", ".gz")


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


def _json_doc(data: bytes, source: str) -> Iterator[InputRecord]:
    if data.startswith(_BOM):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield InputRecord(source, error="not UTF-8 text (looks like UTF-16); re-export as UTF-8")
        return
    if not data.strip():
        yield InputRecord(source, error="empty file: no dossier in it")
        return
    rec = _parse(data, source)
    if rec.error is None and isinstance(rec.data, list):
        for i, item in enumerate(rec.data):
            yield InputRecord(f"{source}#{i}", item)
        return
    yield InputRecord(source, rec.data, rec.error)


def _jsonl_lines(stream: Iterable[bytes], source: str) -> Iterator[InputRecord]:
    for n, line in enumerate(stream, start=1):
        if n == 1 and line.startswith(_BOM):
            line = line[3:]
        if not line.strip():
            continue
        yield _parse(line, f"{source}:{n}")


def _read_stream(kind: str, opener: Any, source: str) -> Iterator[InputRecord]:
    """Read one file of a known kind; failures mid-way end it with one error record."""
    try:
        if kind == "jsonl":
            with opener() as f:
                yield from _jsonl_lines(f, source)
        elif kind == "jsonl.gz":
            with opener() as raw, gzip.GzipFile(fileobj=raw) as f:
                yield from _jsonl_lines(f, source)
        elif kind == "json":
            with opener() as f:
                yield from _json_doc(f.read(), source)
        elif kind == "json.gz":
            with opener() as raw, gzip.GzipFile(fileobj=raw) as f:
                yield from _json_doc(f.read(), source)
        else:
            yield InputRecord(source, error=f"unsupported file type (expected {', '.join(SUPPORTED)})")
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


def _zip(path: Path, source: str) -> Iterator[InputRecord]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield InputRecord(source, error=f"not a readable zip archive: {exc}")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or Path(info.filename).name.startswith("."):
                continue
            member = f"{source}!{info.filename}"
            kind = _kind(info.filename)
            if kind is None or kind == "zip":
                yield InputRecord(member, error="unsupported member type inside a zip archive")
                continue
            yield from _read_stream(kind, lambda info=info: archive.open(info), member)


def iter_file(path: Path) -> Iterator[InputRecord]:
    """Records of one file, by its name: .json, .jsonl/.ndjson, .zip, .json.gz, .jsonl.gz."""
    source = str(path)
    kind = _kind(path.name)
    if kind == "zip":
        yield from _zip(path, source)
    elif kind is None or kind == "gz":
        yield InputRecord(source, error=f"unsupported file type (expected {', '.join(SUPPORTED)})")
    else:
        yield from _read_stream(kind, lambda: path.open("rb"), source)


def iter_records(paths: Iterable[str | os.PathLike[str]], found: Walk | None = None) -> Iterator[InputRecord]:
    """Every record of every input, in a deterministic order; missing paths become error records."""
    found = found if found is not None else walk(paths)
    for m in found.missing:
        yield InputRecord(m, error="no such file or directory")
    for f in found.files:
        yield from iter_file(f)


def read_bytes_records(data: bytes, source: str) -> Iterator[InputRecord]:
    """Records of an in-memory JSON document (used by tests and integrations)."""
    yield from _json_doc(data, source)
