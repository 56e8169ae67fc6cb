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

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .reasons import Reason
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
        raise ConfigError(file, where, f"expected a time HH:MM, got {text!r}") from None


def read_config(path: str | Path, *, rule_codes: Collection[str], base: Settings | None = None) -> Settings:
    """Read a TOML configuration file into :class:`Settings`; :class:`ConfigError` names file and key.

    ``rule_codes`` are the codes of the registered rules: ``select``, ``ignore`` and ``[severity]`` name
    them. (This module sits below the rules and is handed their codes;
    :func:`dossier_check.load_config` hands it the registry's.)
    """
    file = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would be waited for, a device read forever
            why = Reason(NOT_A_FILE)
            raise ConfigError(file, None, why.render("en"), why=why)
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(file, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(file, None, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, None, f"not valid TOML: {exc}") from None
    settings = base or Settings.default()
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(file, unknown[0], f"unknown key (known: {', '.join(sorted(_KEYS))})")
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    file, key, 'expected a list of rule codes or prefixes, e.g. ["DC1", "DC205"]'
                )
            codes = parse_codes(value) or ()
            for c in codes:
                if not any(code.startswith(c) for code in rule_codes):
                    raise ConfigError(file, key, f"{c!r} matches no rule code")
            changes[key] = codes
    if "count_receipt_day" in data:
        if not isinstance(data["count_receipt_day"], bool):
            raise ConfigError(file, "count_receipt_day", "expected true or false")
        changes["count_receipt_day"] = data["count_receipt_day"]
    if "lang" in data:
        if data["lang"] not in ("vi", "en"):
            raise ConfigError(file, "lang", 'expected "vi" or "en"')
        changes["lang"] = data["lang"]
    if "max_record_size" in data:
        try:
            changes["max_record_size"] = parse_size(data["max_record_size"])
        except ValueError as exc:
            raise ConfigError(file, "max_record_size", str(exc)) from None
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(file, "severity", 'expected a table of CODE = "error|warning|info|off"')
        out = dict(settings.severities)
        for code, value in sev.items():
            if code.upper() not in rule_codes:
                raise ConfigError(file, f"severity.{code}", "no such rule code")
            if value not in _SEVERITY_VALUES:
                raise ConfigError(file, f"severity.{code}", f"expected one of {', '.join(_SEVERITY_VALUES)}")
            out[code.upper()] = value
        changes["severities"] = out
    if "office_hours" in data:
        oh = data["office_hours"]
        if not isinstance(oh, dict) or set(oh) - {"sessions"} or not isinstance(oh.get("sessions"), list):
            raise ConfigError(file, "office_hours", 'expected sessions = [["07:30", "11:30"], ...]')
        sessions = []
        for i, s in enumerate(oh["sessions"]):
            if not isinstance(s, list) or len(s) != 2:
                raise ConfigError(file, f"office_hours.sessions[{i}]", "expected [start, end]")
            sessions.append(
                (
                    _hhmm(s[0], file, f"office_hours.sessions[{i}][0]"),
                    _hhmm(s[1], file, f"office_hours.sessions[{i}][1]"),
                )
            )
        try:
            changes["hours"] = OfficeHours(tuple(sessions))
        except ValueError as exc:
            raise ConfigError(file, "office_hours.sessions", str(exc)) from None
    if "calendars" in data:
        cals = data["calendars"]
        if not isinstance(cals, list) or not all(isinstance(c, str) for c in cals):
            raise ConfigError(file, "calendars", "expected a list of calendar file paths")
        here = Path(path).parent
        try:
            changes["calendar"] = settings.calendar.with_files(*(here / c for c in cals))
        except CalendarError as exc:
            raise ConfigError(file, "calendars", str(exc), cause=exc) from None
    return replace(settings, **changes)
