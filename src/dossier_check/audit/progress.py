"""What the parent does while it waits: the progress bar, and hashing the input files for the report."""

from __future__ import annotations

import hashlib
import time
from collections import deque
from typing import Any, TextIO

from ..summary import InputFile
from .signals import checkpoint

FILE_CAP = 1000
"""Input files listed (with their SHA-256) in the HTML report header."""
HASH_BLOCK = 1 << 20
"""Bytes hashed per step, between other work."""


def time_left(bytes_done: int, total: int, elapsed: float) -> float | None:
    """Seconds left, estimated from the share of the input read so far; None before there is a basis (the
    first second, or nothing read yet)."""
    if bytes_done <= 0 or elapsed < 1.0 or total <= 0:
        return None
    return max(elapsed * (total - min(bytes_done, total)) / bytes_done, 0.0)


def clock(seconds: float) -> str:
    """``MM:SS``, or ``H:MM:SS`` from an hour on."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins:02d}:{secs:02d}"


def remaining_text(seconds: float | None, lang: str) -> str:
    """The time left as the bar shows it: ``còn 01:05`` / ``01:05 left``; ``còn --:--`` before an estimate."""
    shown = clock(seconds) if seconds is not None else "--:--"
    return f"còn {shown}" if lang == "vi" else f"{shown} left"


class Progress:
    """A one-line progress bar on a terminal (dossiers done, rate, share of input read); else silent."""

    def __init__(self, stream: TextIO, enabled: bool, total_bytes: int, lang: str) -> None:
        """``enabled`` is honoured only when ``stream`` is a terminal."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.stream = stream
        self.enabled = enabled and tty
        self.total = max(total_bytes, 1)
        self.lang = lang
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.records = 0
        """The latest count of records checked (kept even when nothing is drawn)."""

    def update(self, records: int, bytes_done: int, *, force: bool = False) -> None:
        """Redraw (at most ~8 times a second) with ``records`` checked and ``bytes_done`` read."""
        self.records = records
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.125:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        share = min(bytes_done / self.total, 1.0)
        width = 24
        filled = int(width * share)
        rate = records / elapsed
        if self.lang == "vi":
            words = f"{records:,} hồ sơ  {rate:,.0f} hồ sơ/giây".replace(",", ".")
        else:
            words = f"{records:,} dossiers  {rate:,.0f}/s"
        left = time_left(bytes_done, self.total, elapsed)
        line = (
            f"\r[{'█' * filled}{'░' * (width - filled)}] {share:4.0%}  {words}  {clock(elapsed)}"
            f"  {remaining_text(left, self.lang)}"
        )
        try:
            self.stream.write(line + "\x1b[K")
            self.stream.flush()
            self.shown = True
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        """Erase the bar."""
        if self.enabled and self.shown:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass


class Hasher:
    """SHA-256 of the input files, computed a block at a time between other work."""

    def __init__(self, files: list[tuple[str, int | None]]) -> None:
        self.todo = deque(files[:FILE_CAP])
        self.done: list[InputFile] = []
        self.current: tuple[str, int | None, Any, Any] | None = None

    def step(self) -> bool:
        """Hash the next block; False once every file is done."""
        if self.current is None:
            if not self.todo:
                return False
            path, size = self.todo.popleft()
            try:
                self.current = (path, size, open(path, "rb"), hashlib.sha256())  # noqa: SIM115 - closed when done
            except OSError:
                self.done.append(InputFile(path, size, None))
                return True
        path, size, f, h = self.current
        try:
            block = f.read(HASH_BLOCK)
        except OSError:
            f.close()
            self.done.append(InputFile(path, size, None))
            self.current = None
            return True
        if block:
            h.update(block)
            return True
        f.close()
        self.done.append(InputFile(path, size, h.hexdigest()))
        self.current = None
        return True

    def finish(self) -> list[InputFile]:
        while self.step():
            checkpoint()
        return self.done
