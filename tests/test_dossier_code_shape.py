"""DC004/DC005 read a dossier code of the usual shape without their regular expressions, and get what they give.

A code whose ASCII bytes, every digit read as 9 and every capital as A, spell the Circular 01/2018 template
(``999.99.99.A99-999999-9999``) is taken as that order with the date of its six digits, in one C-level
test; any other code goes to the expressions. Each property reads a code twice — shortcut on, then the
shortcut's test answering "no verdict" — and asks for the same answer: on codes near the shape (a character
changed, added or dropped; other digits, letters, white space and a trailing newline), on arbitrary text, and
on whole reports of dossiers that are valid, that break DC004/DC005, or that are fuzzed.
"""

from __future__ import annotations

import copy
import importlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_check.engine import Checker
from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers
from scriptkit import load_script

dossier_rules = importlib.import_module("dossier_check.rules.dossier")

CORPUS = load_script(Path(__file__).resolve().parent.parent / "benchmarks" / "strategies_corpus.py")
CHECKER = Checker(as_of=AS_OF)
CODES = sorted({v.procedure.code for v in CHECKER.catalog})


@contextmanager
def by_pattern() -> Iterator[None]:
    """The shortcut taken away: every code is read by the regular expressions (and nothing remembered from
    before is reused, on either side)."""
    dossier_rules._code_date.cache_clear()
    try:
        with mock.patch.object(dossier_rules, "_tt01_shaped", lambda code: False):
            yield
    finally:
        dossier_rules._code_date.cache_clear()


def both_ways(code: str) -> tuple[Any, Any]:
    dossier_rules._code_date.cache_clear()
    fast = dossier_rules._code_date(code)
    with by_pattern():
        general = dossier_rules._code_date(code)
    return fast, general


# Characters a code is written with, and the ones that come near: other scripts' digits, lower case, a
# capital beyond ASCII, white space, other punctuation.
NEAR = "0123456789ABHZ.-" + "٣۷०ahzħ  \n\t_/:Ḩ"


@st.composite
def near_codes(draw: st.DrawFn) -> str:
    yy, mm, dd = draw(st.integers(0, 99)), draw(st.integers(0, 13)), draw(st.integers(0, 32))
    letter = draw(st.sampled_from("AHZ"))
    code = list(
        f"000.00.{draw(st.integers(0, 99)):02d}.{letter}20-{yy:02d}{mm:02d}{dd:02d}-{draw(st.integers(0, 9999)):04d}"
    )
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(code)))
        edit = draw(st.sampled_from(["replace", "insert", "delete"]))
        if edit == "replace" and i < len(code):
            code[i] = draw(st.sampled_from(NEAR))
        elif edit == "insert":
            code.insert(i, draw(st.sampled_from(NEAR)))
        elif code and i < len(code):
            del code[i]
    return "".join(code)


@st.composite
def one_off_codes(draw: st.DrawFn) -> str:
    """A real code with one character replaced: every place of the shape against every near character."""
    code = draw(st.sampled_from(["000.00.20.H24-260727-0001", "123.45.67.Z89-991231-9876"]))
    i = draw(st.integers(0, len(code) - 1))
    return code[:i] + draw(st.sampled_from(NEAR)) + code[i + 1 :]


@settings(max_examples=3000, deadline=None)
@given(
    code=st.one_of(one_off_codes(), near_codes(), st.text(alphabet=NEAR, max_size=30), st.text(max_size=30))
)
def test_a_code_reads_the_same_with_and_without_the_shortcut(code: str) -> None:
    fast, general = both_ways(code)
    assert fast == general


def test_the_usual_codes_take_the_shortcut_and_the_others_do_not() -> None:
    """The shortcut is taken where it should be (else the properties would hold trivially), and only there."""
    assert dossier_rules._tt01_shaped("000.00.20.H24-260727-0001")
    assert both_ways("000.00.20.H24-260727-0001")[0] == ("tt01", date(2026, 7, 27))
    assert both_ways("000.00.20.H24-260230-0001")[0] == ("tt01", None)  # 30 February: malformed
    for code in (
        "000.00.20.H24-260727-0001\n",
        "000.00.20.h24-260727-0001",
        "000.00.20.H24-26072٣-0001",
        "000.00.20.H24-260727-000\ud800",  # not even encodable: no verdict, not an error
    ):
        assert not dossier_rules._tt01_shaped(code)
        assert both_ways(code) == ((None, None), (None, None))
    assert not dossier_rules._tt01_shaped("H20.20-261020-0007")  # Decision 20/2020 order: the expressions
    assert both_ways("H20.20-261020-0007")[0] == ("qd20", date(2026, 10, 20))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossier=st.one_of(
        st.sampled_from(CODES).flatmap(valid_dossiers),
        st.sampled_from(["DC004", "DC005"]).flatmap(dossiers_violating),
    ),
    seed=st.integers(0, 2**32),
)
def test_reports_are_the_same_with_and_without_the_shortcut(dossier: dict[str, Any], seed: int) -> None:
    rng = random.Random(seed)
    for doc in (dossier, CORPUS.fuzz(dossier, rng)):
        dossier_rules._code_date.cache_clear()
        fast = CHECKER.check_object(copy.deepcopy(doc))
        with by_pattern():
            general = CHECKER.check_object(copy.deepcopy(doc))
        assert fast == general
        assert [v.params for v in fast.violations] == [v.params for v in general.violations]
