"""Fast and honest builds: execute what changed, in parallel, and do nothing when nothing changed.

Three jobs, each a sub-command of ``python -m kzdep.buildcache`` run by the Makefile:

``fresh TARGET`` (the instant no-op)
    A content hash of every input of the build (chapters and every other file in ``book/``, the data package, the
    kzdep package, ``_config.yml``, ``_toc.yml``, ``requirements.txt``, ``Makefile``, ``CITATION.cff``, and the
    build's settings) is compared with the stamp the last *successful* build of TARGET (html or pdf) wrote. Equal,
    and the outputs still there: it says so and exits 0, and Sphinx is not started. Otherwise it removes the stamp,
    remembers the hash and exits 1; ``done TARGET`` writes the stamp once the build has succeeded.

``execute`` (data-aware invalidation, then parallel execution)
    jupyter-cache keys a notebook on its code cells only, so a changed data file would leave old numbers in the
    book. For each chapter this works out what it reads besides its code: the data resources (the literal names in
    its ``load("...")``/``geojson("...")`` calls; a chapter that reads the whole package, such as the data page,
    says so with the marker ``kzdep: reads-all-data``), the kzdep modules it imports (with the modules they import
    in turn), the project files those modules read (``_config.yml``, ``CITATION.cff``, the table of contents) and
    the pinned environment (``requirements.txt``). It fingerprints them and compares with the last build; for a
    chapter whose inputs changed it drops the cached outputs and marks the source as changed, so that Sphinx reads
    it again. Then every chapter without a matching cache record is executed, in parallel on the machine's cores
    (longest first), into the same jupyter-cache that myst-nb reads (``_build/.jupyter_cache``), exactly as
    myst-nb would have executed it (same notebook reader, working directory, timeout and error policy). Sphinx then
    finds every notebook in the cache, so the HTML and the PDF both read executed notebooks and nothing executes
    twice. A failing cell stops the build with the cell's error.

    The files a chapter writes while it runs (the downloads in ``figdata/``, the data zip; see
    :mod:`kzdep.outputs`) are stored with its cache record and put back whenever that record is served instead of
    running the chapter, so a download always equals what a clean build of the same inputs writes: edit a
    parameter, build, revert, build, and the download is the first build's again. A record with no stored files
    (made before they were kept) counts as a miss. Records are found by the notebook's code, not only by its path,
    so a checkout that was moved or copied with its ``_build/`` invalidates and restores correctly.

``sync``
    The invalidation alone (no execution).
"""

from __future__ import annotations

import argparse
import ast
import copy
import fnmatch
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

if __name__ == "__main__":
    # Run as a script (the Makefile does, so that the check does not import the package and pandas): the package's
    # own folder must not shadow other modules.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import yaml  # noqa: E402

LOAD_CALL = re.compile(r"""\b(?:load|geojson|read_table)\(\s*["']([A-Za-z0-9_]+)["']""")
READS_ALL = "kzdep: reads-all-data"
# a page built from the other chapters' sources (the data appendix): any chapter's change re-executes it
READS_CHAPTERS = "kzdep: reads-all-chapters"
STAMP_FILE = "kzdep-data-stamps.json"
# the files each cached execution wrote (downloads, the data zip), stored beside the cache, one folder per record
OUTPUTS_DIR = "kzdep-outputs"
OUTPUT_LOG_VARIABLE = "KZDEP_OUTPUT_LOG"  # kzdep.outputs appends to the file it names
TIMINGS_FILE = "kzdep-timings.json"
PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent

# Project files (outside data/) that a kzdep module reads while a chapter runs: a chapter importing the module
# (directly or through another module) is executed again when they change.
MODULE_READS = {
    "report": ["_config.yml", "CITATION.cff"],
    "citation": ["CITATION.cff"],
    "claims": ["<toc chapters>"],
    "catalogue": ["<toc chapters>", "<resources read by chapter>"],
}
# Files of the book's folder that are outputs of the build (written by the chapters), not inputs.
OUTPUT_DIRS = {"figdata", "_generated", "_build", ".ipynb_checkpoints", "__pycache__", ".jupyter_cache"}


