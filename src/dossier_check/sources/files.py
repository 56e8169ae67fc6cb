"""Finding and opening input: walking directories, telling file kinds, zip members and gzip streams.

This module knows containers, not formats: it hands each stream to the reader of its kind (today the
native reader, :mod:`.native`) and turns what goes wrong while opening it — a damaged archive, a
truncated gzip stream, an unreadable file — into one error record.
"""

from __future__ import annotations

import gzip
import lzma
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from ..reasons import Reason
from . import _texts
from .native import json_records, jsonl_records
from .record import InputRecord

__all__ = ["SUPPORTED", "Walk", "file_kind", "iter_file", "iter_records", "walk"]

SUPPORTED = (".json", ".jsonl", ".ndjson", ".zip", ".gz")
_UNSUPPORTED = Reason(_texts.UNSUPPORTED, {"kinds": ", ".join(SUPPORTED)})


@dataclass
class Walk:
    """The files found for a list of paths, and what was passed over (reported, never silent)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def file_kind(name: str) -> str | None:
    """``json``, ``jsonl``, ``zip``, ``json.gz``, ``jsonl.gz``, ``gz`` (of something else), or None."""
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
                    if name.startswith(".") or file_kind(name) is None:
                        out.skipped.append(str(full))
                    else:
                        out.files.append(full)
        elif path.exists():
            out.files.append(path)  # named explicitly: read it whatever its name, or say why not
        else:
            out.missing.append(str(path))
    return out


def _stream_records(kind: str, opener: Callable[[], IO[bytes]], source: str) -> Iterator[InputRecord]:
    """Records of one stream of a known kind; a failure mid-way ends it with one error record."""
    try:
        with opener() as raw:
            if kind in ("jsonl.gz", "json.gz"):
                with gzip.GzipFile(fileobj=raw) as gz:
                    f = cast(IO[bytes], gz)
                    reader = jsonl_records(f, source) if kind == "jsonl.gz" else json_records(f, source)
                    yield from reader
            elif kind == "jsonl":
                yield from jsonl_records(raw, source)
            elif kind == "json":
                yield from json_records(raw, source)
            else:
                yield InputRecord(source, error=_UNSUPPORTED)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield InputRecord(
            source, error=Reason(_texts.CORRUPT_COMPRESSED, {"error": exc or type(exc).__name__})
        )
    except zipfile.BadZipFile as exc:
        yield InputRecord(source, error=Reason(_texts.CORRUPT_MEMBER, {"error": exc}))
    except (RuntimeError, NotImplementedError, lzma.LZMAError) as exc:
        # zipfile raises these for an encrypted member, a compression method Python cannot decode, or
        # damaged LZMA data.
        yield InputRecord(source, error=Reason(_texts.UNREADABLE_MEMBER, {"error": exc}))
    except OSError as exc:
        yield InputRecord(source, error=Reason(_texts.CANNOT_READ, {"error": exc.strerror or exc}))


def _file_records(path: str) -> Iterator[InputRecord]:
    kind = file_kind(Path(path).name)
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            # NotImplementedError: a zip format version Python does not read; ValueError: a damaged
            # central directory (e.g. a negative offset).
            yield InputRecord(path, error=Reason(_texts.BAD_ZIP, {"error": exc}))
            return
        with archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or Path(info.filename).name.startswith("."):
                    continue
                member = f"{path}!{info.filename}"
                mkind = file_kind(info.filename)
                if mkind is None or mkind in ("zip", "gz"):
                    yield InputRecord(member, error=Reason(_texts.UNSUPPORTED_MEMBER))
                    continue
                yield from _stream_records(mkind, lambda info=info: archive.open(info), member)  # type: ignore[misc]
    elif kind is None or kind == "gz":
        yield InputRecord(path, error=_UNSUPPORTED)
    else:
        yield from _stream_records(kind, lambda: open(path, "rb"), path)  # noqa: SIM115 - closed by the reader


def iter_file(path: str | os.PathLike[str]) -> Iterator[InputRecord]:
    """Records of one file, by its name: .json, .jsonl/.ndjson, .zip, .json.gz, .jsonl.gz."""
    yield from _file_records(str(path))


def iter_records(paths: Iterable[str | os.PathLike[str]], found: Walk | None = None) -> Iterator[InputRecord]:
    """Every record of every input, in a deterministic order; missing paths become error records."""
    found = found if found is not None else walk(paths)
    for m in found.missing:
        yield InputRecord(m, error=Reason(_texts.NO_SUCH_FILE))
    for f in found.files:
        yield from iter_file(f)
