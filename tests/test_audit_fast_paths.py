"""The audit's own fast paths give exactly what the general code they stand beside gives.

An audit cuts a JSON Lines file into byte ranges and reads each range at once (``range_records``); the
``check`` command reads the same file line by line (``jsonl_records``). Whatever the cut and whatever the
lines — objects, blank lines, broken JSON, a byte-order mark, lines over the size limit, a last line with
no newline — the ranges together must give the records, line numbers and reasons the line reader gives.
"""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier_check.reasons import Reason
from dossier_check.sources.native import jsonl_records, range_records

_LINES = st.one_of(
    st.just(b'{"code": "H1", "n": 1}'),
    st.just(b'{"code": "H2", "text": "' + b"x" * 40 + b'"}'),
    st.just(b"[1, 2, 3]"),
    st.just(b""),
    st.just(b"   "),
    st.just(b'{"broken": '),
    st.just(b"\xef\xbb\xbf{}"),
    st.just(b"\xff\xfe"),
    st.binary(max_size=12),
)


def _reason(error: Any) -> str | None:
    if error is None:
        return None
    return error.render("en") if isinstance(error, Reason) else str(error)


def _seen(source: str, data: Any, error: Any) -> tuple[str, Any, str | None]:
    return source, data, _reason(error)


def _by_ranges(path: Path, cuts: list[int], limit: int) -> list[tuple[str, Any, str | None]]:
    size = path.stat().st_size
    bounds = sorted({0, size, *(c for c in cuts if 0 < c < size)})
    out = []
    base = 1
    for start, end in pairwise(bounds):
        newlines, items = range_records(str(path), start, end, limit)
        for rel, item in items:
            out.append(_seen(f"f:{base + rel}", item.data, item.error))
        base += newlines
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(_LINES, max_size=12),
    last_newline=st.booleans(),
    cuts=st.lists(st.integers(0, 400), max_size=6),
    limit=st.sampled_from([8, 20, 30, 1 << 20]),
)
@example(lines=[b'{"a": 1}', b'{"b": 22}'], last_newline=False, cuts=[12], limit=1 << 20)
@example(lines=[b'{"a": 1}', b'{"b": 22}'], last_newline=True, cuts=[3], limit=8)
@example(lines=[b'{"a": 1}', b'{"b": 222222222}'], last_newline=False, cuts=[2], limit=12)
def test_ranges_read_what_the_line_reader_reads(
    tmp_path: Path, lines: list[bytes], last_newline: bool, cuts: list[int], limit: int
) -> None:
    body = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    path = tmp_path / "f.jsonl"
    path.write_bytes(body)
    general = [_seen(r.source, r.data, r.error) for r in jsonl_records(io.BytesIO(body), "f", limit)]
    if len(general) == 1 and general[0][0] == "f":  # no record at all: the audit says so for the file
        general = []
    assert _by_ranges(path, cuts, limit) == general