def log(message: str) -> None:
    print(f"kzdep.buildcache: {message}", flush=True)


# ------------------------------------------------------------------------------------------------ what a chapter reads

def chapters(toc_path: Path, book_dir: Path) -> list[Path]:
    """Every document listed in the table of contents, as a path under ``book_dir``."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    names: list[str] = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    paths = []
    for name in dict.fromkeys(names):
        for suffix in ("", ".md", ".ipynb"):
            candidate = book_dir / f"{name}{suffix}"
            if candidate.is_file():
                paths.append(candidate)
                break
    return paths


def resources_read(source: str, all_names: list[str]) -> list[str]:
    """The data resources a chapter's source reads."""
    if READS_ALL in source:
        return sorted(all_names)
    return sorted(set(LOAD_CALL.findall(source)))


def fingerprint(resource_name: str, package: dict, data_dir: Path) -> str:
    """sha256 over a resource's descriptor entry and its file's bytes."""
    entry = next((r for r in package["resources"] if r["name"] == resource_name), None)
    digest = hashlib.sha256()
    digest.update(json.dumps(entry, sort_keys=True).encode())
    if entry is not None:
        path = data_dir / entry["path"]
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        # the sources register is read with every table (its foreign key)
        if resource_name != "sources":
            digest.update(fingerprint("sources", package, data_dir).encode())
    return digest.hexdigest()


def package_modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE_DIR.glob("*.py"))


# ------------------------------------------------------------------------------------------------ derived facts

@lru_cache(maxsize=None)
def _light(name: str):
    """A module of the package that imports nothing of it and nothing heavier than this script does (``stamps``,
    ``scan``), loaded from its file: importing it as ``kzdep.<name>`` would run the package's ``__init__``, which
    imports pandas, and this script is run without it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_kzdep_{name}", PACKAGE_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DERIVED_FILE = _light("stamps").STAMPS_DIR / "derived.json"


@lru_cache(maxsize=None)
def _code(*extra: str) -> bytes:
    """This file's code (and any versions or names given): part of the key of what it derives."""
    return Path(__file__).read_bytes() + "\0".join(extra).encode()
_DERIVED: dict | None = None
_DERIVED_CHANGED = False


