"""Read the data package in ``data/``: the only way the notebooks read data.

Every table is a resource of ``data/datapackage.json`` (a Frictionless Data Package). :func:`load` checks the file
against its descriptor before a notebook sees it:

- the file exists, its sha256 matches the pinned ``hash``, it is UTF-8 and comma-delimited;
- the header has exactly the schema's fields (none missing, none unknown);
- every cell has its field's type (integer, number, boolean, date, year, string) and meets its constraints
  (``required``, ``minimum``, ``maximum`` -- shares are capped at 100 --, ``enum``, ``pattern``), and the primary
  key and unique fields hold: Frictionless's own checks (:func:`frictionless_check`), reported in the report's words;
- every ``source_id`` exists in the sources register;
- every country name of a table is in the country table (``data/countries.csv``) as its source spells it, and the
  ISO 3166-1 code beside it is the one that table gives (a code column holds ISO's codes only): the columns are
  declared in the schema (``countryFields``) by ``scripts/countries.py`` (:func:`check_countries`);
- no data row rests on a source the register marks ``partisan`` (its ``tier``), except the rows listed, with the
  reason, in :data:`PARTISAN_PENDING` (empty in this edition: any entry is a known defect, to be resolved).

Anything wrong raises :class:`DataError`, whose message names the file, the column, the row and the problem, so the
build stops there and nothing wrong is published.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kzdep.stamps import STAMPS_DIR
from kzdep.stamps import keep as keep_stamp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILE = "datapackage.json"


# Rows that still rest on a source marked `partisan` in sources.csv, keyed by (data file, source_id), with the reason
# they are tolerated for now. Every entry is a known defect to resolve (replace the row with the primary source or
# drop it); the loader refuses any other row that cites a partisan source. Issue 17 left these for the lead to
# resolve when merging the branches that own the files (issue 11: trade, issue 12: oil/security, issue 13: people).
PARTISAN_PENDING: dict[tuple[str, str], str] = {
}


class DataError(ValueError):
    """Bad input in the data package; the message names file, column, row and problem."""


def data_dir() -> Path:
    """The data folder: ``$KZDEP_DATA`` if set (tests use a copy), else ``data/`` beside the package."""
    return Path(os.environ.get("KZDEP_DATA", ROOT / "data"))


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def descriptor(folder: Path | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    folder = Path(folder or data_dir())
    path = folder / PACKAGE_FILE
    if not path.exists():
        raise DataError(f"{path}: the data package descriptor is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not valid UTF-8 JSON ({exc})") from exc


def resource(name: str, folder: Path | None = None) -> dict:
    """The descriptor of one resource, by name."""
    for res in descriptor(folder)["resources"]:
        if res["name"] == name:
            return res
    raise DataError(f"{PACKAGE_FILE}: no resource named {name!r}")


def resource_names(folder: Path | None = None) -> list[str]:
    return [res["name"] for res in descriptor(folder)["resources"]]


# --------------------------------------------------------------------------------------------------------------
# cell parsing

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


def _parse(value: str, field: dict):
    """Convert one non-empty cell to the field's type, or raise ValueError with the reason."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if kind == "boolean":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{value!r} is not true or false")
    if kind == "date":
        if not _DATE.match(value):
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid calendar date") from None
    raise ValueError(f"the schema gives an unknown type {kind!r}")


def _check_constraints(value, field: dict) -> str | None:
    """The reason a parsed value breaks its field's constraints, or None."""
    cons = field.get("constraints", {})
    if "minimum" in cons and value < cons["minimum"]:
        return f"value {value!r} is below the minimum {cons['minimum']}"
    if "maximum" in cons and value > cons["maximum"]:
        what = "a share above 100 %" if field.get("unit") == "percent" else "above the maximum"
        return f"value {value!r} is {what} ({cons['maximum']})"
    if "enum" in cons and value not in cons["enum"]:
        return f"value {value!r} is not one of {cons['enum']}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], str(value)):
        return f"value {value!r} does not match the pattern {cons['pattern']}"
    return None


