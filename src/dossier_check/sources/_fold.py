"""Text folded for matching what people type: headers, method names, procedure names, placeholder texts.

Spreadsheet headers and free-text columns come with and without diacritics, in any case, with commas,
slashes and line breaks where the form prints them; folding makes "Ngày, tháng, năm\\nNhận hồ sơ" and
"ngay thang nam nhan ho so" the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 12)
def fold(text: str) -> str:
    """NFC, case-folded, diacritics removed (đ → d), punctuation to spaces, white space collapsed."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    return _NOT_WORD.sub(" ", bare).strip()
