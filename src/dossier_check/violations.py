"""Findings and reports: immutable records with a deterministic order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

__all__ = ["SEVERITIES", "Report", "Severity", "Violation", "finding_dict", "violation_dicts"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@lru_cache(maxsize=1 << 12)
def path_key(path: str) -> tuple[tuple[int, int, str], ...]:
    """The path's part of :meth:`Violation.sort_key`: numeric segments sort as numbers, so
    /components/10 comes after /components/9.

    Memoised: the same few paths (a part's field, a component's row) are sorted in report after report,
    and a key is an immutable tuple, safe to share."""
    return tuple((0, int(s), "") if s.isdigit() else (1, 0, s) for s in path.split("/")[1:])


def params_key(params: Mapping[str, Any]) -> str:
    """The params' part of :meth:`Violation.sort_key`, the last thing findings are ordered by."""
    return repr(sorted(params.items()))


# The __init__ a frozen dataclass generates sets each field through object.__setattr__ (a look-up of the
# name and a tuple of arguments per field): Violation and Report set their slots through the slots' own
# setters instead, which costs half as much — one Report per dossier, one Violation per finding.
_Setter = Callable[[Any, Any], None]


def _setters(cls: type, names: str) -> tuple[_Setter, ...]:
    return tuple(cls.__dict__[name].__set__ for name in names.split())


@dataclass(frozen=True, slots=True, init=False)
class Violation:
    """One finding. ``params`` stay machine-readable; ``message`` is rendered in one language."""

    code: str
    rule: str
    severity: Severity
    path: str
    message: str
    params: Mapping[str, Any]
    legal_basis: tuple[str, ...]

    def __init__(
        self,
        code: str,
        rule: str,
        severity: Severity,
        path: str,
        message: str,
        params: Mapping[str, Any],
        legal_basis: tuple[str, ...],
    ) -> None:
        set_code, set_rule, set_severity, set_path, set_message, set_params, set_basis = _VIOLATION_SLOTS
        set_code(self, code)
        set_rule(self, rule)
        set_severity(self, severity)
        set_path(self, path)
        set_message(self, message)
        set_params(self, params if isinstance(params, MappingProxyType) else MappingProxyType(dict(params)))
        set_basis(self, legal_basis)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.code, path_key(self.path), params_key(self.params))

    def to_dict(self) -> dict[str, Any]:
        return violation_dicts((self,))[0]

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            Violation,
            (
                self.code,
                self.rule,
                self.severity,
                self.path,
                self.message,
                dict(self.params),
                self.legal_basis,
            ),
        )


_NOTHING: Mapping[str, str] = MappingProxyType({})


def _plain_dict(params: Mapping[str, Any]) -> dict[str, Any]:
    """``dict(params)`` for a finding's params: a proxy over a dict (what findings hold) copies that dict in
    C, where ``dict()`` reads the proxy key by key (about 740 instructions against 4,800 for three params,
    once per finding an audit writes); any other mapping is read by ``dict()`` as before."""
    try:
        copied = params.copy()  # type: ignore[attr-defined]
    except AttributeError:
        return dict(params)
    return copied if type(copied) is dict else dict(params)


def finding_dict(
    code: str,
    rule: str,
    severity: Severity,
    path: str,
    message: str,
    params: Mapping[str, Any],
    legal_basis: tuple[str, ...],
) -> dict[str, Any]:
    """A finding as the JSON outputs write it (this key order is theirs), made from its fields: what
    :func:`violation_dicts` gives for ``Violation(code, rule, ...)``, and what an audit writes into the record
    of every failing dossier, made by the engine without the :class:`Violation` in between. The params are
    copied in C by :func:`_plain_dict`."""
    return {
        "code": code,
        "rule": rule,
        "severity": severity,
        "path": path,
        "message": message,
        "params": _plain_dict(params),
        "legal_basis": list(legal_basis),
    }


def violation_dicts(found: Iterable[Violation]) -> list[dict[str, Any]]:
    """Each finding as :func:`finding_dict` writes it: what :meth:`Violation.to_dict` and
    :meth:`Report.to_dict` give."""
    return [
        finding_dict(v.code, v.rule, v.severity, v.path, v.message, v.params, v.legal_basis) for v in found
    ]