# --------------------------------------------------------------------------------------------------------------
# reading and validating one table

def read_table(name: str, folder: Path | None = None, check_foreign_keys: bool = True) -> pd.DataFrame:
    """Read and validate resource ``name``; raise :class:`DataError` on the first problem found."""
    folder = Path(folder or data_dir())
    res = resource(name, folder)
    rel = res["path"]
    path = folder / rel
    where = f"data/{rel}"
    if not path.exists():
        raise DataError(f"{where}: file is missing (resource {name!r} of {PACKAGE_FILE})")
    raw = path.read_bytes()

    pinned = res.get("hash", "")
    if pinned:
        algo, _, digest = pinned.partition(":")
        if algo != "sha256" or not digest:
            raise DataError(f"{where}: the pinned hash {pinned!r} is not of the form 'sha256:<hex>'")
        actual = hashlib.sha256(raw).hexdigest()
        if actual != digest:
            raise DataError(
                f"{where}: checksum mismatch: the file's sha256 is {actual}, {PACKAGE_FILE} pins {digest}; "
                "the file changed without the package being rebuilt (run `make data`)"
            )
    else:
        raise DataError(f"{where}: {PACKAGE_FILE} pins no sha256 hash for this resource")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{where}: not UTF-8 encoded (bad byte at line {line}); save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]

    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise DataError(f"{where}: the file is empty (no header row)")
    header = rows[0]
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if len(header) == 1 and len(names) > 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise DataError(f"{where}: wrong delimiter: the header is one column {header[0][:60]!r}; use commas")
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(f"{where}: missing column(s) {missing} (the schema requires {names})")
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(f"{where}: unknown column(s) {extra} not in the schema of resource {name!r}")
    if len(set(header)) != len(header):
        raise DataError(f"{where}: a column name appears twice in the header {header}")

    index = {h: i for i, h in enumerate(header)}
    for number, row in enumerate(rows[1:], start=1):
        if row and len(row) != len(header):
            raise DataError(
                f"{where}: row {number} (line {number + 1}) has {len(row)} cells, the header has {len(header)}"
            )
    if not _passed_before(res, digest):
        frictionless_check(path, schema, where)
        _mark_passed(res, digest)
    records = []
    for number, row in enumerate(rows[1:], start=1):
        if not row:
            continue
        record = {}
        for field in fields:
            col = field["name"]
            cell = row[index[col]]
            if cell.strip() == "":
                if field.get("constraints", {}).get("required"):
                    raise DataError(f"{where}, column '{col}', row {number} (line {number + 1}): empty, but required")
                record[col] = None
                continue
            try:
                value = _parse(cell, field)
            except ValueError as exc:
                raise DataError(f"{where}, column '{col}', row {number} (line {number + 1}): {exc}") from None
            problem = _check_constraints(value, field)
            if problem:
                raise DataError(f"{where}, column '{col}', row {number} (line {number + 1}): {problem}")
            record[col] = value
        records.append(record)

    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        seen: dict[tuple, int] = {}
        for number, record in enumerate(records, start=1):
            k = tuple(record[c] for c in key)
            if k in seen:
                raise DataError(
                    f"{where}, column(s) {key}, row {number} (line {number + 1}): duplicate key {k} "
                    f"(first at row {seen[k]})"
                )
            seen[k] = number
    for col in [f["name"] for f in fields if f.get("constraints", {}).get("unique")]:
        seen_u: dict = {}
        for number, record in enumerate(records, start=1):
            v = record[col]
            if v is not None and v in seen_u:
                raise DataError(f"{where}, column '{col}', row {number} (line {number + 1}): duplicate value {v!r}")
            seen_u[v] = number

    if check_foreign_keys:
        for fk in schema.get("foreignKeys", []):
            col = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
            ref = fk["reference"]
            ref_col = ref["fields"] if isinstance(ref["fields"], str) else ref["fields"][0]
            target = _reference(ref["resource"], folder)
            known = set(target[ref_col])
            for number, record in enumerate(records, start=1):
                v = record[col]
                if v is not None and v not in known:
                    raise DataError(
                        f"{where}, column '{col}', row {number} (line {number + 1}): unknown {col} {v!r} "
                        f"(not in data/{resource(ref['resource'], folder)['path']})"
                    )

    if check_foreign_keys and name != "sources" and "source_id" in names:
        refuse_partisan(records, rel, folder)
    if name == COUNTRY_TABLE:
        check_country_table(records, where)
    elif check_foreign_keys and schema.get("countryFields"):
        check_countries(records, schema["countryFields"], where, folder)

    frame = pd.DataFrame.from_records(records, columns=names)
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        if kind in ("integer", "year"):
            frame[col] = frame[col].astype("Int64") if frame[col].isna().any() else frame[col].astype("int64")
        elif kind == "number":
            frame[col] = frame[col].astype("float64")
        elif kind == "boolean" and not frame[col].isna().any():
            frame[col] = frame[col].astype(bool)
    frame.attrs["resource"] = name
    frame.attrs["path"] = where
    return frame


