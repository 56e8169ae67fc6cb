"""Small text helpers shared by the rules: what counts as *missing*, and how names are compared."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["count", "is_missing", "normalize_name"]


def count(value: object, default: int = 1) -> int:
    """A count as the format allows it: an integer, or an integer-valued number (2.0 is 2 in JSON Schema)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    if isinstance(value, int):
        return value  # exact, however large (float() of a huge integer overflows)
    return int(value) if value.is_integer() else default


def is_missing(value: Any) -> bool:
    """A string is missing when absent, null or blank; a list when absent, null or empty."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


@lru_cache(maxsize=1 << 14)
def normalize_name(value: str) -> str:
    """Names of units, people and components compare after NFC, case-folding and white-space folding.

    Memoised: the same unit and component names recur in every dossier of an export.
    """
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())
