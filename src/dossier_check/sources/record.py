"""What every reader yields: one :class:`InputRecord` per dossier read, or per input that could not be."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..origin import Origin
    from ..reasons import Reason

__all__ = ["InputRecord"]


# Not frozen: readers make one per record and per progress row, and a frozen dataclass's constructor costs
# about ten times as much (measured: ~6 µs against ~0.5 µs). Treat it as immutable all the same: change a
# record with ``dataclasses.replace``.
@dataclass(slots=True)
class InputRecord:
    """One record read from the input: a parsed JSON value, or the reason it could not be read.

    ``format`` is the source format it was read as (``native``, ``dvcqg``, ``book``). A reader of a format
    other than the native record puts the mapped dossier in ``data`` and what its format cannot carry in
    ``origin``. ``error`` is the reason the record is not a dossier to check — unreadable input, or, with
    ``skipped``, a record that is read but deliberately not checked (counted, never a failure).
    ``dossier_code``/``procedure_code`` name the dossier such a record is about, when known.
    """

    source: str
    data: Any = None
    error: str | Reason | None = None
    raw: bytes | None = field(default=None, repr=False)
    format: str = "native"
    origin: Origin | None = None
    skipped: bool = False
    dossier_code: str | None = None
    procedure_code: str | None = None
