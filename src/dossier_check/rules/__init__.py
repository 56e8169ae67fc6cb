"""The rule catalogue (SPEC §4), one module per family.

- :mod:`.dossier` — DC0xx: format, procedure, dossier code, provisional calendar
- :mod:`.components` — DC1xx: components against the published list
- :mod:`.appointment` — DC2xx: Giấy tiếp nhận hồ sơ và hẹn trả kết quả
- :mod:`.control` — DC3xx: Phiếu kiểm soát quá trình giải quyết hồ sơ
- :mod:`.tracking` — DC4xx: Sổ theo dõi hồ sơ
- :mod:`.process` — DC5xx: supplements, rejection, apologies, overdue results
"""

from __future__ import annotations

import importlib

from ._registry import REGISTRY, Finding, Rule, finding, get_rule, rule, rules

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "Finding",
    "Rule",
    "finding",
    "get_rule",
    "known_code_prefix",
    "rule",
    "rules",
]

FAMILIES = ("dossier", "components", "appointment", "control", "tracking", "process")
_LOADED: list[bool] = []


def _load_all() -> None:
    if not _LOADED:
        for family in FAMILIES:
            try:
                importlib.import_module(f"{__name__}.{family}")
            except ModuleNotFoundError as exc:  # a family not written yet
                if exc.name != f"{__name__}.{family}":
                    raise
        _LOADED.append(True)


def known_code_prefix(prefix: str) -> bool:
    """True when at least one registered rule code starts with ``prefix``."""
    _load_all()
    return any(code.startswith(prefix.upper()) for code in REGISTRY)
