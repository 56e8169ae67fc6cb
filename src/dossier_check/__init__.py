"""dossier-check: check Vietnamese administrative-procedure dossiers the way an inspector would.

The public API::

    import dossier_check
    report = dossier_check.check({"code": "...", ...})         # or JSON text, bytes, a path
    report.passed, report.violations, report.to_dict()

    catalog = dossier_check.load_catalog("my-procedures/")     # built-in + your files
    checker = dossier_check.Checker(catalog, lang="en")        # reuse for many dossiers
    dossier_check.deadline("1.004222", "2026-10-20T09:10:00+07:00").explain("vi")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalog import Catalog, CatalogError, ProcedureVersion, load_catalog
from .config import ConfigError, Settings
from .engine import Checker, check, deadline, load_config
from .rules import Rule, get_rule, rules
from .violations import Report, Violation

__all__ = [
    "Catalog",
    "CatalogError",
    "Checker",
    "ConfigError",
    "ProcedureVersion",
    "Report",
    "Rule",
    "Settings",
    "Violation",
    "__version__",
    "check",
    "deadline",
    "get_rule",
    "load_catalog",
    "load_config",
    "rules",
]
