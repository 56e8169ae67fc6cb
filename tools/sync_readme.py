"""Regenerate the README's rule table from the registry: ``python tools/sync_readme.py``."""

from __future__ import annotations

import re
from pathlib import Path

from dossier_check.cli import rules_table

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(
        r"<!-- rules:begin -->\n.*?<!-- rules:end -->",
        lambda _: f"<!-- rules:begin -->\n{rules_table()}<!-- rules:end -->",
        text,
        flags=re.S,
    )
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
