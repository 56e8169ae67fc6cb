"""How a one-stop-desk software team property-tests its own code with dossier-check.

Run it::

    pip install "dossier-check[hypothesis]" pytest
    pytest examples/integrators

Two ideas, one test each:

1. **Your code writes part of the dossier.** Here "our system" issues the appointment slip (Giấy tiếp nhận
   hồ sơ và hẹn trả kết quả, Mẫu 01) — the part that carries the statutory deadline. Take complete, valid
   dossiers from :func:`~dossier_check.strategies.valid_dossiers`, replace their slip with the one our code
   issues, and check it with the rules that judge the slip (``select="DC2"``): no violation may appear.
   (The rest of a generated dossier — result, hand-overs, apologies — was timed against the generated
   appointment, so the other families would judge the generator, not us.) Hypothesis explores receipt
   times across weekends, holidays, make-up Saturdays (làm bù), after-hours receipts and every channel, and
   shrinks any failure to a minimal dossier. :func:`test_a_naive_deadline_is_caught` shows it catching a
   classic bug.
2. **Your procedure files are data.** Load your ``--catalog`` directory and, for every procedure in it,
   generate dossiers: a file whose component list cannot be satisfied on some channel, or whose time
   limit does not work with the calendar, fails here rather than at the desk.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from dossier_check import check, load_catalog
from dossier_check.catalog import ProcedureVersion
from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers
from dossier_check.timeutil import parse_when
from dossier_check.workdays import WorkCalendar

HERE = Path(__file__).resolve().parent
CATALOG = load_catalog(HERE / "procedures")  # the built-in catalogue plus our own procedure files
OURS = [v for v in CATALOG if Path(v.source).resolve().is_relative_to(HERE)]


# --- "our system" -----------------------------------------------------------------------------------------


def appointment_for(procedure: str, channel: str, received: datetime) -> datetime:
    """When our desk books the result: 16:00 on the last day the law allows (or the exact instant for a
    limit in office hours). Uses the library's calendar, as our system does."""
    import dossier_check

    due = dossier_check.deadline(procedure, received, channel=channel, catalog=CATALOG)
    if due.instant:
        return due.due
    return max(datetime.combine(due.due_date, time(16, 0)), received)


def issue_appointment_slip(dossier: dict[str, Any], appointment: Any = appointment_for) -> dict[str, Any]:
    """Our system's Mẫu 01: everything the desk knows at receipt, plus the appointment it computes."""
    received = parse_when(dossier["received_at"])
    assert received is not None
    version = CATALOG.resolve(dossier["procedure_code"].strip(), received.date).version
    assert version is not None
    applicant = dossier.get("applicant") or {
        "name": "Trần Văn Bình",
        "id_number": "087090001234",
        "address": "—",
    }
    when = appointment(version.code, dossier["channel"], received.local)
    slip = {
        "number": "125/TTPVHCC",
        "issued_at": dossier["received_at"],
        "dossier_code": dossier["code"],
        "receiving_unit": dossier["receiving_unit"],
        "applicant_name": applicant["name"],
        "applicant_id_number": applicant["id_number"],
        "address": applicant["address"],
        "request": version.procedure.name,
        "components": [dict(row) for row in dossier["components"]],
        "sets": dossier.get("sets") or 1,
        "time_limit": str(version.time_limit(dossier["channel"]).model_dump()),
        "received_at": dossier["received_at"],
        "appointment_at": when.strftime("%Y-%m-%dT%H:%M+07:00"),
        "return_place": dossier["receiving_unit"],
        "received_by": dossier.get("received_by") or "Nguyễn Thị Mai",
        "delivered_via": "portal" if dossier["channel"] == "online" else None,
    }
    if dossier.get("representative"):
        slip["representative"] = dossier["representative"]
    return slip


def with_our_slip(dossier: dict[str, Any], appointment: Any = appointment_for) -> dict[str, Any]:
    """The generated dossier, with the appointment slip our system issues for it."""
    return {**dossier, "appointment_slip": issue_appointment_slip(dossier, appointment)}


# --- 1. property-test our code ------------------------------------------------------------------------------


@pytest.mark.parametrize("procedure", ["1.004222", "1.001193", "1.013225", "1.999001"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_our_appointment_slips_pass_the_inspectors_checks(procedure: str, data: st.DataObject) -> None:
    version = CATALOG.versions(procedure)[0]
    dossier = data.draw(valid_dossiers(version, outcome="accepted"))
    report = check(with_our_slip(dossier), catalog=CATALOG, as_of=AS_OF, select="DC2")
    assert report.violations == (), [v.to_dict() for v in report.violations]


def naive_appointment(procedure: str, channel: str, received: datetime) -> datetime:
    """A classic bug: "N working days" counted as weekdays that are not holidays — forgetting that the
    Government sometimes makes a Saturday a working day (làm bù)."""
    calendar = WorkCalendar.builtin()
    day, left = received.date(), 7  # 1.004222: 7 working days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and calendar.is_working_day(day):
            left -= 1
    return datetime.combine(day, time(16, 0))


def test_a_naive_deadline_is_caught() -> None:
    # Saturday 10 January 2026 is a working day by the official schedule: receipts in the week before it
    # get a naive deadline one day late. (Without the date bounds Hypothesis finds such weeks too, given
    # enough examples; the bounds keep this demonstration fast and certain.)
    week = (date(2026, 1, 5), date(2026, 1, 9))

    @settings(max_examples=30, deadline=None, phases=[Phase.generate], database=None)
    @given(valid_dossiers("1.004222", outcome="accepted", received_between=week))
    def property_with_naive_code(dossier: dict[str, Any]) -> None:
        report = check(with_our_slip(dossier, naive_appointment), catalog=CATALOG, as_of=AS_OF, select="DC2")
        assert report.violations == (), report.codes

    with pytest.raises(AssertionError, match="DC203"):
        property_with_naive_code()


# --- 2. property-test our procedure files ---------------------------------------------------------------


def test_our_catalog_directory_has_procedures() -> None:
    assert OURS, "no procedure file found next to this test"


@pytest.mark.parametrize("version", OURS, ids=lambda v: v.code)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_procedure_of_ours_admits_valid_dossiers_on_every_channel(
    version: ProcedureVersion, data: st.DataObject
) -> None:
    channel = data.draw(st.sampled_from(["direct", "postal", "online"]))
    dossier = data.draw(valid_dossiers(version, channel=channel))
    assert check(dossier, catalog=CATALOG, as_of=AS_OF).violations == ()


@pytest.mark.parametrize("version", OURS, ids=lambda v: v.code)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_the_inspectors_find_excess_components_in_our_procedures(
    version: ProcedureVersion, data: st.DataObject
) -> None:
    dossier = data.draw(dossiers_violating("DC102", version))
    assert check(dossier, catalog=CATALOG, as_of=AS_OF).codes[0] == "DC102"
