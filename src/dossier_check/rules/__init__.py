"""The rule catalogue (SPEC §4), one module per family.

- :mod:`.dossier` — DC0xx: format, procedure, dossier code, provisional calendar
- :mod:`.components` — DC1xx: components against the published list
- :mod:`.appointment` — DC2xx: Giấy tiếp nhận hồ sơ và hẹn trả kết quả
- :mod:`.control` — DC3xx: Phiếu kiểm soát quá trình giải quyết hồ sơ
- :mod:`.tracking` — DC4xx: Sổ theo dõi hồ sơ
- :mod:`.process` — DC5xx: supplements, rejection, apologies, overdue results

Beside them: :mod:`._registry` (each rule registered once; :func:`rules` loads every family),
:mod:`._context` (what a rule sees of one dossier, with its deadlines from :mod:`dossier_check.deadlines`)
and :mod:`._common` (helpers several families share). Rules read the catalogue, the calendar and the
settings; they never print, format or do I/O, and nothing below them imports them.
"""

from __future__ import annotations

from ._registry import (
    FAMILIES,
    REGISTRY,
    Finding,
    NotEvaluable,
    Rule,
    _load_all,
    finding,
    get_rule,
    not_evaluable,
    rule,
    rules,
)

__all__ = [
    "FAMILIES",
    "REGISTRY",
    "Finding",
    "NotEvaluable",
    "Rule",
    "finding",
    "get_rule",
    "known_code_prefix",
    "not_evaluable",
    "rule",
    "rules",
]


def known_code_prefix(prefix: str) -> bool:
    """True when at least one registered rule code starts with ``prefix``."""
    _load_all()
    return any(code.startswith(prefix.upper()) for code in REGISTRY)
