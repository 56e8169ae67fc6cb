"""Configuration: severity overrides, rule selection, office hours, extra calendars, day counting.

A TOML file (``--config FILE``)::

    select = ["DC1", "DC2"]            # codes or prefixes; default: every rule
    ignore = ["DC206"]
    count_receipt_day = false          # the default: the receipt day is not counted
    calendars = ["calendars/local-2026.json"]   # relative to this file
    lang = "vi"
    max_record_size = "64MiB"          # the largest record read (bytes, or with KiB/MiB/GiB)

    [severity]
    DC206 = "error"                    # error | warning | info | off
    DC307 = "off"

    [office_hours]
    sessions = [["07:30", "11:30"], ["13:30", "17:00"]]

Unknown keys are refused: a typo in a configuration must not silently change an audit.

This module sits below the rules: :func:`read_config` is handed the codes it checks ``select``,
``ignore`` and ``[severity]`` against; :func:`dossier_check.load_config` hands it the registered ones.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from functools import cache
from pathlib import Path
from typing import Any

from .reasons import Reason, os_error, register_reason, toml_error_place
from .workdays import NOT_A_FILE, CalendarError, OfficeHours, WorkCalendar

__all__ = ["DEFAULT_MAX_RECORD_SIZE", "ConfigError", "Settings", "parse_codes", "parse_size", "read_config"]

_SEVERITY_VALUES = ("error", "warning", "info", "off")
_KEYS = {
    "select",
    "ignore",
    "count_receipt_day",
    "calendars",
    "lang",
    "severity",
    "office_hours",
    "max_record_size",
}
DEFAULT_MAX_RECORD_SIZE = 64 << 20
"""The largest record (a JSON document, an array element, a JSON Lines line) read by default: 64 MiB."""
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


class ConfigError(Exception):
    """A configuration that cannot be used (exit 2)."""

    def __init__(
        self,
        file: str,
        field: str | None,
        reason: str,
        *,
        cause: CalendarError | None = None,
        why: Reason | None = None,
    ) -> None:
        self.file, self.field, self.reason = file, field, reason
        self.cause = cause
        """The calendar file's error behind this one, when it is one."""
        self.why = why
        """The reason as a registered key, when it has one (shown in the run's language)."""
        self._head = f"{file}: {field}" if field else file
        super().__init__(f"{self._head}: {reason}")

    def message(self, lang: str) -> str:
        """The message in ``lang`` where its reason has a text in it (else as ``str()`` gives it)."""
        if self.cause is not None:
            return f"{self._head}: {self.cause.message(lang)}"
        if self.why is not None:
            return f"{self._head}: {self.why.render(lang)}"
        return str(self)