# Frictionless's checks are a pure function of the file's bytes, the resource's descriptor, the library's version and
# this module's code: a pass is remembered under a digest of the four (``_build/.kzdep-stamps/frictionless/``), so the
# chapters, the cross-table rules and the tests do not repeat the slowest check on a file it already passed. A changed
# byte, schema, version or loader makes a new digest, and the file is checked again; a failure is never remembered.
# The loader's own checks below (types, constraints, keys, countries, sources) run on every read.
PASSED_DIR = STAMPS_DIR / "frictionless"


@lru_cache(maxsize=1)
def _checker_version() -> str:
    from importlib.metadata import version

    return version("frictionless") + ":" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _passed_digest(res: dict, file_sha256: str) -> str:
    descriptor = json.dumps({k: v for k, v in res.items() if k not in ("hash", "bytes")}, sort_keys=True)
    return hashlib.sha256(f"{_checker_version()}\0{descriptor}\0{file_sha256}".encode()).hexdigest()


def _passed_before(res: dict, file_sha256: str) -> bool:
    return (PASSED_DIR / _passed_digest(res, file_sha256)).is_file()


def _mark_passed(res: dict, file_sha256: str) -> None:
    keep_stamp(PASSED_DIR / _passed_digest(res, file_sha256))


@lru_cache(maxsize=None)
def _reference_cached(name: str, folder: str, key: str) -> pd.DataFrame:
    return read_table(name, Path(folder), check_foreign_keys=False)


def _reference(name: str, folder: Path) -> pd.DataFrame:
    """A table other tables point to (the sources register, the country codes, a foreign key's target), read once
    per process for each state of its descriptor and file; callers must not modify it."""
    res = resource(name, folder)
    path = folder / res["path"]
    state = path.stat() if path.exists() else None
    key = json.dumps(res, sort_keys=True) + (f":{state.st_mtime_ns}:{state.st_size}" if state else ":missing")
    return _reference_cached(name, str(folder), key)


