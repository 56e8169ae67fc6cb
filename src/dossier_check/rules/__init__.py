"""The rule catalogue, one module per family.

- :mod:`.dossier` — DC0xx: format, procedure, dossier code, provisional calendar
- :mod:`.components` — DC1xx: components against the published list
- :mod:`.appointment` — DC2xx: Giấy tiếp nhận hồ sơ và hẹn trả kết quả
- :mod:`.control` — DC3xx: Phiếu kiểm soát quá trình giải quyết hồ sơ
- :mod:`.tracking` — DC4xx: Sổ theo dõi hồ sơ
- :mod:`.process` — DC5xx: supplements, rejection, apologies, overdue results

Beside them: :mod:`._registry` (each rule registered once with every text a user reads about it, in
Vietnamese and English, and its legal basis; :func:`rules` loads every family),
:mod:`._context` (what a rule sees of one dossier, with its deadlines from :mod:`dossier_check.deadlines`)
and :mod:`._common` (helpers several families share). Rules read the catalogue, the calendar and the
settings; they never print, format or do I/O, and nothing below them imports them.
"""

from __future__ import annotations

from ._registry import (
    FAMILIES,
    LANGS,
    REGISTRY,
    REPLACED_TEXTS,
    Finding,
    NotEvaluable,
    Rule,
    Text,
    _load_all,
    finding,
    get_rule,
    legal_notes,
    not_evaluable,
    rule,
    rules,
)

__all__ = [
    "FAMILIES",
    "LANGS",
    "REGISTRY",
    "REPLACED_TEXTS",
    "Finding",
    "NotEvaluable",
    "Rule",
    "Text",
    "finding",
    "get_rule",
    "known_code_prefix",
    "legal_notes",
    "not_evaluable",
    "rule",
    "rules",
]


def known_code_prefix(prefix: str) -> bool:
    """True when at least one registered rule code starts with ``prefix``."""
    _load_all()
    return any(code.startswith(prefix.upper()) for code in REGISTRY)
