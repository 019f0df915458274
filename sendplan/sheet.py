"""Reading a returned update sheet (.xlsx or .csv, as `sendplan chase` writes it) into the updates it asks for."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sendplan.problems import SendplanError

HEADERS = (
    "Plan",
    "File",
    "Action",
    "Step",
    "Title",
    "Owners",
    "Due",
    "Current status",
    "Last update",
    "New status",
    "Note",
    "Update date",
)
_NEEDED = ("Action", "New status", "Note")
MAX_ROWS = 100_000


@dataclass
class Row:
    """One filled-in row of the sheet.

    Attributes:
        number: the row's number as the spreadsheet shows it (the header is row 1 when it is the first).
        plan: the plan id, or "" when the column is missing or blank.
        action: the action's id.
        step: the step's id, or None.
        status: the new status word, or None when only a note is given.
        note: the note, or None.
        when: the update date: text as typed, a date from a date cell, or None.
        file: the plan file the row names (the File column), or "" when the column is missing or blank.
    """

    number: int
    plan: str
    action: str
    step: str | None
    status: str | None
    note: str | None
    when: str | date | None
    file: str = ""


def read_sheet(path: str) -> list[Row]:
    """The rows of an update sheet that ask for an update (a new status or a note); raise SendplanError if the
    sheet cannot be read or lacks the columns."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        cells = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        cells = _xlsx_rows(path)
    else:
        raise SendplanError(f"--from {path}: give an update sheet ending .xlsx or .csv (as sendplan chase writes)")
    return _rows(cells, path)


def _csv_rows(path: str) -> list[list[Any]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            return [row for _, row in zip(range(MAX_ROWS), csv.reader(stream), strict=False)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SendplanError(f"--from {path}: cannot read the sheet: {error}") from None


def _xlsx_rows(path: str) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook  # heavy: only when a sheet is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise SendplanError(f"--from {path}: cannot read the workbook: {error}") from None
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        return [list(row) for _, row in zip(range(MAX_ROWS), sheet.iter_rows(values_only=True), strict=False)]
    finally:
        book.close()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _rows(cells: list[list[Any]], path: str) -> list[Row]:
    wanted = {name.casefold(): name for name in HEADERS}
    header = next(
        (n for n, row in enumerate(cells, 1) if {"action", "new status"} <= {_text(c).casefold() for c in row}), None
    )
    if header is None:
        needed = ", ".join(repr(name) for name in _NEEDED)
        raise SendplanError(f"--from {path}: no header row with the columns {needed} (as sendplan chase writes them)")
    names = [_text(cell).casefold() for cell in cells[header - 1]]
    columns = {wanted[name]: position for position, name in enumerate(names) if name in wanted}

    def cell(row: list[Any], name: str) -> Any:
        position = columns.get(name)
        return row[position] if position is not None and position < len(row) else None

    found: list[Row] = []
    for row_number, row in enumerate(cells[header:], header + 1):
        status, note = _text(cell(row, "New status")), _text(cell(row, "Note"))
        if not status and not note:
            continue  # nothing returned for this item
        when = cell(row, "Update date")
        if isinstance(when, datetime):
            when = when.date()
        elif not isinstance(when, date):
            when = _text(when) or None
        step = _text(cell(row, "Step")) or None
        found.append(
            Row(
                row_number,
                _text(cell(row, "Plan")),
                _text(cell(row, "Action")),
                step,
                status or None,
                note or None,
                when,
                _text(cell(row, "File")),
            )
        )
    return found
