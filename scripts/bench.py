"""Measure the build on this machine and print one table against the targets of issue 16.

    make bench            (or: .venv/bin/python scripts/bench.py [--keep])

Everything runs in a temporary copy of the repository (the tracked and untracked-but-not-ignored files of the
working tree, with the same .venv), so the user's _build/ and book/figdata/ are never touched. Measured, in order:

1. the serial floor: every chapter's code cells as one bare Python script (the cells myst-nb would execute, read with
   the same MyST parser), run one after another with book/ as the working directory;
2. a clean HTML build (`make html` after `make clean`), with the peak memory of the whole process tree;
3. the PDF (`make pdf`, reading the notebooks executed for the HTML);
4. a no-op (`make book` with nothing changed);
5. a one-parameter edit (STOP_DAYS in book/pipelines.md), three times, each just after a bare run of the chapter:
   which chapters ran again and when the HTML was ready (the median round against the median bare run);
6. the test suite (`make test` in the copy, after reverting the edit), against the clean build of the book
   (clean HTML + PDF).

Targets: clean HTML <= 1.0 x the serial floor; no-op <= 3 s; the edit re-executes only its chapter and the HTML is
ready within that chapter's bare run time (measured beside each edit) + 10 s; `make test` within three clean
book builds; peak memory < 2 GB. Times are wall-clock on a machine that may be
shared: the load average before and after is printed with the table.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kzdep import buildcache  # noqa: E402

EDIT_CHAPTER = "pipelines"
EDIT_PARAMETER = re.compile(r"^(STOP_DAYS\s*=\s*)(\d+)", re.M)
EDIT_ROUNDS = 3  # the edit is timed three times, each beside a bare run of the chapter; the medians are compared
NO_OP = "nothing changed since the last successful build"


class Run:
    """A command's wall time, output and peak memory (sum of the resident sets of its process tree, sampled)."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str]):
        import psutil

        self.peak_rss = 0
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        done = threading.Event()

        def sample():
            try:
                parent = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not done.is_set():
                total = 0
                try:
                    for p in [parent] + parent.children(recursive=True):
                        try:
                            total += p.memory_info().rss
                        except psutil.Error:
                            pass
                except psutil.Error:
                    pass
                self.peak_rss = max(self.peak_rss, total)
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        self.output = proc.communicate()[0]
        done.set()
        sampler.join()
        self.seconds = time.perf_counter() - start
        self.returncode = proc.returncode

    def check(self, what: str) -> "Run":
        if self.returncode != 0:
            sys.stderr.write(self.output[-5000:])
            raise SystemExit(f"bench: {what} failed (exit {self.returncode})")
        return self

    def executed_by_sphinx(self) -> int:
        """Notebooks myst-nb executed inside Sphinx (should be none: the executor ran them before)."""
        return len(re.findall(r"\.md: Executing notebook", self.output))

    def executed(self) -> dict[str, float]:
        return {m[0]: float(m[1]) for m in re.findall(r"kzdep\.buildcache: executed (\S+\.md) in ([\d.]+) s", self.output)}


def copy_repository(dest: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout: everything but the outputs and the environment
        shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", "figdata", "_generated", "__pycache__", ".pytest_cache"))
        (dest / ".venv").symlink_to(ROOT / ".venv")
        return
    files = listed.stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("_build/", ".venv/")):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    # the copy is a git checkout of the working tree as it is (some tests list the tracked files, or read the
    # commit's date and hash), committed once; the user's repository is not touched
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false"]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench: the working tree as measured"]):
        subprocess.run(git + step, cwd=dest, check=True, capture_output=True)


def keep_environment(copy: Path) -> None:
    """The copy shares .venv: its `make setup` must find it up to date (else it would reinstall the package from
    the copy, and the user's environment would import the temporary copy's code)."""
    stamp = (ROOT / ".venv" / ".requirements-installed").stat().st_mtime
    os.utime(copy / "requirements.txt", (stamp - 1, stamp - 1))


def bare_run(copy: Path, env: dict[str, str], doc: Path, config: dict) -> float | None:
    """Seconds for one chapter's code cells run as a bare script with book/ as the working directory (None for a
    page that is not a notebook)."""
    nb = buildcache.read_notebook(doc, config)
    if nb is None:
        return None
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    scripts = copy / "_bench_scripts"
    scripts.mkdir(exist_ok=True)
    script = scripts / f"{doc.stem}.py"
    script.write_text("from IPython.display import display\n\n" + "\n\n".join(code) + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(script)], cwd=copy / "book", env={**env, "MPLBACKEND": "Agg"},
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit(f"bench: {doc.name} failed as a bare script")
    return seconds


