"""``dossier-check audit``: check whole exports in parallel and summarise them for inspectors.

How a run goes:

* The parent only *plans*: it walks the paths (in the order given; directories sorted) and cuts every
  plain JSON Lines file into byte ranges of :data:`CHUNK_BYTES` (a quarter of that in its last
  ``2 * CHUNK_BYTES`` bytes, so that the workers finish together); every other file (``.json``, ``.zip``,
  ``.gz``) is one task. It never parses a dossier.
* Workers (``--jobs N``, default all cores; ``--jobs 1`` runs in this process) read their own input —
  a byte range starts at the first line that begins inside it — check each record and return their
  output already serialised (bytes) plus a small :class:`~dossier_check.summary.AuditSummary`.
  A JSON array is read element by element, so no export is ever held whole in memory; a worker's output
  beyond :data:`SPILL_BYTES` goes to a temporary file. A byte-range worker cannot know the absolute line
  numbers of its lines, so its output carries relative numbers that the parent fills in when it writes.
* The parent writes the results in input order (file order, then line or index), so the output is
  byte-for-byte the same whatever ``--jobs`` is, and merges the summaries in the same order.

Outputs (stdout or ``--output FILE``):

* ``jsonl``: one output record per dossier, exactly as :func:`~dossier_check.render.records.record_for`
  builds it and :func:`~dossier_check.render.records.record_line` serialises it; ``json``: the same
  records as one array.
* ``csv``: one row per violation plus one row per unreadable input (:mod:`dossier_check.render.csv`).
* ``text``: the summary tables (by rule, procedure, receiving unit, month of receipt).

This module runs the audit; what it reads is :mod:`dossier_check.sources`' business, what it counts
:mod:`dossier_check.summary`'s, and how it prints :mod:`dossier_check.render`'s. Output files are written
whole or not at all, never over an input (:mod:`.atomic`); SIGINT and SIGTERM stop every worker and
remove what the run left unfinished (:mod:`.signals`).

For ``jsonl``, ``json`` and ``csv`` the summary tables go to stderr (``--quiet``: only the totals line),
and to the HTML report with ``--report``. A progress bar is drawn on stderr when it is a terminal and
``--quiet`` is not given.

Nothing is silent: every input ends up as records (unreadable input as a record with status ``error`` and
its reason) and files passed over while walking directories are counted. Exit status: 3 when
any input could not be read, else 1 when any dossier fails, else 0 (``--exit-zero`` turns 1 into 0).
"""

from __future__ import annotations

from .progress import Progress
from .run import CHUNK_BYTES, run_audit
from .workers import SPILL_BYTES

__all__ = ["CHUNK_BYTES", "SPILL_BYTES", "Progress", "run_audit"]
