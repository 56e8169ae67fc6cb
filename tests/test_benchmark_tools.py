"""The benchmark tools that guard speed work: the strategies corpus ``compare_outputs.py`` audits.

A byte comparison is only as good as its inputs; these tests make sure the corpus reaches every rule and
every outcome, and that the same arguments give the same file (so two trees audit the same dossiers).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import orjson

from dossier_check import Checker
from dossier_check.rules import rules
from scriptkit import load_script

ROOT = Path(__file__).resolve().parent.parent
corpus: Any = load_script(ROOT / "benchmarks" / "strategies_corpus.py")


def test_corpus_fires_every_rule_and_passes_valid_dossiers(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    n = corpus.write_corpus(out, per=1, seed=3)
    lines = out.read_bytes().splitlines()
    assert len(lines) == n and n % 2 == 0  # each drawn dossier and its fuzzed copy
    checker = Checker(as_of=corpus.AS_OF)
    fired: set[str] = set()
    passed = 0
    for line in lines:
        report = checker.check_object(orjson.loads(line))
        fired.update(report.codes)
        passed += report.status == "pass"
    assert fired == {r.code for r in rules()}
    assert passed >= len({v.procedure.code for v in corpus.load_catalog()})  # the valid ones at least
    again = tmp_path / "again.jsonl"
    corpus.write_corpus(again, per=1, seed=3)
    assert again.read_bytes() == out.read_bytes()


def test_fuzz_changes_the_dossier_and_is_seeded() -> None:
    doc = {
        "code": "000.00.20.H24-260727-0001",
        "received_at": "2026-07-27T08:10:00+07:00",
        "components": [{"code": "TP1", "quantity": 1}, {"code": "TP2", "quantity": 2}],
        "applicant": {"name": "Đặng Thanh Tâm", "phone": "0979354552"},
    }
    seen = set()
    unchanged = 0
    for seed in range(40):
        a = corpus.fuzz(doc, random.Random(seed))
        assert a == corpus.fuzz(doc, random.Random(seed))
        unchanged += a == doc
        seen.add(json.dumps(a, sort_keys=True))
    assert unchanged <= 2  # a clamped day shift can land on the same date; nothing else leaves it as it was
    assert len(seen) > 30  # the mutations differ from seed to seed


def test_ab_audit_runs_both_versions_in_turns(tmp_path: Path, monkeypatch: Any) -> None:
    # The other version is whatever its PYTHONPATH imports: here a stand-in whose command line leaves a mark.
    ab: Any = load_script(ROOT / "benchmarks" / "ab_audit.py")
    fake = tmp_path / "other" / "dossier_check"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "cli.py").write_text(
        "import os, pathlib\ndef main():\n    pathlib.Path(os.environ['AB_MARK']).write_text('other')\n    return 0\n"
    )
    mark = tmp_path / "mark"
    monkeypatch.setenv("AB_MARK", str(mark))
    data = tmp_path / "one.jsonl"
    data.write_bytes((ROOT / "tests" / "data" / "spec-dossier.json").read_bytes().replace(b"\n", b"") + b"\n")
    times = ab.run(data, str(tmp_path / "other"), 2)
    assert sorted(times) == [("other", 1), ("other", 2), ("this", 1), ("this", 2)]
    assert all(len(v) == 2 and all(t > 0 for t in v) for v in times.values())
    assert mark.read_text() == "other"
