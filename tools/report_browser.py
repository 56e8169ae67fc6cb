"""The HTML report in a real browser: what the browser tests measure, and the README's screenshots.

``python tools/report_browser.py`` audits the shipped example export, opens its report in headless
Chromium and writes ``docs/images/report-desktop.png`` (1,280 px wide) and
``docs/images/report-phone.png`` (390 px wide). ``tests/test_report_browser.py`` uses the same
functions, so the pictures show exactly what the tests check.

The browser is the system's Chromium (``/usr/bin/chromium``, Debian's ``chromium`` package), driven by
the Playwright Python package; Playwright never downloads a browser of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("DOSSIER_CHECK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE_AS_OF = "2026-11-27T12:00:00+07:00"
"""The audit time the example export is documented at."""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

CODE_SELECTOR = "code, .code, time, .card b, .nowrap"
"""Inline elements that must stay on one line: rule, dossier and procedure codes, dates, card numbers."""
NUMBER_SELECTOR = "td.n"
"""Table cells holding a number: one line, whatever the width."""

_WRAPPED_INLINE = """(sel) => {
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.getClientRects().length === 0) continue;  // not rendered (inside a closed <details>)
    const line = parseFloat(getComputedStyle(el).lineHeight) || 1.5 * parseFloat(getComputedStyle(el).fontSize);
    const rects = el.getClientRects().length;
    if (rects > 1 || el.getBoundingClientRect().height > 1.5 * line) out.push(el.textContent);
  }
  return out;
}"""

_WRAPPED_CELLS = """(sel) => {
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.getClientRects().length === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (tops.size > 1) out.push(el.textContent);
  }
  return out;
}"""


def have_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def browser() -> Iterator[Any]:
    """Headless system Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def opened(
    b: Any, path: Path, size: dict[str, int], *, scale: float = 1, media: str = "screen"
) -> Iterator[Any]:
    """The report at ``path`` in a fresh page of ``size`` (CSS pixels), with ``media`` emulated."""
    context = b.new_context(viewport=size, device_scale_factor=scale)
    page = context.new_page()
    try:
        page.emulate_media(media=media)
        page.goto(path.as_uri())
        yield page
    finally:
        context.close()


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when it never scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def wrapped(page: Any) -> list[str]:
    """Codes, dates and numbers that the layout broke over more than one line (none, ever)."""
    return list(page.evaluate(_WRAPPED_INLINE, CODE_SELECTOR)) + list(
        page.evaluate(_WRAPPED_CELLS, NUMBER_SELECTOR)
    )


def example_report(target: Path, lang: str = "vi") -> Path:
    """Audit the shipped example export into the HTML report ``target``.

    The audit exits 3: the example's portal part holds rows no dossier claims (reported, never dropped).
    """
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dossier_check",
            "audit",
            str(ROOT / "examples" / "exports"),
            "--as-of",
            EXAMPLE_AS_OF,
            "--report",
            str(target),
            "--lang",
            lang,
            "--exit-zero",
            "--quiet",
        ],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if done.returncode != 0 or not target.is_file():
        raise subprocess.CalledProcessError(done.returncode, done.args)
    return target


def screenshots(report: Path, out_dir: Path, b: Any = None) -> tuple[Path, Path]:
    """The top of ``report`` on a desktop and on a phone, as PNG files in ``out_dir`` (``b``: a browser
    from :func:`browser` to use, else one is started)."""
    if b is None:
        with browser() as started:
            return screenshots(report, out_dir, started)
    out_dir.mkdir(parents=True, exist_ok=True)
    desktop, phone = out_dir / "report-desktop.png", out_dir / "report-phone.png"
    with opened(b, report, DESKTOP) as page:
        page.screenshot(
            path=str(desktop), clip={"x": 0, "y": 0, "width": 1280, "height": 1500}, full_page=True
        )
    with opened(b, report, PHONE, scale=2) as page:
        page.screenshot(path=str(phone), clip={"x": 0, "y": 0, "width": 390, "height": 1300}, full_page=True)
    return desktop, phone


def main() -> int:
    why = have_browser()
    if why is not None:
        print(f"report_browser: {why}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        report = example_report(Path(tmp) / "report.html")
        for shot in screenshots(report, ROOT / "docs" / "images"):
            print(shot.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
