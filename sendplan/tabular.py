"""Trackers as grids of cells: Excel sheets (openpyxl), CSV files and Word tables (python-docx), merged cells filled."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sendplan.problems import SendplanError

Cell = str | date  # text as typed, or a date an Excel cell holds as a date
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".docx")


@dataclass
class Grid:
    """One table of a tracker.

    Attributes:
        where: how a reader finds it: "sheet Actions", "table 2", or "" for a CSV file.
        rows: (row number as the reader counts it, cells) for every row, blank ones included.
        merged: the rows holding a cell merged across two or more columns (a heading, usually).
        formulas: (row number, 0-based column) of each formula cell with no saved value (a workbook written by a
            program and never opened in Excel): it reads as empty, and a message should say why.
    """

    where: str
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    merged: set[int] = field(default_factory=set)
    formulas: set[tuple[int, int]] = field(default_factory=set)


def read_grids(path: str, sheet: str | None = None) -> list[Grid]:
    """The tables of a tracker: the chosen (else first) sheet of a workbook, a CSV file, or a Word file's tables.

    Raises SendplanError for a file that cannot be read, a format we do not read, or a sheet that is not there.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise SendplanError(f"{path}: import reads .xlsx, .csv and .docx trackers, not {suffix or 'this file'}")
    if not file.is_file():
        raise SendplanError(f"{path}: no such file")
    try:
        if suffix == ".csv":
            return [_csv(file)]
        if suffix == ".docx":
            return _docx(file, sheet)
        return [_xlsx(file, sheet)]
    except SendplanError:
        raise
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
        raise SendplanError(f"{path}: cannot be read as a {suffix[1:]} file: {error}") from None
    except Exception as error:  # zip and XML errors from damaged workbooks and documents
        raise SendplanError(f"{path}: cannot be read as a {suffix[1:]} file ({type(error).__name__})") from None


def text(value: object) -> Cell:
    """A cell value as text as typed, or a date; whole numbers without ".0"; line breaks as \\n."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _csv(file: Path) -> Grid:
    raw = file.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        content = raw.decode("utf-16")  # Excel's "Unicode text"
    else:
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = raw.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows
    grid = Grid("")
    for number, record in enumerate(csv.reader(io.StringIO(content, newline="")), start=1):
        grid.rows.append((number, [_unguard(text(v)) for v in record]))  # type: ignore[arg-type]
    return grid


def _unguard(cell: str) -> str:
    """A cell our CSV export guarded against formulas ("'=x") reads back as written ("=x")."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _xlsx(file: Path, sheet: str | None) -> Grid:
    from openpyxl import load_workbook

    wb = load_workbook(file, data_only=True)  # values, not formulas; not read-only, which forgets merged cells
    names = wb.sheetnames
    if sheet is None:
        ws = wb.worksheets[0]
    elif sheet in names:
        ws = wb[sheet]
    elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
        ws = wb.worksheets[int(sheet) - 1]
    else:
        lowered = {n.lower(): n for n in names}
        if sheet.lower() not in lowered:
            raise SendplanError(f"{file}: no sheet {sheet!r}; its sheets are: {', '.join(names)}")
        ws = wb[lowered[sheet.lower()]]
    grid = Grid(f"sheet {ws.title}")
    values = [[text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:  # every cell of a merged range holds the top-left value
        top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(values) else ""
        for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            row = values[r - 1]
            row.extend([""] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                row[c - 1] = top
            if merged.max_col > merged.min_col:
                grid.merged.add(r)
    grid.rows = list(enumerate(values, start=1))
    if any(v == "" for row in values for v in row):
        grid.formulas = _unsaved_formulas(file, ws.title, values)
    return grid


def _unsaved_formulas(file: Path, title: str, values: list[list[Cell]]) -> set[tuple[int, int]]:
    """The empty cells that hold a formula: read again for formulas rather than values (only when cells are empty)."""
    from openpyxl import load_workbook

    wb = load_workbook(file, read_only=True, data_only=False)
    try:
        found = set()
        for r, row in enumerate(wb[title].iter_rows(values_only=True), start=1):
            for c, value in enumerate(row):
                empty = r <= len(values) and c < len(values[r - 1]) and values[r - 1][c] == ""
                if empty and isinstance(value, str) and value.startswith("="):
                    found.add((r, c))
        return found
    finally:
        wb.close()


def sheet_names(path: str) -> list[str]:
    """The sheets of a workbook, in order (none for a CSV or Word file)."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read_grids reports an unreadable workbook in its own words
        return []
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _docx(file: Path, table: str | None) -> list[Grid]:
    from docx import Document

    tables = Document(str(file)).tables
    if not tables:
        raise SendplanError(f"{file}: the document holds no table")
    chosen = list(enumerate(tables, start=1))
    if table is not None:
        if not (table.isdigit() and 1 <= int(table) <= len(tables)):
            raise SendplanError(f"{file}: --sheet names a table by number, 1 to {len(tables)}")
        chosen = [chosen[int(table) - 1]]
    grids = []
    for number, t in chosen:
        grid = Grid(f"table {number}")
        for r, row in enumerate(t.rows, start=1):
            cells = row.cells  # a merged cell is repeated for each grid column (and down a vertical merge)
            grid.rows.append((r, [text(c.text) for c in cells]))
            if any(cells[i]._tc is cells[i + 1]._tc for i in range(len(cells) - 1)):
                grid.merged.add(r)
        grids.append(grid)
    return grids
