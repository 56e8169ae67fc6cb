"""Reasons, in both languages: why a rule could not be evaluated, why a record was skipped or not read.

A reason is a stable key with a Vietnamese and an English template (``{name}`` placeholders). Readers and
rules register the reasons they give once, at import; records and summaries carry the keys and render them
in the run's language, so no reason is ever shown in the wrong language.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["REASONS", "Reason", "os_error", "reason_text", "register_reason", "toml_error_place"]

REASONS: dict[str, tuple[str, str]] = {}
"""Reason key → (Vietnamese template, English template)."""


def register_reason(key: str, *, vi: str, en: str) -> str:
    """Register the texts of a reason key (registering the same texts twice is harmless); returns the key."""
    have = REASONS.get(key)
    if have is not None and have != (vi, en):
        raise ValueError(f"reason {key!r} registered twice with different texts")
    REASONS[key] = (vi, en)
    return key


def reason_text(key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """The reason's text in ``lang`` (``vi`` or ``en``); an unregistered key is shown as itself."""
    texts = REASONS.get(key)
    if texts is None:
        return key
    template = texts[0] if lang == "vi" else texts[1]
    if not params:
        return template
    # A parameter may itself be a reason (a JSON error inside "element 3: …"): rendered in the same language.
    values = {k: v.render(lang) if isinstance(v, Reason) else v for k, v in params.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason key with its parameters, rendered late in the run's language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, lang: str) -> str:
        return reason_text(self.key, lang, self.params)


# What the operating system said, in both languages: its English ``strerror`` is never shown.
_OS_ERRORS: dict[int, str] = {}
for _codes, _key, _vi, _en in (
    (("ENOENT",), "os_enoent", "không có tệp hoặc thư mục này", "no such file or folder"),
    (("EACCES", "EPERM"), "os_eacces", "không có quyền truy cập", "permission denied"),
    (("EISDIR",), "os_eisdir", "đây là một thư mục, không phải một tệp", "it is a folder, not a file"),
    (
        ("ENOTDIR",),
        "os_enotdir",
        "đường dẫn (hoặc một phần của nó) không phải thư mục",
        "the path, or a part of it, is not a folder",
    ),
    (("ENOSPC",), "os_enospc", "ổ đĩa đã hết chỗ trống", "no space left on the disk"),
    (("EEXIST",), "os_eexist", "tệp hoặc thư mục này đã có", "the file or folder already exists"),
    (("EROFS",), "os_erofs", "hệ thống tệp chỉ cho phép đọc", "the file system is read-only"),
    (
        ("ELOOP",),
        "os_eloop",
        "quá nhiều liên kết tượng trưng (có thể là một vòng lặp)",
        "too many symbolic links (perhaps a loop)",
    ),
    (
        ("ENAMETOOLONG",),
        "os_enametoolong",
        "tên tệp hoặc đường dẫn quá dài",
        "the file name or path is too long",
    ),
):
    register_reason(_key, vi=_vi, en=_en)
    for _code in _codes:
        if hasattr(errno, _code):
            _OS_ERRORS[getattr(errno, _code)] = _key
register_reason("os_errno", vi="lỗi hệ thống {errno}", en="system error {errno}")
register_reason("os_unknown", vi="lỗi hệ thống", en="system error")


def os_error(exc: OSError) -> Reason:
    """What went wrong in ``exc``, as a reason said in the run's language (from its ``errno`` alone)."""
    code = exc.errno
    if not isinstance(code, int):
        return Reason("os_unknown")
    key = _OS_ERRORS.get(code)
    return Reason(key) if key is not None else Reason("os_errno", {"errno": code})


register_reason("toml_at", vi="ở dòng {line}, cột {column}", en="at line {line}, column {column}")
register_reason("toml_at_end", vi="ở cuối tệp", en="at the end of the file")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)\s*$")


def toml_error_place(exc: ValueError) -> Reason | None:
    """Where a ``tomllib.TOMLDecodeError`` happened (line and column, or the end), without its English text."""
    text = str(exc)
    found = _TOML_AT.search(text)
    if found is not None:
        return Reason("toml_at", {"line": int(found[1]), "column": int(found[2])})
    if text.rstrip().endswith("(at end of document)"):
        return Reason("toml_at_end")
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return Reason("toml_at", {"line": line, "column": column})
    return None
