"""Planning an audit: paths into tasks — byte ranges of JSON Lines files, whole files, missing paths.

The parent plans and never parses a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sources import InputRecord, walk
from ..sources.files import file_kind


@dataclass(frozen=True)
class Task:
    """One unit of work: a byte range of a JSON Lines file, a whole file, a missing path, or a record the
    walk made (``note``: an entry passed over or unreadable; the parent writes it, no worker reads it)."""

    kind: str  # "lines" | "file" | "missing" | "record"
    path: str
    start: int = 0
    end: int = 0
    size: int = 0
    last: bool = False  # the last byte range of its file
    note: InputRecord | None = None


@dataclass
class Plan:
    """The tasks of a run, the files found (with their sizes) and what was passed over while walking."""

    tasks: list[Task] = field(default_factory=list)
    files: list[tuple[str, int | None]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def make_plan(paths: list[str], chunk: int) -> Plan:
    """Walk ``paths`` in order; every plain JSON Lines file becomes byte ranges of ``chunk`` bytes."""
    plan = Plan()
    seen: dict[tuple[int, int], str] = {}  # a folder reached twice (through a link) is read once
    for p in paths:
        found = walk([p], seen=seen)
        plan.skipped.extend(found.skipped)  # hidden entries and files of other types
        for m in found.missing:
            plan.tasks.append(Task("missing", m))
        for f in found.items:
            if isinstance(f, InputRecord):
                plan.tasks.append(Task("record", f.source, note=f))
                continue
            name = str(f)
            try:
                size: int | None = f.stat().st_size
            except OSError:
                size = None
            plan.files.append((name, size))
            if file_kind(f.name) == "jsonl" and size:
                for start in range(0, size, chunk):
                    end = min(start + chunk, size)
                    plan.tasks.append(Task("lines", name, start, end, end - start, last=end == size))
            else:
                plan.tasks.append(Task("file", name, size=size or 0))
    return plan