def _derived(kind: str, content: bytes, code: bytes, compute):
    """A fact derived from one file's content alone by the code ``code`` (the kzdep modules a module imports, the
    downloads a chapter writes): kept across runs under the sha256 of both in ``_build/.kzdep-stamps/derived.json``,
    so a build after one edit derives it again for the edited file only. ``compute`` must return JSON."""
    global _DERIVED, _DERIVED_CHANGED
    if _DERIVED is None:
        try:
            _DERIVED = json.loads(DERIVED_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _DERIVED = {}
        import atexit

        atexit.register(_save_derived)
    key = f"{kind}:{hashlib.sha256(code).hexdigest()[:16]}:{hashlib.sha256(content).hexdigest()}"
    if key not in _DERIVED:
        _DERIVED[key] = compute()
        _DERIVED_CHANGED = True
    return copy.deepcopy(_DERIVED[key])


def _save_derived() -> None:
    if _DERIVED_CHANGED and _DERIVED is not None:
        kept = dict(list(_DERIVED.items())[-2000:])  # the newest; a stale entry is never wrong, only unused
        _light("stamps").keep(DERIVED_FILE, json.dumps(kept) + "\n")


def _module_imports(path: Path) -> set[str]:
    """The kzdep modules a module of the package imports (anywhere in it, also inside functions)."""
    code = _code(*package_modules())
    return set(_derived("imports", path.read_bytes(), code, lambda: sorted(_parse_module_imports(path))))


def _parse_module_imports(path: Path) -> set[str]:
    modules = set(package_modules())
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 0 and not (base == "kzdep" or base.startswith("kzdep.")):
                continue
            sub = base.split(".")[1] if base.startswith("kzdep.") else (base if node.level else "")
            if sub:
                found.add(sub)
            else:
                found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "kzdep":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
    return found & set(modules)


FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+kzdep(?:\.(\w+))?[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)", re.M)
PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#]+)", re.M)


def modules_imported(source: str) -> set[str]:
    """The kzdep modules a chapter imports, with every module they import in turn (and ``__init__``).

    A bare ``import kzdep`` counts as the whole package (its submodules may be reached as attributes)."""
    modules = set(package_modules())
    direct: set[str] = set()
    for sub, names in FROM_IMPORT.findall(source):
        if sub:
            direct.add(sub)
        else:
            for name in names.strip("() \n").replace("\n", ",").split(","):
                name = name.strip().split(" as ")[0].strip()
                if name in modules:
                    direct.add(name)
    for names in PLAIN_IMPORT.findall(source):
        for name in names.split(","):
            parts = name.strip().split(" as ")[0].strip().split(".")
            if parts[0] == "kzdep":
                if len(parts) == 1:
                    return modules
                direct.add(parts[1])
    if not direct:
        return set()
    seen: set[str] = set()
    todo = ["__init__"] + sorted(direct & modules)
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo.extend(_module_imports(PACKAGE_DIR / f"{name}.py") - seen)
    return seen


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<missing>"


def _project_input(what: str, all_names: list[str]) -> str:
    """Digest of a project input a module reads: a file of the project, or a derived view of the chapters."""
    toc = ROOT / "_toc.yml"
    if what == "<toc chapters>":
        docs = chapters(toc, ROOT / "book") if toc.is_file() else []
        return hashlib.sha256(json.dumps([d.name for d in docs]).encode()).hexdigest()
    if what == "<resources read by chapter>":
        docs = chapters(toc, ROOT / "book") if toc.is_file() else []
        view = {d.name: resources_read(d.read_text(encoding="utf-8"), all_names) for d in docs}
        return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
    return _file_digest(ROOT / what)


def chapter_inputs(source: str, package: dict, data_dir: Path, book_dir: Path | None = None) -> dict[str, str]:
    """Fingerprints of everything a chapter reads besides its own code."""
    all_names = [r["name"] for r in package["resources"]]
    stamps = {name: fingerprint(name, package, data_dir) for name in resources_read(source, all_names)}
    modules = modules_imported(source)
    for module in sorted(modules):
        stamps[f"kzdep/{module}.py"] = _file_digest(PACKAGE_DIR / f"{module}.py")
        for what in MODULE_READS.get(module, []):
            stamps[what] = _project_input(what, all_names)
    if modules:
        stamps["requirements.txt"] = _file_digest(ROOT / "requirements.txt")
    if READS_CHAPTERS in source:
        stamps["<chapters>"] = downloads_view_digest(book_dir or ROOT / "book")
        stamps["<downloads metadata>"] = figdata_metadata_digest(book_dir or ROOT / "book")
    return stamps


def figdata_metadata_digest(book: Path) -> str:
    """sha256 of the metadata every download carries (``figdata/*.json``), which the data appendix reads; it is
    executed after the other chapters have written them (see :func:`execute`)."""
    digest = hashlib.sha256()
    for path in sorted((book / "figdata").glob("*.json")):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def downloads_view_digest(book: Path) -> str:
    """sha256 of what the data appendix reads from the chapters: their list of downloads (chapter, title, kind,
    name, caption; :func:`kzdep.scan.chapter_downloads`, in the order of ``kzdep.style.downloads_index``), so that
    an edit which changes none of them (a parameter's value) does not execute the appendix again."""
    scan_file = PACKAGE_DIR / "scan.py"
    rows = []
    for chapter in sorted(Path(book).glob("*.md"), key=lambda p: p.stem):
        raw = chapter.read_bytes()

        def compute(chapter=chapter, raw=raw):
            return _light("scan").chapter_downloads(chapter, raw.decode("utf-8"))

        # the rows name the chapter, so its file name is part of what they derive from
        rows += _derived("downloads", chapter.name.encode() + b"\0" + raw, scan_file.read_bytes(), compute)
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ invalidation

def drop_cached(cache_dir: Path, doc: Path, config: dict | None = None) -> int:
    """Remove the cached execution records of ``doc``, with the files they wrote; the number removed.

    A record is ``doc``'s when it was made from this path, or when it matches the notebook's code as it is now
    (jupyter-cache keys records on code and remembers absolute paths: in a checkout that was moved or copied, the
    record a build would serve carries the old path, and only its hash finds it)."""
    if not cache_dir.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    target = str(doc.resolve())
    doomed = {record.pk: record.hashkey for record in cache.list_cache_records()
              if record.uri and str(Path(record.uri).resolve()) == target}
    nb = read_notebook(doc, config or {}) if doc.is_file() else None
    if nb is not None:
        try:
            record = cache.match_cache_notebook(nb)
            doomed[record.pk] = record.hashkey
        except KeyError:
            pass
    for pk, hashkey in doomed.items():
        cache.remove_cache(pk)
        shutil.rmtree(cache_dir / OUTPUTS_DIR / hashkey, ignore_errors=True)
    return len(doomed)


def sync(book_dir: Path, toc_path: Path, data_dir: Path, cache_dir: Path, quiet: bool = False,
         config: dict | None = None) -> list[Path]:
    """Invalidate the chapters whose inputs changed since the last build; return them."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    stamp_path = cache_dir / STAMP_FILE
    old = json.loads(stamp_path.read_text(encoding="utf-8")) if stamp_path.exists() else {}
    new: dict[str, dict[str, str]] = {}
    changed = []
    for doc in chapters(toc_path, book_dir):
        stamps = chapter_inputs(doc.read_text(encoding="utf-8"), package, data_dir, doc.parent)
        key = str(doc.relative_to(book_dir))
        new[key] = stamps
        if key in old and old[key] != stamps:
            changed.append(doc)
            removed = drop_cached(cache_dir, doc, config)
            os.utime(doc)  # Sphinx re-reads the document, and it finds no cache record until it is executed again
            if not quiet:
                diff = sorted(n for n in set(stamps) | set(old[key]) if stamps.get(n) != old[key].get(n))
                log(f"inputs changed for {key} ({', '.join(diff)}); dropped {removed} cached run(s), "
                    f"it will be executed again")
    cache_dir.mkdir(parents=True, exist_ok=True)
    stamp_path.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return changed


# ------------------------------------------------------------------------------------------------ parallel execution

def jobs_default() -> int:
    """Worker processes: $KZDEP_JOBS, else the cores this process may use."""
    if os.environ.get("KZDEP_JOBS"):
        return max(1, int(os.environ["KZDEP_JOBS"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def read_notebook(path: Path, config: dict):
    """The notebook of a chapter exactly as myst-nb reads it (so that its cache key is the one myst-nb looks up);
    None for a page that is not a notebook."""
    import nbformat

    if path.suffix == ".ipynb":
        return nbformat.read(str(path), as_version=4)
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from importlib.metadata import version

    from myst_parser.config.main import MdParserConfig

    text = path.read_text(encoding="utf-8")
    extensions = sorted((config.get("parse") or {}).get("myst_enable_extensions") or [])

    def compute():
        if not is_myst_markdown_notebook(text):
            return None
        md_config = MdParserConfig(enable_extensions=set(extensions))
        return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))

    # what myst-nb reads from this text, at this path, with these extensions and versions (kept: see _derived)
    read = _derived("notebook", f"{path}\0{extensions}\0".encode() + text.encode(),
                    _code(version("myst-nb"), version("myst-parser")), compute)
    return None if read is None else nbformat.from_dict(read)


def _run_one(task: tuple[str, str, str, int, bool]) -> dict:
    """Worker: execute one notebook (as myst-nb does: jupyter-cache's single_nb_execution)."""
    path, nb_json, cwd, timeout, allow_errors = task
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.reads(nb_json, as_version=4)
    handle, log = tempfile.mkstemp(prefix="kzdep-outputs-", suffix=".txt")
    os.close(handle)
    os.environ[OUTPUT_LOG_VARIABLE] = log  # the kernel inherits it: kzdep.outputs lists every file written
    try:
        result = single_nb_execution(nb, cwd=cwd, timeout=timeout, allow_errors=allow_errors, meta_override=True)
        written = read_output_log(Path(log), Path(path).parent)
    finally:
        os.environ.pop(OUTPUT_LOG_VARIABLE, None)
        os.unlink(log)
    where = ""
    if result.err:  # the failing cell: the one with an error output (or the last one run, for a timeout)
        source_map = nb.metadata.get("source_map") or []
        code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        for n, i in enumerate(code):
            if any(o.get("output_type") == "error" for o in nb.cells[i].get("outputs", [])):
                where = f"code cell {n + 1}" + (f", line {source_map[i] + 1}" if i < len(source_map) else "")
                break
    return {"path": path, "nb": nbformat.writes(nb), "seconds": result.time,
            "error": type(result.err).__name__ if result.err else None, "traceback": result.exc_string,
            "message": str(result.err) if result.err else None, "where": where, "outputs": written}


def read_output_log(log: Path, book_dir: Path) -> dict[str, bytes]:
    """The files a run listed as written (see :mod:`kzdep.outputs`), as they are now, by their path relative to the
    book's folder; a file outside that folder is not an output of the book and is left out."""
    found: dict[str, bytes] = {}
    base = book_dir.resolve()
    for line in log.read_text(encoding="utf-8").splitlines():
        path = Path(line)
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if path.is_file():
            found[rel] = path.read_bytes()
    return dict(sorted(found.items()))


def store_outputs(cache_dir: Path, hashkey: str, written: dict[str, bytes]) -> None:
    """Keep the files an execution wrote with its cache record (a manifest, written last, marks the set complete)."""
    folder = cache_dir / OUTPUTS_DIR / hashkey
    shutil.rmtree(folder, ignore_errors=True)
    for rel, content in written.items():
        target = folder / "files" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(sorted(written), indent=1) + "\n", encoding="utf-8")


def stored_outputs(cache_dir: Path, hashkey: str) -> list[str] | None:
    """The files stored with a cache record, or None when none were (a record made before outputs were kept)."""
    manifest = cache_dir / OUTPUTS_DIR / hashkey / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else None


def restore_outputs(cache_dir: Path, hashkey: str, book_dir: Path) -> int:
    """Put back the files a cached execution wrote, where they differ from what is on disk; the number rewritten."""
    folder = cache_dir / OUTPUTS_DIR / hashkey / "files"
    rewritten = 0
    for rel in stored_outputs(cache_dir, hashkey) or []:
        content = (folder / rel).read_bytes()
        target = book_dir / rel
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            rewritten += 1
    return rewritten


def execute(book_dir: Path, toc_path: Path, config_path: Path, data_dir: Path, cache_dir: Path,
            jobs: int | None = None) -> int:
    """Invalidate, then execute every chapter without a matching cache record; 0 when all succeeded."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    exe = config.get("execute") or {}
    mode = exe.get("execute_notebooks", "auto")
    sync(book_dir, toc_path, data_dir, cache_dir, config=config)
    if mode != "cache":
        log(f"execute_notebooks is {mode!r}, not 'cache': myst-nb executes the notebooks itself")
        return 0

    docs = chapters(toc_path, book_dir)
    # pages built from what the other chapters wrote (the data appendix reads every download's metadata) run in a
    # second wave, once the first has written or restored those files, and only if they changed
    late = [d for d in docs if READS_CHAPTERS in d.read_text(encoding="utf-8")]
    status = _execute_wave([d for d in docs if d not in late], len(docs), config, cache_dir, jobs)
    if status or not late:
        return status
    sync(book_dir, toc_path, data_dir, cache_dir, quiet=False, config=config)
    return _execute_wave(late, len(docs), config, cache_dir, jobs)


def _execute_wave(docs: list[Path], n_pages: int, config: dict, cache_dir: Path, jobs: int | None) -> int:
    """Execute those of ``docs`` that have no matching cache record (restoring the files of those that do)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    import multiprocessing

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.cache.db import NbProjectRecord

    exe = config.get("execute") or {}
    book_dir = docs[0].parent if docs else Path(".")
    cache = get_cache(str(cache_dir))
    timings_path = cache_dir / TIMINGS_FILE
    timings = json.loads(timings_path.read_text(encoding="utf-8")) if timings_path.exists() else {}
    in_temp = bool(exe.get("run_in_temp", False))
    timeout = exe.get("timeout", 30)
    allow_errors = bool(exe.get("allow_errors", False))
    todo = []
    excluded = list(exe.get("exclude_patterns") or [])
    for doc in docs:
        rel = doc.relative_to(book_dir).as_posix()
        if any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(str(doc), pat) for pat in excluded):
            continue  # myst-nb does not execute it either
        nb = read_notebook(doc, config)
        if nb is None:
            continue
        try:
            record = cache.match_cache_notebook(nb)
        except KeyError:
            record = None
        if record is not None and stored_outputs(cache_dir, record.hashkey) is not None:
            restored = restore_outputs(cache_dir, record.hashkey, book_dir)
            if restored:
                log(f"{doc.name}: served from the execution cache; restored {restored} file(s) it wrote then")
            continue
        if record is not None:  # cached before its files were kept: run it again, so that they are
            cache.remove_cache(record.pk)
        todo.append((doc, nb))
    if not todo:
        log(f"every notebook of these {len(docs)} of the {n_pages} pages is in the execution cache; nothing to execute")
        return 0
    # longest first, so that the cores finish together: the times of the last run; notebooks never timed go first,
    # the longest source first
    todo.sort(key=lambda item: -timings.get(item[0].name, 1e9 + item[0].stat().st_size))
    jobs = max(1, min(jobs or jobs_default(), len(todo)))
    log(f"executing {len(todo)} notebook(s) on {jobs} worker(s): {', '.join(d.name for d, _ in todo)}")
    records = {}
    tasks = []
    for doc, nb in todo:
        record = cache.add_nb_to_project(str(doc), read_data={"name": "myst_nb_md", "type": "plugin"})
        NbProjectRecord.remove_tracebacks([record.pk], cache.db)
        records[str(doc)] = record
        cwd = str(doc.parent.resolve())
        if in_temp:
            import tempfile
            cwd = tempfile.mkdtemp(prefix="kzdep-exec-")
        tasks.append((str(doc), nbformat.writes(nb), cwd, timeout, allow_errors))
    failed = []
    start = time.perf_counter()
    context = multiprocessing.get_context("fork") if sys.platform != "win32" else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_run_one, task) for task in tasks]
        for future in as_completed(futures):
            out = future.result()
            doc = Path(out["path"])
            record = records[out["path"]]
            if out["error"]:
                failed.append(doc)
                NbProjectRecord.set_traceback(record.uri, out["traceback"], cache.db)
                where = f" ({out['where']})" if out["where"] else ""
                print(f"\n{doc}{where}: Executing notebook failed: {out['error']}\n{out['message']}",
                      file=sys.stderr, flush=True)
                continue
            nb = nbformat.reads(out["nb"], as_version=4)
            cached = cache.cache_notebook_bundle(
                CacheBundleIn(nb, record.uri, data={"execution_seconds": out["seconds"]}),
                check_validity=False, overwrite=True)
            store_outputs(cache_dir, cached.hashkey, out["outputs"])
            timings[doc.name] = round(out["seconds"], 2)
            log(f"executed {doc.name} in {out['seconds']:.2f} s")
    timings_path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    wall = time.perf_counter() - start
    if failed:
        log(f"{len(failed)} notebook(s) failed: {', '.join(d.name for d in failed)} (the cell's error is above)")
        return 1
    log(f"executed {len(todo)} notebook(s) in {wall:.1f} s (wall) on {jobs} worker(s)")
    return 0