@dataclass(frozen=True, slots=True, init=False)
class Report:
    """The verdict on one dossier. It *fails* when it has at least one ``error``; warnings never fail it.

    ``format`` is the source format the dossier was read from (``native`` for a dossier record);
    ``not_evaluable`` maps the code of every selected rule that could not be evaluated on this dossier —
    its source cannot carry a part the rule reads — to the reason (a key of :mod:`dossier_check.reasons`).
    Such a rule is neither passed nor failed.
    """

    dossier_code: str | None
    procedure_code: str | None
    violations: tuple[Violation, ...]
    format: str = "native"
    not_evaluable: Mapping[str, str] = field(default_factory=lambda: _NOTHING)

    def __init__(
        self,
        dossier_code: str | None,
        procedure_code: str | None,
        violations: tuple[Violation, ...],
        format: str = "native",
        not_evaluable: Mapping[str, str] | None = None,
    ) -> None:
        set_code, set_procedure, set_violations, set_format, set_not_evaluable = _REPORT_SLOTS
        set_code(self, dossier_code)
        set_procedure(self, procedure_code)
        set_violations(self, violations)
        set_format(self, format)
        if not not_evaluable:
            not_evaluable = _NOTHING
        elif not isinstance(not_evaluable, MappingProxyType):
            not_evaluable = MappingProxyType(dict(sorted(not_evaluable.items())))
        set_not_evaluable(self, not_evaluable)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            Report,
            (self.dossier_code, self.procedure_code, self.violations, self.format, dict(self.not_evaluable)),
        )

    @property
    def passed(self) -> bool:
        # Read for every record of an audit, most of them without findings: no generator for those.
        return not self.violations or not any(v.severity == "error" for v in self.violations)

    @property
    def status(self) -> Literal["pass", "fail"]:
        return "pass" if self.passed else "fail"

    @property
    def codes(self) -> list[str]:
        """The violation codes, in report order (handy in tests and integrations)."""
        return [v.code for v in self.violations]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dossier_code": self.dossier_code,
            "procedure_code": self.procedure_code,
            "format": self.format,
            "status": self.status,
            "violations": violation_dicts(self.violations),
            "not_evaluable": sorted(self.not_evaluable),
            "not_evaluable_reasons": dict(self.not_evaluable),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output (round-trips through JSON)."""
        return cls(
            data.get("dossier_code"),
            data.get("procedure_code"),
            tuple(
                Violation(
                    v["code"],
                    v["rule"],
                    v["severity"],
                    v["path"],
                    v["message"],
                    v.get("params", {}),
                    tuple(v.get("legal_basis", ())),
                )
                for v in data.get("violations", ())
            ),
            data.get("format", "native"),
            {
                code: data.get("not_evaluable_reasons", {}).get(code, "")
                for code in data.get("not_evaluable", ())
            },
        )


_VIOLATION_SLOTS = _setters(Violation, "code rule severity path message params legal_basis")
_REPORT_SLOTS = _setters(Report, "dossier_code procedure_code violations format not_evaluable")


# The engine makes one Report per dossier and one Violation per finding. Even through the slots' setters
# (above) a frozen instance costs a call per field; an instance of a plain class with the same slots is
# filled by ordinary attribute stores, and then made the frozen class itself by assigning its class (which
# Python allows between classes of the same layout: the same slots, nothing else). What comes out is a
# Violation or a Report like any other, equal to what the initialisers above build
# (``tests/test_core_fast_paths.py``): about 3,600 instructions less a finding, 2,500 less a report.
class _NewViolation:
    __slots__ = ("code", "legal_basis", "message", "params", "path", "rule", "severity")

    def __init__(
        self,
        code: str,
        rule: str,
        severity: Severity,
        path: str,
        message: str,
        params: Mapping[str, Any],
        legal_basis: tuple[str, ...],
    ) -> None:
        self.code = code
        self.rule = rule
        self.severity = severity
        self.path = path
        self.message = message
        self.params = params if isinstance(params, MappingProxyType) else MappingProxyType(dict(params))
        self.legal_basis = legal_basis
        self.__class__ = Violation  # type: ignore[assignment]


class _NewReport:
    __slots__ = ("dossier_code", "format", "not_evaluable", "procedure_code", "violations")

    def __init__(
        self,
        dossier_code: str | None,
        procedure_code: str | None,
        violations: tuple[Violation, ...],
        format: str,
        not_evaluable: Mapping[str, str] | None,
    ) -> None:
        self.dossier_code = dossier_code
        self.procedure_code = procedure_code
        self.violations = violations
        self.format = format
        if not not_evaluable:
            not_evaluable = _NOTHING
        elif not isinstance(not_evaluable, MappingProxyType):
            not_evaluable = MappingProxyType(dict(sorted(not_evaluable.items())))
        self.not_evaluable = not_evaluable
        self.__class__ = Report  # type: ignore[assignment]


new_violation: Callable[[str, str, Severity, str, str, Mapping[str, Any], tuple[str, ...]], Violation] = (
    _NewViolation  # type: ignore[assignment]
)
"""``Violation(...)``, built for less (the engine's findings)."""
new_report: Callable[
    [str | None, str | None, tuple[Violation, ...], str, Mapping[str, str] | None], Report
] = _NewReport  # type: ignore[assignment]
"""``Report(...)`` with every argument given, built for less (the engine's reports)."""
