"""Hypothesis strategies for property-based tests of dossier software (an optional extra).

Install with ``pip install "dossier-check[hypothesis]"``.

Three families of strategies, all JSON-ready and all shrinking toward small examples (few components, one
hand-over row, no optional parts):

* :func:`procedures`, :func:`procedure_documents`, :func:`procedure_versions` — valid procedure definitions:
  components of both kinds with forms or per-form ``copies``, quantities, conditions (``if_fact`` /
  ``unless_fact``, nested in ``all`` / ``any``), alternative groups and channel restrictions; cases with
  their own components and time limits; procedures offered on fewer channels; every time-limit unit
  (``calendar_months`` and ``unknown`` included), ``same_day`` cut-offs and ``channel_time_limits``.
* :func:`valid_dossiers` — complete, consistent dossiers of one procedure that produce **no violation at
  all** when checked against :func:`catalog_for` that procedure with ``as_of=AS_OF``; for a procedure with
  cases they name one (by id or name) or none.
* :func:`dossiers_violating` — dossiers that trigger one rule code (DC001–DC509) and, wherever the rule
  allows it, nothing else (see :data:`CO_FIRING` for the two exceptions).

Example (runs as written)::

    from hypothesis import given, settings
    from dossier_check import check
    from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers

    @settings(max_examples=20)
    @given(valid_dossiers("1.004222"))
    def test_valid_dossiers_pass(dossier):
        assert check(dossier, as_of=AS_OF).violations == ()

    @settings(max_examples=20)
    @given(dossiers_violating("DC102"))
    def test_excess_component_is_found(dossier):
        assert check(dossier, as_of=AS_OF).codes[0] == "DC102"

    test_valid_dossiers_pass()
    test_excess_component_is_found()

Conventions the guarantees rely on:

* Check with the catalogue :func:`catalog_for` returns for the ``procedure`` argument (the built-in
  catalogue for a code or ``None``; a one-procedure catalogue for a :class:`~dossier_check.models.Procedure`
  or :class:`~dossier_check.catalog.ProcedureVersion`), with ``as_of=AS_OF`` (a fixed audit time after
  every date generated here) and the default settings (or the ``settings`` given to
  :func:`valid_dossiers`).
* Receipts fall inside the years with an official holiday schedule (so no DC007), unless the arguments
  leave no such date: see :func:`valid_dossiers`.
* Importing :mod:`dossier_check` never imports Hypothesis; only this package needs it.

The library works without this package; it is an optional integration and raises a clear
:class:`ImportError` when Hypothesis is missing.

How the package is laid out (everything but this module is private): ``_common`` (pools of names,
small drawing helpers), ``_procedures`` (procedure strategies and the ``procedure`` argument),
``_dossiers`` (valid dossiers: receipt windows, plans, the builder), one module of violating recipes
per rule family (``_violate_dossier`` DC0xx, ``_violate_components`` DC1xx, ``_violate_appointment``
DC2xx, ``_violate_control`` DC3xx, ``_violate_tracking`` DC4xx, ``_violate_process`` DC5xx) and
``_violating`` (the recipe table and :func:`dossiers_violating`). A new rule gets its recipe in its
family's module and a row in the table.
"""

from __future__ import annotations

try:
    from hypothesis.errors import InvalidArgument
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        'dossier_check.strategies needs Hypothesis; install it with: pip install "dossier-check[hypothesis]"'
    ) from _exc

from collections.abc import Mapping

from ._common import CHANNELS as CHANNELS
from ._common import FORMS as FORMS
from ._common import OUTCOMES as OUTCOMES
from ._dossiers import valid_dossiers
from ._procedures import ProcedureArg as ProcedureArg
from ._procedures import catalog_for, procedure_documents, procedure_versions, procedures
from ._violating import dossiers_violating

__all__ = [
    "AS_OF",
    "CO_FIRING",
    "InvalidArgument",
    "catalog_for",
    "dossiers_violating",
    "procedure_documents",
    "procedure_versions",
    "procedures",
    "valid_dossiers",
]

AS_OF = "2100-01-01T00:00:00+07:00"
"""The audit time to check generated dossiers with: later than every date these strategies produce."""

CO_FIRING: Mapping[str, frozenset[str]] = {
    "DC003": frozenset({"DC007"}),
    "DC101": frozenset({"DC202"}),
}
"""Codes that :func:`dossiers_violating` cannot always isolate, and what may come with them.

* ``DC003`` + ``DC007``: when every date on which no version of the procedure is in force lies in a year
  without an official schedule (a procedure in force since before the first official year and still open),
  the receipt — and so the calendar the check relies on — is provisional.
* ``DC101`` + ``DC202``: when the channel offers no other ``submit`` component, a dossier missing the
  required one keeps nothing, and its appointment slip cannot list any component (``components`` must have
  at least one row). Built-in example: 2.000815, whose only kept component is TP1.

Every other code comes alone (possibly several findings of that one code).
"""