# ------------------------------------------------------------------------------------ the execution report (status)

EXECUTION_TABLE = "_generated/execution.md"  # beside the chapters; the status page includes it


def execution_rows(book_dir: Path, toc_path: Path, cache_dir: Path) -> list[dict]:
    """One row per page of the table of contents that is a notebook: its name, when it was last executed (UTC),
    how long that took and whether it succeeded, read from the execution cache."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    projects = {Path(r.uri).resolve(): r for r in cache.list_project_records()}
    rows = []
    for doc in chapters(toc_path, book_dir):
        record = projects.get(doc.resolve())
        if record is None:
            continue
        cached = cache.get_cached_project_nb(record.pk)
        rows.append({
            "page": doc.relative_to(book_dir).as_posix(),
            "executed": cached.created.strftime("%Y-%m-%d %H:%M") if cached else "",
            "seconds": float((cached.data or {}).get("execution_seconds", float("nan"))) if cached else float("nan"),
            "status": "failed" if record.traceback else ("succeeded" if cached else "not executed"),
        })
    return rows


def write_execution_table(book_dir: Path, toc_path: Path, cache_dir: Path) -> Path:
    """The status page's execution report as a numbered table (label ``tbl-status-execution``), written after the
    chapters have been executed, so that it reports this build."""
    rows = execution_rows(book_dir, toc_path, cache_dir)
    lines = ["::::{table} Execution of each page of this copy: when it was last executed (UTC), how long it took, "
             "in seconds, and whether it succeeded. Source: the build's execution cache.",
             ":name: tbl-status-execution", "", "| Page | Last executed (UTC) | Run time (s) | Status |",
             "|:--|:--|--:|:--|"]
    for row in rows:
        secs = "" if row["seconds"] != row["seconds"] else f"{row['seconds']:.1f}"
        lines.append(f"| `{row['page']}` | {row['executed']} | {secs} | {row['status']} |")
    lines.append("::::")
    out = book_dir / EXECUTION_TABLE
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out


# ------------------------------------------------------------------------------------------------ the no-op stamp

def _tree_files(folder: Path, skip: set[str]) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        out.extend(Path(dirpath) / f for f in sorted(filenames) if not f.endswith(".pyc"))
    return out


def inputs_digest(book_dir: Path, data_dir: Path, files: list[Path], settings: str) -> str:
    """sha256 over every input of a build: the book's folder (without its outputs), the data package, the kzdep
    package, the given files (configuration, table of contents, requirements, ...) and the build's settings."""
    digest = hashlib.sha256(settings.encode() + b"\0")
    groups = [("book", book_dir, _tree_files(book_dir, OUTPUT_DIRS)),
              ("data", data_dir, _tree_files(data_dir, {"__pycache__"})),
              ("kzdep", PACKAGE_DIR, sorted(PACKAGE_DIR.glob("*.py")))]
    for label, base, paths in groups:
        for path in paths:
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for path in files:
        digest.update(f"file {path.name}\0".encode())
        digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def _stamp_paths(out: Path, target: str) -> tuple[Path, Path]:
    folder = out / "_build" / ".kzdep-stamps"
    return folder / f"{target}.json", folder / f"{target}.pending.json"