def frictionless_check(path: Path, schema: dict, where: str) -> None:
    """Frictionless's own checks of every cell (type, required, minimum, maximum, enum, pattern), the primary key and
    unique fields; the first error becomes a :class:`DataError` naming the file, the column and the row, in the
    report's words (the reason is phrased by :func:`_parse` and :func:`_check_constraints`, which read the same
    schema). Foreign keys and the partisan rule are the loader's own (they reach across files)."""
    from frictionless import Resource, Schema

    descriptor = {k: v for k, v in schema.items() if k not in ("foreignKeys", "countryFields")}
    resource = Resource(path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(descriptor))
    report = resource.validate(limit_errors=1)
    if report.valid:
        return
    fields = {f["name"]: f for f in schema["fields"]}
    error = report.tasks[0].errors[0]
    kind = error.type
    row_number = getattr(error, "row_number", None)  # frictionless counts the header as row 1
    number = row_number - 1 if row_number else None
    at = f"row {number} (line {row_number})" if number else "the table"
    field_name = getattr(error, "field_name", None)
    if kind == "primary-key":
        key = schema.get("primaryKey")
        key = [key] if isinstance(key, str) else key
        first = re.search(r"position (\d+)", error.note or "")
        since = f" (first at row {int(first.group(1)) - 1})" if first else f" ({error.note})"
        raise DataError(f"{where}, column(s) {key}, {at}: duplicate key{since}")
    if kind == "unique-error":
        raise DataError(f"{where}, column '{field_name}', {at}: duplicate value {getattr(error, 'cell', '')!r}")
    if kind in ("type-error", "constraint-error") and field_name in fields:
        field, cell = fields[field_name], str(getattr(error, "cell", "") or "")
        reason = error.note
        if cell.strip() == "":
            reason = "empty, but required"
        else:
            try:
                problem = _check_constraints(_parse(cell, field), field)
                reason = problem or reason
            except ValueError as exc:
                reason = str(exc)
        raise DataError(f"{where}, column '{field_name}', {at}: {reason}")
    column = f", column '{field_name}'" if field_name else ""
    raise DataError(f"{where}{column}, {at}: {error.title}: {error.note}")


def refuse_partisan(records: list[dict], rel: str, folder: Path) -> None:
    """Raise :class:`DataError` for the first row whose ``source_id`` the register marks ``partisan`` (unless the
    pair (file, source) is in :data:`PARTISAN_PENDING`)."""
    reg = _reference("sources", folder)
    if "tier" not in reg.columns:
        raise DataError("data/sources.csv: the column 'tier' is missing (every source needs a tier)")
    partisan = set(reg.loc[reg["tier"] == "partisan", "source_id"])
    for number, record in enumerate(records, start=1):
        sid = record.get("source_id")
        if sid in partisan and (rel, sid) not in PARTISAN_PENDING:
            raise DataError(
                f"data/{rel}, column 'source_id', row {number} (line {number + 1}): the row rests on {sid!r}, "
                "which data/sources.csv marks 'partisan'; replace it with the primary source or drop the row"
            )


COUNTRY_TABLE = "country_codes"
COUNTRY_RULE = "rule 'every country by its ISO code'"


def check_country_table(records: list[dict], where: str) -> None:
    """The country table itself: a code on a row of kind ``country`` only, and every code one of ISO's (the rows of
    scheme ``iso``)."""
    codes = {r["iso3"] for r in records if r["scheme"] == "iso"}
    for number, r in enumerate(records, start=1):
        at = f"{where}, column 'iso3', row {number} (line {number + 1})"
        if (r["kind"] == "country") != bool(r["iso3"]):
            raise DataError(f"{at}: {r['name']!r} is of kind {r['kind']!r} with code {r['iso3'] or ''!r}: a country "
                            f"has a code, an aggregate, a region or a former state none ({COUNTRY_RULE})")
        if r["iso3"] and r["iso3"] not in codes:
            raise DataError(f"{at}: {r['iso3']!r} is not one of ISO 3166-1's codes ({COUNTRY_RULE})")


