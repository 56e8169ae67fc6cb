"""Stopping on SIGINT and SIGTERM: everything the run started ends with it, and it says how far it got.

Within :func:`interruptible`, the first SIGINT or SIGTERM is recorded and becomes :class:`Interrupted` at
the next :func:`checkpoint` — points the run passes several times a second, where stopping is safe — or at
once inside :func:`blocking` (a write that may wait forever on a pipe nobody reads). An exception raised
at any bytecode (what Python does with Ctrl-C by default) could land inside the standard library's fork
handlers or locks and be lost or leave them locked; this way it lands where the run expects it. The run's
``finally`` blocks then stop the worker processes, remove the temporary folder and every output not yet
complete, and later signals wait for that cleanup instead of cutting it short. The command line prints
one line (:func:`interrupted_line`) and exits with 128 + the signal's number (130, 143), as a shell would.

Workers ignore SIGINT (Ctrl-C reaches the whole process group; the parent decides) and, on Linux, ask the
kernel to kill them when their parent dies (:func:`die_with_parent`), so that not even a parent killed
outright (SIGKILL, out of memory) leaves them running.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..reasons import reason_text, register_reason

__all__ = ["Interrupted", "blocking", "checkpoint", "die_with_parent", "interrupted_line", "interruptible"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)

register_reason(
    "interrupted_audit",
    vi="cuộc kiểm tra bị ngắt bởi {signal} sau khi đã kiểm tra {records} bản ghi; {outcome}",
    en="audit interrupted by {signal} after {records} records were checked; {outcome}",
)
register_reason(
    "interrupted_check",
    vi="lệnh check bị ngắt bởi {signal} sau khi đã kiểm tra {records} bản ghi; {outcome}",
    en="check interrupted by {signal} after {records} records were checked; {outcome}",
)
register_reason(
    "interrupted_no_file",
    vi="không có tệp kết quả nào được ghi",
    en="no output file was written",
)
register_reason(
    "interrupted_partial",
    vi="phần kết quả đã ghi ra chưa đầy đủ",
    en="the output written so far is incomplete",
)


class Interrupted(BaseException):
    """The run was asked to stop by a signal (a BaseException, like KeyboardInterrupt: nothing swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def status(self) -> int:
        """The exit status for it: 128 + the signal's number."""
        return 128 + self.signum


class _Watch:
    """What the handler saw (main thread only): the signal, whether it was raised, where raising is safe."""

    depth = 0  # nested interruptible() blocks
    fired: int | None = None
    raised = False
    blocking = 0  # inside blocking(): raise from the handler itself


_WATCH = _Watch()


def _handler(signum: int, _frame: Any) -> None:
    if _WATCH.fired is not None:  # cleaning up after the first one: let it finish
        return
    _WATCH.fired = signum
    if _WATCH.blocking:
        _WATCH.raised = True
        raise Interrupted(signum)


def checkpoint() -> None:
    """Raise :class:`Interrupted` if a signal came and was not raised yet (call it where stopping is safe)."""
    fired = _WATCH.fired
    if fired is not None and not _WATCH.raised:
        _WATCH.raised = True
        raise Interrupted(fired)


@contextlib.contextmanager
def blocking() -> Iterator[None]:
    """A block that may wait on I/O indefinitely: a signal raises :class:`Interrupted` inside it at once."""
    checkpoint()
    _WATCH.blocking += 1
    try:
        yield
    finally:
        _WATCH.blocking -= 1


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, the first SIGINT or SIGTERM becomes :class:`Interrupted` (see the module); later
    ones are ignored. Blocks may nest. Outside the main thread the block runs unchanged."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _WATCH.depth:
        _WATCH.depth += 1
        try:
            yield
        finally:
            _WATCH.depth -= 1
        return
    previous = {s: signal.signal(s, _handler) for s in _SIGNALS}
    _WATCH.depth, _WATCH.fired, _WATCH.raised, _WATCH.blocking = 1, None, False, 0
    try:
        yield
    finally:
        _WATCH.depth = 0
        for s, h in previous.items():
            signal.signal(s, h)
        _WATCH.fired = None


def interrupted_line(command: str, exc: Interrupted, records: int, lang: str, *, files: bool) -> str:
    """The one line said when ``command`` (``audit`` or ``check``) stops on a signal after ``records``."""
    count = f"{records:,}".replace(",", "." if lang == "vi" else ",")
    outcome = reason_text("interrupted_no_file" if files else "interrupted_partial", lang)
    params = {"signal": signal.Signals(exc.signum).name, "records": count, "outcome": outcome}
    return f"dossier-check: {reason_text(f'interrupted_{command}', lang, params)}"


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a worker: be killed (SIGKILL) when the parent process dies, however it dies (Linux only).

    If the parent is already gone by the time this runs, exit at once.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
