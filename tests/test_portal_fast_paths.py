"""The portal mapping's inline fast paths read exactly what the general readers read.

The mapping reads the common ``yyyyMMddHHmmss`` dates, a hand-over's status and code-list texts without
calling the general functions (for speed); these properties hold them to the same answers on valid and
invalid values alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_check.sources import dvcqg
from dossier_check.sources._when import PORTAL_FORMATS, read_when
from dossier_check.timeutil import Precision, When

# 14-digit texts: real moments, impossible ones (month 13, 31 February, 24:00, second 60) and any digits.
_STAMPS = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.strftime("%Y%m%d%H%M%S").rjust(14, "0")
    ),
    st.tuples(
        st.integers(0, 9999),
        st.integers(0, 19),
        st.integers(0, 39),
        st.integers(0, 29),
        st.integers(0, 69),
        st.integers(0, 69),
    ).map(lambda p: f"{p[0]:04d}" + "".join(f"{x:02d}" for x in p[1:])),
    st.text(alphabet="0123456789", min_size=14, max_size=14),
)
_DATES = st.one_of(
    _STAMPS,
    _STAMPS.map(lambda s: f" {s} "),
    st.text(alphabet="0123456789/-: T٠١٢", max_size=20),
    st.text(max_size=16),
    st.integers(),
    st.none(),
)


def _expected(value: Any) -> tuple[str | None, bool]:
    """What the general reader makes of a date field: (the value, whether a problem is reported)."""
    if value == "" or value is None:
        return None, False
    try:
        return read_when(value), False
    except ValueError:
        return None, True


@settings(max_examples=500)
@given(_DATES)
def test_a_mapped_date_is_what_read_when_reads(value: Any) -> None:
    m = dvcqg._Mapper({"NgayTiepNhan": value}, "t")
    got = m.when("NgayTiepNhan", "/received_at")
    want, problem = _expected(value)
    assert got == want
    assert m.problems == ([dvcqg.Problem("/received_at", "date", PORTAL_FORMATS)] if problem else [])


@settings(max_examples=300)
@given(_STAMPS, st.one_of(_STAMPS, st.text(alphabet="0123456789", max_size=15), st.none()))
def test_a_hand_over_status_is_what_status_gives(at: str, deadline: str | None) -> None:
    try:
        local = datetime.fromisoformat(f"{at[:4]}-{at[4:6]}-{at[6:8]}T{at[8:10]}:{at[10:12]}:{at[12:14]}")
    except ValueError:
        return  # an unreadable time makes no hand-over (the test of the rows says so)
    row = dvcqg.ProgressRow("rows:1", "X", {"ThoiDiemXuLy": at, "NgayKetThucTheoQuyDinh": deadline})
    m = dvcqg._Mapper({}, "t")
    handovers = dvcqg._handovers(m, (row,), None, None)["handovers"]
    assert handovers[0].get("status") == dvcqg._status(local, When(local, Precision.SECOND), at, deadline)


def _small_int_reference(value: str) -> int | None:
    return int(value.strip()) if value.strip().isdigit() and value.strip().isascii() else None


@given(st.one_of(st.text(max_size=6), st.text(alphabet=" 0123456789٣", max_size=6)))
def test_a_code_list_text_is_read_the_same_every_time(value: str) -> None:
    want = _small_int_reference(value)
    assert dvcqg._small_int(value) == want
    assert dvcqg._small_int(value) == want  # the second reading comes from the memo
