"""A native dossier written as a portal sync record and progress rows, and read back, keeps its verdict.

The claim, for every dossier :mod:`dossier_check.strategies` generates (valid ones, and ones violating each
rule), on the built-in procedures given a ``portal_code`` per component: the findings of every rule the
portal format can evaluate for that record are the same as the native dossier's, and every other rule is
listed as not evaluable — at least those the format can never carry.

"The same" is taken on the part of the native dossier a portal export can represent at all
(``portal_writer.portal_projection``): progress rows are timestamped events, so hand-overs come in time
order and an untimed row cannot exist; apology letters are not carried, so no apology moves the
appointment. DC007 (the check relied on a provisional calendar) is left out of the comparison: it reports
which computations this check made, and fewer rules run on a portal record. Dossiers sent back for
supplements at intake are left out too: the portal format has no such outcome (every received dossier
is accepted or refused), and DC001 dossiers, whose broken values a writer cannot write.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dossier_check import Checker, Report
from dossier_check.catalog import Catalog, ProcedureVersion, load_catalog, load_procedure_file
from dossier_check.rules import rules
from dossier_check.sources import InputRecord
from dossier_check.sources.dvcqg import _NEVER, ProgressIndex, ProgressRow, expand, map_record
from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers
from dossier_check.timeutil import parse_when
from portal_writer import appointment_of, portal_projection, to_portal


def with_portal_codes(version: ProcedureVersion) -> ProcedureVersion:
    doc = version.procedure.model_dump(mode="json")
    for comp in doc["components"]:
        comp["portal_code"] = f"GT-{doc['code']}-{comp['code']}"
    return load_procedure_file(f"<portal>/{doc['code']}.json", json.dumps(doc, ensure_ascii=False))


VERSIONS = [with_portal_codes(v) for v in load_catalog()]
CATALOG = Catalog(VERSIONS)
CHECKER = Checker(CATALOG, as_of=AS_OF)
CODES = [r.code for r in rules()]
# The parameters that identify a finding whatever the format (a row's own spelling of a name does not).
KEPT_PARAMS = {
    "row",
    "handed_at",
    "appointment",
    "deadline",
    "code",
    "code_date",
    "received_date",
    "procedure_code",
    "status",
    "earlier_than",
    "limit",
    "component_code",
}


def read_back(record: dict[str, Any], rows: list[dict[str, Any]]) -> InputRecord:
    index = ProgressIndex(ProgressRow(f"tiendo.json#{i}", str(r["MaHoSo"]), r) for i, r in enumerate(rows))
    [item] = list(expand(InputRecord("hoso.json", record)))
    return map_record(item, progress=index, catalog=CATALOG)


def comparable(report: Report, codes: set[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for v in report.violations:
        if v.code not in codes:
            continue
        params = {k: v.params[k] for k in sorted(v.params) if k in KEPT_PARAMS}
        if v.code == "DC102":
            params.pop("component_code", None)  # the native row's own code, or none when matched by name
        out[json.dumps([v.code, params], sort_keys=True, default=str)] += 1
    return out


def same_verdict(dossier: dict[str, Any]) -> Report:
    native_full = CHECKER.check_object(copy.deepcopy(dossier))
    assume("DC001" not in native_full.codes and dossier.get("outcome") != "supplement_requested")
    record, rows = to_portal(dossier, CATALOG)
    item = read_back(record, rows)
    assert item.error is None and item.origin is not None
    portal = CHECKER.check_object(item.data, origin=item.origin)
    native = CHECKER.check_object(portal_projection(dossier))
    evaluable = set(CODES) - set(portal.not_evaluable) - {"DC007"}
    assert comparable(portal, evaluable) == comparable(native, evaluable)
    assert set(_NEVER) & set(CODES) <= set(portal.not_evaluable)
    assert not set(portal.codes) & set(portal.not_evaluable)
    return portal


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_valid_dossiers_read_back_clean(data: st.DataObject) -> None:
    version = data.draw(st.sampled_from(VERSIONS))
    dossier = data.draw(valid_dossiers(version))
    portal = same_verdict(dossier)
    assert set(portal.codes) <= {"DC007"}


@pytest.mark.parametrize("code", [c for c in CODES if c != "DC001"])
@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_violating_dossiers_keep_their_verdict(code: str, data: st.DataObject) -> None:
    dossier = data.draw(dossiers_violating(code, st.sampled_from(VERSIONS)))
    same_verdict(dossier)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_an_appointment_before_receipt_is_found_from_the_portal_record(data: st.DataObject) -> None:
    # The portal record carries the appointment (NgayHenTra) but never the slip's issue time: DC205 stays
    # evaluable and finds an appointment promised before the dossier was received.
    version = data.draw(st.sampled_from(VERSIONS))
    dossier = data.draw(valid_dossiers(version))
    received = parse_when(dossier.get("received_at"))
    assume(received is not None and received.precise)
    assert received is not None
    minutes = data.draw(st.integers(1, 5000))
    early = (received.local - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    for key in ("appointment_slip", "control_slip", "tracking_entry"):
        if isinstance(dossier.get(key), dict) and dossier[key].get("appointment_at"):
            dossier[key]["appointment_at"] = early
    assume(appointment_of(dossier) == early)
    portal = same_verdict(dossier)
    assert "DC205" in portal.codes
