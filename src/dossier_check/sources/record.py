"""What every reader yields: one :class:`InputRecord` per dossier read, or per input that could not be."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["InputRecord"]


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One record read from the input: a parsed JSON value, or the reason it could not be read."""

    source: str
    data: Any = None
    error: str | None = None
    raw: bytes | None = field(default=None, repr=False)
