"""An HSDS 3.0 CSV package on disk: unpacking an upload safely, validating it with Frictionless against
the HSDS schema (datapackage.json beside this file, CC BY-SA 4.0 Open Referral), reading its rows and
writing a new one.

Every problem is a `Problem` (file, row, field, what is wrong); `words.describe` says it in plain words."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO

SCHEMA_PATH = Path(__file__).with_name("datapackage.json")
# An unpacked upload may hold this much; a zip whose members say (or turn out) larger is refused.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Foreign keys the HSDS schema leaves out: we check them ourselves (file, field, referenced file).
OWN_REFERENCES = (
    ("organizations.csv", "parent_organization_id", "organizations.csv"),
    ("taxonomy_terms.csv", "parent_id", "taxonomy_terms.csv"),
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the package: where (file, row, field) and what (`code` with its `values`).
    Row numbers count as a spreadsheet does: the header is row 1."""

    code: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    values: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)


class PackageRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def resources() -> list[dict]:
    return schema()["resources"]


def file_names() -> list[str]:
    return [resource["path"] for resource in resources()]


def field_names(file: str) -> list[str]:
    resource = next(resource for resource in resources() if resource["path"] == file)
    return [column["name"] for column in resource["schema"]["fields"]]


# --- Unpacking ---

def unpack(upload: IO[bytes], into: Path) -> None:
    """Write the package's CSV files from a zip into the folder `into`: only files with an HSDS name
    (at the top or in one folder), each read no further than the limit, whatever its header claims."""
    try:
        archive = zipfile.ZipFile(upload)
        members = [member for member in archive.infolist() if not member.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PackageRefused([Problem("not_a_zip")]) from None
    wanted = {Path(member.filename).name: member for member in members
              if Path(member.filename).name in file_names() and len(Path(member.filename).parts) <= 2}
    if not wanted:
        raise PackageRefused([Problem("no_files")])
    if sum(member.file_size for member in wanted.values()) > MAX_UNPACKED_BYTES:
        raise PackageRefused([Problem("too_large", values={"mb": MAX_UNPACKED_BYTES // 1024 // 1024})])
    left = MAX_UNPACKED_BYTES
    for name, member in wanted.items():
        try:
            with archive.open(member) as source:
                data = source.read(left + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise PackageRefused([Problem("unreadable", file=name)]) from None
        left -= len(data)
        if left < 0:
            raise PackageRefused([Problem("too_large", values={"mb": MAX_UNPACKED_BYTES // 1024 // 1024})])
        (into / name).write_bytes(data)


# --- Validating and reading ---

def frictionless_package(folder: Path):
    """The HSDS package over the files in the folder; a file that is not there is an empty table, so a
    reference into it is still checked (and refused)."""
    from frictionless import Package, Resource, Schema  # heavy: only when a package is handled

    package = Package(name="hsds", basepath=str(folder))
    for resource in resources():
        table_schema = Schema.from_descriptor(resource["schema"])
        if (folder / resource["path"]).is_file():
            package.add_resource(Resource(name=resource["name"], path=resource["path"], schema=table_schema,
                                          format="csv", encoding="utf-8"))
        else:
            package.add_resource(Resource(name=resource["name"], data=[table_schema.field_names],
                                          schema=table_schema))
    return package


def validate(folder: Path) -> list[Problem]:
    """Every problem Frictionless finds against the HSDS schema, and the references it does not check."""
    report = frictionless_package(folder).validate()
    problems = [problem_of(task.name, error) for task in report.tasks for error in task.errors]
    problems += [problem_of(None, error) for error in report.errors]
    return problems + own_references(folder)


def file_of(resource_name: str | None) -> str | None:
    return next((r["path"] for r in resources() if r["name"] == resource_name), resource_name)


def problem_of(resource_name: str | None, error) -> Problem:
    """A Frictionless error as a Problem; its own (English) note goes along for what we do not word."""
    file = file_of(resource_name)
    field_name = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", []) or [])
    values = {"note": getattr(error, "note", "") or error.message, "value": getattr(error, "cell", None)}
    if error.type == "foreign-key":
        values.update(value=", ".join(map(str, error.field_cells)), target=file_of(error.reference_name))
    if error.type in ("incorrect-label", "missing-label", "extra-label", "blank-label", "duplicate-label"):
        values.update(label=getattr(error, "label", None), number=getattr(error, "field_number", None))
    return Problem(error.type, file, getattr(error, "row_number", None), field_name or None, values)


def raw_rows(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error):
        return []  # Frictionless has said what is wrong with it


def own_references(folder: Path) -> list[Problem]:
    problems = []
    for file, column, target in OWN_REFERENCES:
        if not (folder / file).is_file():
            continue
        known = {row.get("id") for row in raw_rows(folder / target)} if (folder / target).is_file() else set()
        for number, row in enumerate(raw_rows(folder / file), start=2):
            value = (row.get(column) or "").strip()
            if value and value not in known:
                problems.append(Problem("foreign-key", file, number, column, {"value": value, "target": target}))
    return problems


def read(folder: Path) -> dict[str, list[dict]]:
    """The rows of every file, typed by the schema (dates, times, numbers); call after `validate` has
    found nothing (then every cell reads). Each row knows its row number as "_row"."""
    tables = {}
    for resource in resources():
        types = {column["name"]: column["type"] for column in resource["schema"]["fields"]}
        path = folder / resource["path"]
        rows = raw_rows(path) if path.is_file() else []
        tables[resource["path"]] = [{**{name: typed(row.get(name), types[name]) for name in types}, "_row": number}
                                    for number, row in enumerate(rows, start=2)]
    return tables


def typed(text: str | None, kind: str):
    """A cell as its schema type says; an empty cell is None."""
    if text is None or text.strip() == "":
        return None
    if kind == "date":
        return dt.date.fromisoformat(text.strip())
    if kind == "time":
        return dt.time.fromisoformat(text.strip())
    if kind == "number":
        return Decimal(text.strip())
    return text


# --- Writing ---

def write(folder: Path, tables: dict[str, list[dict]]) -> None:
    """Every HSDS file (empty ones with their header, as the schema names the columns), and the schema."""
    for file in file_names():
        columns = field_names(file)
        with (folder / file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
            writer.writeheader()
            for row in tables.get(file, []):
                writer.writerow({column: written(row.get(column)) for column in columns})
    (folder / "datapackage.json").write_text(SCHEMA_PATH.read_text(encoding="utf-8"), encoding="utf-8")


def written(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