def check_countries(records: list[dict], uses: list[dict], where: str, folder: Path) -> None:
    """Every country name of a table is in the country table (``data/countries.csv``) under its source's spelling
    (scheme), and the code beside it is the one that table gives; a code column holds ISO 3166-1 codes only. The
    columns are declared in the schema (``countryFields``, from scripts/countries.py), with the keys of a code column
    that stand for no country (``nonCodes``, each with what it is)."""
    table = _reference(COUNTRY_TABLE, folder)
    known = {(s, n): c if isinstance(c, str) else "" for s, n, c in zip(table["scheme"], table["name"], table["iso3"])}
    codes = set(table.loc[table["scheme"] == "iso", "iso3"])
    country_file = f"data/{resource(COUNTRY_TABLE, folder)['path']}"
    for use in uses:
        col, code_col, scheme = use.get("name"), use["code"], use["scheme"]
        for number, record in enumerate(records, start=1):
            line = f"row {number} (line {number + 1})"
            code = record.get(code_col) or ""
            if code and code not in codes and code not in use.get("nonCodes", {}):
                raise DataError(f"{where}, column '{code_col}', {line}: {code!r} is not an ISO 3166-1 alpha-3 code "
                                f"of {country_file} ({COUNTRY_RULE})")
            if col is None:
                continue
            name = record.get(col)
            if name is None:
                if code:
                    raise DataError(f"{where}, column '{code_col}', {line}: code {code!r} with no name in column "
                                    f"'{col}' ({COUNTRY_RULE})")
                continue
            if (scheme, name) not in known:
                raise DataError(f"{where}, column '{col}', {line}: the country name {name!r} has no entry in "
                                f"{country_file} (scheme {scheme!r}); add it in scripts/countries.py and run "
                                f"`make data` ({COUNTRY_RULE})")
            if known[(scheme, name)] != code:
                raise DataError(f"{where}, column '{code_col}', {line}: code {code!r} for {name!r}, {country_file} "
                                f"gives {known[(scheme, name)]!r} ({COUNTRY_RULE})")


@lru_cache(maxsize=None)
def _cached(name: str, folder: str, stamp: str) -> pd.DataFrame:
    return read_table(name, Path(folder))


def load(name: str) -> pd.DataFrame:
    """Validated table ``name`` from the data package (a fresh copy each call)."""
    folder = data_dir()
    res = resource(name, folder)
    path = folder / res["path"]
    stamp = f"{res.get('hash')}:{path.stat().st_mtime_ns if path.exists() else 'missing'}"
    frame = _cached(name, str(folder), stamp).copy()
    frame.attrs = {"resource": name, "path": f"data/{res['path']}"}
    return frame


def sources() -> pd.DataFrame:
    """The sources register, indexed by ``source_id``."""
    return load("sources").set_index("source_id")


def source(source_id: str) -> dict:
    """One source's record."""
    reg = sources()
    if source_id not in reg.index:
        raise DataError(f"data/sources.csv: unknown source_id {source_id!r}")
    return {"source_id": source_id, **{k: (None if pd.isna(v) else v) for k, v in reg.loc[source_id].items()}}


def tier(source_id: str) -> str:
    """A source's tier in the sources register (official, company, ..., relay, partisan)."""
    return str(source(source_id)["tier"])


def parameter(params: pd.DataFrame, name: str, year: int, source_id: str | None = None) -> float:
    """One value of ``parameters``; with several rows for (name, year), ``source_id`` must pick one."""
    rows = params[(params["parameter"] == name) & (params["year"] == year)]
    if source_id is not None:
        rows = rows[rows["source_id"] == source_id]
    if len(rows) != 1:
        raise DataError(f"data/parameters.csv: parameter {name!r}, year {year}: {len(rows)} rows match "
                        "(one is needed; give a source_id when several sources state it)")
    return float(rows["value"].iloc[0])


def cite(source_id: str) -> str:
    """A short plain-text citation: publisher (year), title."""
    s = source(source_id)
    return f"{s['publisher']} ({s['year']}), {s['title']}"


def geojson(name: str) -> dict:
    """A GeoJSON resource, its checksum verified."""
    folder = data_dir()
    res = resource(name, folder)
    path = folder / res["path"]
    where = f"data/{res['path']}"
    if not path.exists():
        raise DataError(f"{where}: file is missing (resource {name!r} of {PACKAGE_FILE})")
    raw = path.read_bytes()
    digest = res.get("hash", "").partition(":")[2]
    if hashlib.sha256(raw).hexdigest() != digest:
        raise DataError(f"{where}: checksum mismatch with {PACKAGE_FILE}; run `make data`")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{where}: not valid UTF-8 GeoJSON ({exc})") from None