def serial_floor(copy: Path, env: dict[str, str]) -> dict[str, float]:
    """Each chapter's code cells as a bare script, one after another, with book/ as the working directory."""
    config = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
    times = {}
    for doc in buildcache.chapters(copy / "_toc.yml", copy / "book"):
        seconds = bare_run(copy, env, doc, config)
        if seconds is not None:
            times[doc.name] = seconds
    return times


def cpu_seconds() -> float:
    """CPU time (user + system) used so far by the finished child processes (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make(copy: Path, env: dict[str, str], *targets: str) -> Run:
    return Run(["make", "--no-print-directory", *targets], copy, env)


def fmt_s(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    parser.add_argument("--no-test", action="store_true", help="skip the test suite's row")
    args = parser.parse_args(argv)

    subprocess.run(["make", "--no-print-directory", "setup"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    load_before = os.getloadavg()
    cores = buildcache.jobs_default()
    tmp = Path(tempfile.mkdtemp(prefix="kzdep-bench-"))
    copy = tmp / "repo"
    copy_repository(copy)
    keep_environment(copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env.update({"PYTHONPATH": str(copy), "KZDEP_DATA": str(copy / "data")})
    env.pop("KZDEP_JOBS", None)
    print(f"bench: working in {copy} ({cores} cores; load average {load_before[0]:.1f})", flush=True)
    try:
        print("bench: serial floor (each chapter as a bare script, one after another) ...", flush=True)
        cpu_before = cpu_seconds()
        floor_times = serial_floor(copy, env)
        floor_cpu = cpu_seconds() - cpu_before
        floor = sum(floor_times.values())

        print("bench: clean HTML build ...", flush=True)
        make(copy, env, "clean").check("make clean")
        cpu_before = cpu_seconds()
        html = make(copy, env, "html").check("clean make html")
        html_cpu = cpu_seconds() - cpu_before
        largest_process_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        html_exec = html.executed()
        exec_wall = re.search(r"executed \d+ notebook\(s\) in ([\d.]+) s \(wall\)", html.output)

        pdf = None
        if not args.no_pdf and shutil.which("xelatex"):
            print("bench: PDF build ...", flush=True)
            pdf = make(copy, env, "pdf").check("make pdf")
            pdf_executed = pdf.executed()
            # the brief (part of `make book`, not of the PDF row): built here so that the no-op finds it
            make(copy, env, "brief").check("make brief")
        else:
            pdf_executed = {}

        print("bench: no-op (make book with nothing changed) ...", flush=True)
        noop = make(copy, env, "book" if pdf else "html").check("no-op make book")
        noop_ok = noop.output.count(NO_OP) == (2 if pdf else 1) and "Running Sphinx" not in noop.output

        print(f"bench: one-parameter edit (STOP_DAYS in {EDIT_CHAPTER}.md, {EDIT_ROUNDS} rounds) ...", flush=True)
        chapter = copy / "book" / f"{EDIT_CHAPTER}.md"
        text = chapter.read_text(encoding="utf-8")
        edits, bare = [], []
        if EDIT_PARAMETER.search(text):
            config = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
            for step in range(1, EDIT_ROUNDS + 1):
                # the chapter's bare run, measured just before its edit build (the same state of the machine)
                bare.append(bare_run(copy, env, chapter, config))
                chapter.write_text(EDIT_PARAMETER.sub(lambda m: f"{m[1]}{int(m[2]) + step}", text, count=1),
                                   encoding="utf-8")
                edits.append(make(copy, env, "html").check(f"make html after edit {step}"))
            chapter.write_text(text, encoding="utf-8")  # reverted: the tests check the book as committed

        tests = None
        if not args.no_test and pdf:
            print("bench: the test suite (make test) ...", flush=True)
            tests = make(copy, env, "test")
        load_after = os.getloadavg()
    finally:
        if args.keep:
            print(f"bench: the copy is kept in {copy}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------------------------------------------ the table
    rows = []

    def row(what, seconds, ratio, target, met, note=""):
        rows.append((what, fmt_s(seconds) if isinstance(seconds, (float, type(None))) else seconds,
                     ratio, target, {True: "met", False: "NOT met", None: "-"}[met], note))

    row("serial floor (bare scripts)", floor, "1.00x", "reference", None,
        f"{len(floor_times)} chapters, longest {max(floor_times, key=floor_times.get)} "
        f"{max(floor_times.values()):.1f} s")
    row("clean HTML", html.seconds, f"{html.seconds / floor:.2f}x", "<= 1.0x floor", html.seconds <= floor,
        f"executing {len(html_exec)} notebooks {exec_wall[1] if exec_wall else '?'} s wall on {cores} cores, "
        f"Sphinx the rest (it executed {html.executed_by_sphinx()})")
    if pdf:
        row("PDF after the HTML", pdf.seconds, f"{pdf.seconds / floor:.2f}x", "reads cached notebooks",
            not pdf_executed and not pdf.executed_by_sphinx(),
            f"{len(pdf_executed) + pdf.executed_by_sphinx()} notebooks executed again")
    else:
        row("PDF after the HTML", "n/a", "-", "-", None, "skipped (no xelatex, or --no-pdf)")
    row("no-op make book" if pdf else "no-op make html", noop.seconds, f"{noop.seconds / floor:.2f}x", "<= 3 s",
        noop.seconds <= 3 and noop_ok, "Sphinx not started" if noop_ok else "Sphinx STARTED")
    if edits:
        ordered = sorted(edits, key=lambda run: run.seconds)
        edit = ordered[len(ordered) // 2]  # the median round
        ran = edit.executed()
        own = ran.get(f"{EDIT_CHAPTER}.md")
        bare_median = sorted(bare)[len(bare) // 2]
        limit = bare_median + 10  # the chapter's bare run time + 10 s
        only = all(set(run.executed()) == {f"{EDIT_CHAPTER}.md"} for run in edits)
        row("edit STOP_DAYS: HTML ready", edit.seconds, f"{edit.seconds / floor:.2f}x",
            f"<= {limit:.1f} s (bare run + 10 s)", edit.seconds <= limit and only,
            f"median of {len(edits)} ({', '.join(f'{run.seconds:.1f}' for run in edits)} s; bare "
            f"{', '.join(f'{b:.1f}' for b in bare)} s); re-ran: {', '.join(sorted(ran)) or 'nothing'} "
            f"({EDIT_CHAPTER} {fmt_s(own)})")
    else:
        edit = None
        row("edit STOP_DAYS", "n/a", "-", "-", None, f"no STOP_DAYS = <n> line in {EDIT_CHAPTER}.md")
    if tests:
        book_build = html.seconds + pdf.seconds
        passed = re.search(r"(\d+) passed", tests.output)
        row("make test", tests.seconds, f"{tests.seconds / book_build:.2f}x book", "<= 3 clean book builds",
            tests.seconds <= 3 * book_build and tests.returncode == 0,
            f"clean book build (HTML + PDF) {book_build:.1f} s; {passed[1] if passed else '?'} passed"
            + ("" if tests.returncode == 0 else f"; FAILED (exit {tests.returncode})"))
        failed = re.findall(r"^FAILED (\S+)", tests.output, flags=re.M)
        if failed:
            print("bench: failed tests: " + ", ".join(failed), flush=True)
    else:
        row("make test", "n/a", "-", "-", None, "skipped (--no-test, or no PDF)")
    peak = max(html.peak_rss, pdf.peak_rss if pdf else 0)
    row("peak memory of the build", f"{peak / 2**20:,.0f} MB", "-", "< 2 GB", peak < 2 * 2**30,
        f"sum over the process tree (largest single process {largest_process_kb / 1024:,.0f} MB)")

    widths = [max(len(str(r[i])) for r in rows + [("measure", "time", "ratio", "target", "status", "")])
              for i in range(6)]
    header = ("measure", "time", "ratio", "target", "status", "notes")
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths))
    print()
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print()
    print(f"machine: {cores} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"(other work on the machine slows every row)")
    print("serial floor by chapter: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(floor_times.items(),
                                                                                     key=lambda kv: -kv[1])))
    gaps = []
    if html.seconds > floor:
        sphinx = html.seconds - (float(exec_wall[1]) if exec_wall else 0)
        gaps.append(f"clean HTML is {html.seconds - floor:.1f} s over the floor: the parallel execution took "
                    f"{exec_wall[1] if exec_wall else '?'} s and Sphinx (start-up, reading, writing {len(html_exec)} "
                    f"pages, search index) about {sphinx:.1f} s; on {cores} cores the floor for the build is about "
                    f"floor/{cores} + Sphinx = {floor / cores + sphinx:.1f} s, so the target needs more cores or "
                    f"a faster Sphinx")
        gaps.append(f"the clean HTML build used {html_cpu:.1f} s of CPU against the floor's {floor_cpu:.1f} s "
                    f"(kernels start IPython and render the figures as PNG; Sphinx reads, formats the bibliography and "
                    f"writes): on {cores} cores it cannot finish in less than {html_cpu / cores:.1f} s")
    if noop.seconds > 3:
        gaps.append(f"the no-op took {noop.seconds:.1f} s: process start-up and hashing the inputs on a loaded machine")
    if edit and not (edit.seconds <= limit):
        gaps.append(f"the edit build took {edit.seconds:.1f} s: the chapter ran {fmt_s(own)}, Sphinx's incremental "
                    f"build (start-up, re-reading one page, copying the downloads, writing) the rest")
    for gap in gaps:
        print("gap: " + gap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