# Why a configuration is refused, in both languages.
register_reason(
    "config_cannot_read",
    vi="không đọc được tệp: {error}",
    en="cannot read: {error}",
)
register_reason(
    "config_not_utf8",
    vi="không phải văn bản UTF-8",
    en="not UTF-8 text",
)
register_reason(
    "config_not_toml",
    vi="không phải TOML hợp lệ",
    en="not valid TOML",
)
register_reason(
    "config_not_toml_at",
    vi="không phải TOML hợp lệ {where}",
    en="not valid TOML {where}",
)
register_reason(
    "config_unknown_key",
    vi="khóa không có trong cấu hình (các khóa: {known})",
    en="unknown key (known: {known})",
)
register_reason(
    "config_codes",
    vi='cần một mảng mã quy tắc hoặc tiền tố, ví dụ ["DC1", "DC205"]',
    en='expected a list of rule codes or prefixes, e.g. ["DC1", "DC205"]',
)
register_reason(
    "config_code_unknown",
    vi="{code} không khớp mã quy tắc nào",
    en="{code} matches no rule code",
)
register_reason(
    "config_bool",
    vi="cần true hoặc false",
    en="expected true or false",
)
register_reason(
    "config_lang",
    vi='cần "vi" hoặc "en"',
    en='expected "vi" or "en"',
)
register_reason(
    "config_severity_table",
    vi='cần một bảng MÃ = "error|warning|info|off"',
    en='expected a table of CODE = "error|warning|info|off"',
)
register_reason(
    "config_no_rule",
    vi="không có mã quy tắc này",
    en="no such rule code",
)
register_reason(
    "config_severity_value",
    vi="cần một trong {values}",
    en="expected one of {values}",
)
register_reason(
    "config_sessions",
    vi='cần sessions = [["07:30", "11:30"], ...]',
    en='expected sessions = [["07:30", "11:30"], ...]',
)
register_reason(
    "config_session",
    vi="cần [giờ bắt đầu, giờ kết thúc]",
    en="expected [start, end]",
)
register_reason(
    "config_hhmm",
    vi="cần giờ dạng HH:MM, nhận được {value}",
    en="expected a time HH:MM, got {value}",
)
register_reason(
    "config_no_session",
    vi="cần ít nhất một buổi làm việc",
    en="office hours need at least one session",
)
register_reason(
    "config_session_order",
    vi="giờ bắt đầu {start} không trước giờ kết thúc {end}",
    en="start {start} is not before end {end}",
)
register_reason(
    "config_session_overlap",
    vi="buổi này bắt đầu lúc {start}, trước khi buổi trước kết thúc ({previous}); các buổi phải theo thứ tự "
    "và không chồng nhau",
    en="starts at {start}, before the previous session ends ({previous}); sessions must be ordered and "
    "must not overlap",
)
register_reason(
    "config_hours",
    vi="giờ làm việc không hợp lệ: {detail}",
    en="{detail}",
)
register_reason(
    "config_size",
    vi="cần một kích thước như 64MiB, 512KiB, 1GiB (ít nhất 1 byte), nhận được {value}",
    en="expected a size such as 64MiB, 512KiB, 1GiB (at least 1 byte), got {value}",
)
register_reason(
    "config_calendars",
    vi="cần một mảng đường dẫn tệp lịch",
    en="expected a list of calendar file paths",
)


def _error(file: str, field: str | None, key: str, **params: Any) -> ConfigError:
    why = Reason(key, params)
    return ConfigError(file, field, why.render("en"), why=why)


