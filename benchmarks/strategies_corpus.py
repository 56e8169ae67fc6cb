"""A differential corpus from the project's Hypothesis strategies: valid, violating and fuzzed dossiers.

Writes JSON Lines: for every built-in procedure, dossiers from ``valid_dossiers``; for every registered
rule, dossiers from ``dossiers_violating``; then, for each of those, a fuzzed copy — one to three seeded
mutations (a key dropped or misspelled, a value replaced by one of another type, a time shifted, stripped
of its offset or made unreadable, a list item repeated or removed). Hypothesis runs derandomised and the
fuzzing is seeded, so the same arguments give the same file.

``compare_outputs.py`` audits this file with two versions of the code (``--as-of`` the strategies' audit
time, so valid dossiers stay valid) and compares every output byte for byte: a rewrite of a rule body that
changes any verdict, path, parameter or message on any of these dossiers shows up there.

    .venv/bin/python benchmarks/strategies_corpus.py OUT.jsonl [--per 12] [--seed 7]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import warnings
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_check import load_catalog
from dossier_check.rules import rules
from dossier_check.strategies import AS_OF, dossiers_violating, valid_dossiers

__all__ = ["AS_OF", "write_corpus"]

_ODD_VALUES: tuple[Any, ...] = (
    None,
    0,
    -1,
    1.5,
    "",
    " ",
    "x",
    True,
    [],
    {},
    10**20,
    "2026-02-30T08:00:00+07:00",
)


def _draw(strategy: st.SearchStrategy[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` examples of ``strategy`` (fewer if Hypothesis cannot make that many distinct ones)."""
    out: list[dict[str, Any]] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(dossier: dict[str, Any]) -> None:
        out.append(copy.deepcopy(dossier))

    collect()
    return out[:count]


def _slots(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (dict keys and list indexes)."""
    found: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found.append((*path, key))
        found.extend(_slots(value, (*path, key)))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _shift_time(value: str, rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:  # no offset
        return value[:19]
    if choice == 1:  # date only
        return value[:10]
    if choice == 2:  # another day, same clock
        day = int(value[8:10])
        return f"{value[:8]}{max(1, min(28, day + rng.choice((-3, -1, 1, 2, 7)))):02d}{value[10:]}"
    if choice == 3:  # another hour, possibly outside office hours
        return f"{value[:11]}{rng.choice((0, 6, 7, 11, 12, 13, 17, 18, 23)):02d}{value[13:]}"
    return value.replace("T", " ")  # a space instead of the T


def fuzz(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of ``doc`` with one to three seeded mutations."""
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        slots = _slots(doc)
        if not slots:
            break
        path = rng.choice(slots)
        parent, key = _parent(doc, path), path[-1]
        value = parent[key]
        kind = rng.randrange(6)
        if (
            isinstance(value, str)
            and len(value) >= 19
            and value[4:5] == "-"
            and value[10:11] == "T"
            and kind < 3
        ):
            parent[key] = _shift_time(value, rng)
        elif kind == 0 and isinstance(parent, dict):
            del parent[key]
        elif kind == 1 and isinstance(parent, dict) and isinstance(key, str) and len(key) > 3:
            i = rng.randrange(1, len(key) - 1)
            parent[key[:i] + key[i + 1 :]] = parent.pop(key)  # a misspelled key
        elif kind == 2 and isinstance(value, list) and value:
            if rng.random() < 0.5:
                value.append(copy.deepcopy(rng.choice(value)))
            else:
                value.pop(rng.randrange(len(value)))
        else:
            parent[key] = copy.deepcopy(rng.choice(_ODD_VALUES))
    return doc


def _line(doc: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(doc)
    except TypeError:  # an integer beyond 64 bits (a DC001 dossier may hold one)
        return json.dumps(doc, ensure_ascii=False).encode("utf-8", "backslashreplace")


def write_corpus(path: Path, per: int = 12, seed: int = 7) -> int:
    """Write the corpus to ``path``; returns the number of dossiers written."""
    warnings.simplefilter("ignore")  # Hypothesis' non-interactive-example warnings are not the point here
    rng = random.Random(seed)
    drawn: list[dict[str, Any]] = []
    for code in sorted({v.procedure.code for v in load_catalog()}):
        drawn.extend(_draw(valid_dossiers(code), per))
    for rule in rules():
        drawn.extend(_draw(dossiers_violating(rule.code), per))
    lines = [_line(d) for d in drawn]
    lines.extend(_line(fuzz(d, rng)) for d in drawn)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--per", type=int, default=12, help="examples per procedure and per rule (default 12)")
    ap.add_argument("--seed", type=int, default=7, help="the fuzzing seed (default 7)")
    args = ap.parse_args()
    n = write_corpus(args.out, args.per, args.seed)
    print(f"{n:,} dossiers -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
