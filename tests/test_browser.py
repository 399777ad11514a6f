"""Every HTML page opened in a real browser (Debian's headless Chromium): it renders, and a screenshot is kept."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-zygote",
         "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=5000"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)")
def test_every_page_renders_in_chromium(built_book):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in HTML.glob("*.html") if p.name not in ("index.html", "search.html", "genindex.html"))
    assert pages
    failures = []
    for page in pages:
        url = page.resolve().as_uri()
        dom = chromium("--dump-dom", url)
        if dom.returncode != 0 or "<main" not in dom.stdout or "<h1" not in dom.stdout:
            failures.append(f"{page.name}: did not render (exit {dom.returncode})")
            continue
        if "Traceback" in dom.stdout or "Error in" in dom.stdout:
            failures.append(f"{page.name}: shows an error")
        shot = SHOTS / f"{page.stem}.png"
        result = chromium("--window-size=1280,2000", f"--screenshot={shot}", url)
        if result.returncode != 0 or not shot.exists() or shot.stat().st_size < 20_000:
            failures.append(f"{page.name}: no usable screenshot")
    assert not failures, "\n".join(failures)
