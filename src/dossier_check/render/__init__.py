"""Rendering: what ``check`` and ``audit`` print, from records and summaries already computed.

- :mod:`.records` — the per-dossier json/jsonl records, and the exit status they imply
- :mod:`.text` — text for people: ``check``'s verdict blocks, the audit's summary tables
- :mod:`.csv` — the audit's CSV (one row per violation or unreadable input)
- :mod:`.html` — the self-contained HTML inspection report
- :mod:`.common` — number and rate formatting, labels and rule titles the text and HTML share

A renderer formats and never counts: every number comes from :mod:`dossier_check.summary`. Another
output format is a new module here.
"""
