"""Output files that appear whole or not at all, and never over the input they were made from.

Every file an audit writes (``--output`` in any format, the workbook too, ``--report``, ``--summary``) goes through
:class:`AtomicFile`: the bytes go to a hidden temporary file in the target's folder, which is flushed,
synced to disk and renamed over the target only once the run has succeeded. A run that fails or is
interrupted removes its temporary file and leaves the target as it was: no new file that looks complete,
no old one truncated. A target that exists and is not a regular file (``/dev/null``, a named pipe) cannot
be replaced by a rename and is written in place.

:func:`refuse_overlap` is asked before anything is read: an output that is one of the inputs, or lies in an
input folder (where it would be read back as input), is refused. Paths are compared after resolving
symbolic links.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from ..reasons import Reason, register_reason

__all__ = ["AtomicFile", "OutputError", "discard_all", "refuse_overlap", "write_atomic"]

_LIVE: set[AtomicFile] = set()  # not yet committed or discarded: what an interrupted run must remove

register_reason(
    "output_is_input",
    vi="{option} {path} là một tệp đầu vào: không ghi đè lên dữ liệu đang kiểm tra",
    en="{option} {path} is one of the inputs: it must not be overwritten",
)
register_reason(
    "output_in_input_folder",
    vi="{option} {path} nằm trong thư mục đầu vào {folder}: tệp kết quả sẽ bị đọc lại như dữ liệu; hãy ghi ra thư mục khác",
    en="{option} {path} is inside the input folder {folder}: it would be read back as input; write it elsewhere",
)
register_reason(
    "outputs_same_file",
    vi="{first} và {option} cùng chỉ tới một tệp: {path}",
    en="{first} and {option} name the same file: {path}",
)
register_reason(
    "output_is_folder",
    vi="{option} {path} là một thư mục, không phải một tệp",
    en="{option} {path} is a folder, not a file",
)


class OutputError(Exception):
    """Writing an output failed (a full disk, an I/O error, a closed pipe): which output, and the error."""

    def __init__(self, target: str, error: OSError) -> None:
        super().__init__(f"{target}: {error.strerror or error}")
        self.target = target
        self.error = error


def _real(path: str) -> str:
    return os.path.realpath(path)


def refuse_overlap(
    inputs: Sequence[str], outputs: Sequence[tuple[str, str]], found: Iterable[str] = ()
) -> Reason | None:
    """Why the ``outputs`` (``(option, path)`` pairs) cannot be written for these inputs, or None.

    ``inputs`` are the paths as given; ``found`` the files a walk of them found (symbolic links inside an
    input folder may lead to the output too).
    """
    reals = [(option, path, _real(path)) for option, path in outputs]
    for i, (option, path, real) in enumerate(reals):
        if os.path.isdir(real):
            return Reason("output_is_folder", {"option": option, "path": path})
        for other_option, _other_path, other in reals[:i]:
            if other == real:
                return Reason("outputs_same_file", {"first": other_option, "option": option, "path": path})
        for given in inputs:
            target = _real(given)
            if target == real:
                return Reason("output_is_input", {"option": option, "path": path})
            if os.path.isdir(target) and real.startswith(target.rstrip(os.sep) + os.sep):
                return Reason("output_in_input_folder", {"option": option, "path": path, "folder": given})
    wanted = {real: (option, path) for option, path, real in reals}
    for f in found:
        hit = wanted.get(_real(f))
        if hit is not None:
            return Reason("output_is_input", {"option": hit[0], "path": hit[1]})
    return None


def _new_file_mode() -> int:
    mask = os.umask(0o022)  # read it the only portable way, and put it back at once
    os.umask(mask)
    return 0o666 & ~mask


class AtomicFile:
    """A file written to a temporary twin and renamed over ``path`` by :meth:`commit`.

    A file object for bytes (``write``, ``flush``). Use it as a context manager: leaving the block
    without :meth:`commit` removes the temporary file. Raises :class:`OSError` when the folder cannot
    take a new file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._temp: str | None = None
        self._target = self.path
        try:
            st: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):  # a device or a pipe: no rename possible
            self._file: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - closed by commit() or discard()
            return
        # Through a symbolic link, the file it points to is replaced and the link is kept.
        self._target = _real(self.path)
        folder, name = os.path.split(self._target)
        fd, self._temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder or ".")
        _LIVE.add(self)
        try:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else _new_file_mode())
            self._file = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self.discard()
            raise

    def write(self, data: bytes) -> int:
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def commit(self) -> None:
        """Make the file whole on disk, then put it in place (one rename)."""
        self._file.flush()
        if self._temp is None:
            self._file.close()
            return
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temp, self._target)
        self._temp = None
        _LIVE.discard(self)
        with contextlib.suppress(OSError):  # the rename itself survives a power cut once the folder is synced
            fd = os.open(os.path.dirname(self._target) or ".", os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self) -> None:
        """Remove the temporary file (the target is left as it was). Safe to call more than once."""
        with contextlib.suppress(OSError, AttributeError):
            self._file.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
            self._temp = None
        _LIVE.discard(self)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._temp is not None:
            self.discard()


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :class:`AtomicFile`)."""
    with AtomicFile(path) as f:
        f.write(data)
        f.commit()


def discard_all() -> None:
    """Remove every temporary file not yet committed (an interrupted run)."""
    for f in list(_LIVE):
        f.discard()