def parse_size(value: object) -> int:
    """A size in bytes: an integer, or a string like ``"64MiB"``, ``"64M"``, ``"512 KiB"`` (binary units).

    Raises :class:`ValueError` for anything else, and for a size below one byte.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a size such as 64MiB, got {value!r}")
    if isinstance(value, int):
        size = value
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        for suffix in ("ib", "b"):
            if text.endswith(suffix) and text[: -len(suffix)][-1:] in ("k", "m", "g"):
                text = text[: -len(suffix)]
                break
        else:
            if text.endswith("b"):  # plain bytes: "1024B"
                text = text[:-1]
        unit = text[-1:] if text[-1:] in _UNITS else ""
        digits = text[: len(text) - len(unit)]
        if not digits.isascii() or not digits.isdigit():
            raise ValueError(f"expected a size such as 64MiB, got {value!r}")
        size = int(digits) * _UNITS[unit]
    else:
        raise ValueError(f"expected a size such as 64MiB, got {value!r}")
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte, got {value!r}")
    return size


def parse_codes(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``"DC1,DC205"`` or a list → normalised code prefixes; None stays None."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    return tuple(p.strip().upper() for p in parts if p.strip())


@dataclass(frozen=True)
class Settings:
    """Everything a check needs besides the catalogue. Immutable, so one instance serves many threads."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar.builtin)
    hours: OfficeHours = field(default_factory=OfficeHours)
    count_receipt_day: bool = False
    severities: Mapping[str, str] = field(default_factory=dict)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    lang: str = "vi"
    max_record_size: int = DEFAULT_MAX_RECORD_SIZE
    """The largest record read, in bytes (a larger one is an error record that says so)."""

    @staticmethod
    @cache
    def default() -> Settings:
        return Settings()

    def with_selection(self, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> Settings:
        """Command-line selection: ``select`` replaces the configured one; ``ignore`` adds to it."""
        return replace(
            self,
            select=select if select is not None else self.select,
            ignore=self.ignore + (ignore or ()),
        )


def _hhmm(text: Any, file: str, where: str) -> time:
    try:
        if not isinstance(text, str) or len(text) != 5:
            raise ValueError
        return time.fromisoformat(text)
    except ValueError:
        raise _error(file, where, "config_hhmm", value=repr(text)) from None


def read_config(path: str | Path, *, rule_codes: Collection[str], base: Settings | None = None) -> Settings:
    """Read a TOML configuration file into :class:`Settings`; :class:`ConfigError` names file and key.

    ``rule_codes`` are the codes of the registered rules: ``select``, ``ignore`` and ``[severity]`` name
    them. (This module sits below the rules and is handed their codes;
    :func:`dossier_check.load_config` hands it the registry's.)
    """
    # The TOML reader is imported here, by the runs that read a configuration file (a few milliseconds of
    # start-up the others are spared).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    file = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would be waited for, a device read forever
            why = Reason(NOT_A_FILE)
            raise ConfigError(file, None, why.render("en"), why=why)
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _error(file, None, "config_cannot_read", error=os_error(exc)) from None
    except UnicodeDecodeError:
        raise _error(file, None, "config_not_utf8") from None
    except tomllib.TOMLDecodeError as exc:
        place = toml_error_place(exc)
        if place is None:
            raise _error(file, None, "config_not_toml") from None
        raise _error(file, None, "config_not_toml_at", where=place) from None
    settings = base or Settings.default()
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise _error(file, unknown[0], "config_unknown_key", known=", ".join(sorted(_KEYS)))
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _error(file, key, "config_codes")
            codes = parse_codes(value) or ()
            for c in codes:
                if not any(code.startswith(c) for code in rule_codes):
                    raise _error(file, key, "config_code_unknown", code=repr(c))
            changes[key] = codes
    if "count_receipt_day" in data:
        if not isinstance(data["count_receipt_day"], bool):
            raise _error(file, "count_receipt_day", "config_bool")
        changes["count_receipt_day"] = data["count_receipt_day"]
    if "lang" in data:
        if data["lang"] not in ("vi", "en"):
            raise _error(file, "lang", "config_lang")
        changes["lang"] = data["lang"]
    if "max_record_size" in data:
        try:
            changes["max_record_size"] = parse_size(data["max_record_size"])
        except ValueError:
            raise _error(
                file, "max_record_size", "config_size", value=repr(data["max_record_size"])
            ) from None
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise _error(file, "severity", "config_severity_table")
        out = dict(settings.severities)
        for code, value in sev.items():
            if code.upper() not in rule_codes:
                raise _error(file, f"severity.{code}", "config_no_rule")
            if value not in _SEVERITY_VALUES:
                raise _error(
                    file, f"severity.{code}", "config_severity_value", values=", ".join(_SEVERITY_VALUES)
                )
            out[code.upper()] = value
        changes["severities"] = out
    if "office_hours" in data:
        oh = data["office_hours"]
        if not isinstance(oh, dict) or set(oh) - {"sessions"} or not isinstance(oh.get("sessions"), list):
            raise _error(file, "office_hours", "config_sessions")
        sessions = []
        for i, s in enumerate(oh["sessions"]):
            if not isinstance(s, list) or len(s) != 2:
                raise _error(file, f"office_hours.sessions[{i}]", "config_session")
            sessions.append(
                (
                    _hhmm(s[0], file, f"office_hours.sessions[{i}][0]"),
                    _hhmm(s[1], file, f"office_hours.sessions[{i}][1]"),
                )
            )
        # Checked here too, so that the reason is said in the run's language (OfficeHours checks in English).
        if not sessions:
            raise _error(file, "office_hours.sessions", "config_no_session")
        for i, (start, end) in enumerate(sessions):
            where = f"office_hours.sessions[{i}]"
            if not start < end:
                raise _error(file, where, "config_session_order", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
            if i and start < sessions[i - 1][1]:
                previous = f"{sessions[i - 1][1]:%H:%M}"
                raise _error(file, where, "config_session_overlap", start=f"{start:%H:%M}", previous=previous)
        try:
            changes["hours"] = OfficeHours(tuple(sessions))
        except ValueError as exc:
            raise _error(file, "office_hours.sessions", "config_hours", detail=exc) from None
    if "calendars" in data:
        cals = data["calendars"]
        if not isinstance(cals, list) or not all(isinstance(c, str) for c in cals):
            raise _error(file, "calendars", "config_calendars")
        here = Path(path).parent
        try:
            changes["calendar"] = settings.calendar.with_files(*(here / c for c in cals))
        except CalendarError as exc:
            raise ConfigError(file, "calendars", str(exc), cause=exc) from None
    return replace(settings, **changes)