def fresh(target: str, out: Path, outputs: list[Path], digest: str) -> bool:
    """True when the last successful build of ``target`` had exactly these inputs and its outputs still exist.
    Otherwise forget that build's stamp and remember ``digest`` for :func:`done`."""
    stamp, pending = _stamp_paths(out, target)
    if stamp.exists() and all(p.exists() and (p.is_dir() or p.stat().st_size > 0) for p in outputs):
        if json.loads(stamp.read_text(encoding="utf-8")).get("inputs") == digest:
            return True
    stamp.unlink(missing_ok=True)
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(json.dumps({"target": target, "inputs": digest}) + "\n", encoding="utf-8")
    return False


def done(target: str, out: Path) -> None:
    """The build of ``target`` succeeded: its inputs (as they were when it started) become the stamp."""
    stamp, pending = _stamp_paths(out, target)
    if pending.exists():
        record = json.loads(pending.read_text(encoding="utf-8"))
        record["built"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        stamp.write_text(json.dumps(record) + "\n", encoding="utf-8")
        pending.unlink()


# ------------------------------------------------------------------------------------------------ the data rules

def consistency_digest(book_dir: Path, data_dir: Path) -> str:
    """sha256 over what the cross-table rules (``kzdep.consistency``) read: the data package, the kzdep package, the
    book's published verdict tables (``figdata/*-claims.csv``) and the prose, outside code cells, of each page of the
    book that quotes anything in double quotes (the rule chapter-prose-verdict reads a verdict after a quotation; a
    page that quotes nothing cannot break it, and a parameter edit in a code cell changes nothing)."""
    digest = hashlib.sha256()
    paths = ([("data", data_dir, p) for p in _tree_files(data_dir, {"__pycache__"})]
             + [("kzdep", PACKAGE_DIR, p) for p in sorted(PACKAGE_DIR.glob("*.py"))]
             + [("figdata", book_dir / "figdata", p) for p in sorted((book_dir / "figdata").glob("*-claims.csv"))])
    for label, base, path in paths:
        digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for doc in sorted(book_dir.glob("*.md")):
        prose = _CODE_CELL.sub("", doc.read_text(encoding="utf-8"))
        if '"' in prose:
            digest.update(f"prose/{doc.name}\0".encode())
            digest.update(hashlib.sha256(prose.encode()).digest())
    return digest.hexdigest()


_CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", flags=re.S | re.M)


def check_consistency(book_dir: Path, data_dir: Path) -> int:
    """Run the cross-table rules on this book and data unless they passed on exactly these inputs before (a
    chapter's parameter edit changes none of them, so the HTML is ready sooner); their exit status. A pass is kept
    under its digest in the checkout's ``_build/.kzdep-stamps/consistency/``, so any book built from this checkout
    on the same inputs, a small book of the tests included, reuses it."""
    import subprocess

    digest = consistency_digest(book_dir, data_dir)
    stamps = _light("stamps")
    stamp = stamps.STAMPS_DIR / "consistency" / digest
    if stamp.is_file():
        log(f"cross-table rules: they held on these inputs already (sha256 {digest[:12]}); not run again")
        return 0
    status = subprocess.run([sys.executable, "-m", "kzdep.consistency", "--book", str(book_dir.resolve()),
                             "--figdata", str((book_dir / "figdata").resolve())], cwd=ROOT,
                            env={**os.environ, "KZDEP_DATA": str(data_dir.resolve())}).returncode
    if status == 0:
        stamps.keep(stamp)
    return status


# ------------------------------------------------------------------------------------------------ command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="sync", choices=["sync", "execute", "fresh", "done",
                                                                            "consistency"])
    parser.add_argument("target", nargs="?", help="fresh/done: html or pdf")
    parser.add_argument("--book", default="book")
    parser.add_argument("--toc", default="_toc.yml")
    parser.add_argument("--config", default="_config.yml")
    parser.add_argument("--data", default=os.environ.get("KZDEP_DATA", str(ROOT / "data")))
    parser.add_argument("--cache", default="_build/.jupyter_cache")
    parser.add_argument("--out", default=".", help="the folder holding _build/")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: $KZDEP_JOBS or cores)")
    parser.add_argument("--output", action="append", default=[], help="fresh: an output that must exist")
    parser.add_argument("--input", action="append", default=[], help="fresh: another input file")
    parser.add_argument("--settings", default="", help="fresh: the build's settings (flags, dates)")
    args = parser.parse_intermixed_args(argv)
    book, toc, data_dir, cache = Path(args.book), Path(args.toc), Path(args.data), Path(args.cache)
    if args.command == "sync":
        sync(book, toc, data_dir, cache, config=yaml.safe_load(Path(args.config).read_text(encoding="utf-8")) or {})
        return 0
    if args.command == "execute":
        status = execute(book, toc, Path(args.config), data_dir, cache, args.jobs)
        if cache.exists():
            write_execution_table(book, toc, cache)
        return status
    if args.command == "consistency":
        return check_consistency(book, data_dir)
    if not args.target:
        parser.error(f"{args.command} needs a target (html or pdf)")
    if args.command == "done":
        done(args.target, Path(args.out))
        return 0
    files = [Path(p) for p in [args.toc, args.config, *args.input]]
    outputs = [Path(p) for p in args.output]
    if args.target == "html":  # every page of the table of contents, not only the index
        html = Path(args.out) / "_build" / "html"
        outputs += [html / doc.relative_to(book).with_suffix(".html") for doc in chapters(toc, book)]
    digest = inputs_digest(book, data_dir, files, f"{args.target}\0{args.settings}\0{data_dir.resolve()}")
    if fresh(args.target, Path(args.out), outputs, digest):
        log(f"{args.target}: nothing changed since the last successful build (inputs sha256 {digest[:12]}); "
            f"Sphinx not started")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
