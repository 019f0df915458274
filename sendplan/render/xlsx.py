"""Excel workbooks: the exported tracker (actions and steps, updates) and the chase update sheet; openpyxl, lazily."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sendplan.export import (
    COLUMNS,
    FINDING_COLUMNS,
    FINDINGS_SHEET,
    PLAN_COLUMNS,
    PLANS_SHEET,
    UPDATE_COLUMNS,
    ExportRow,
)
from sendplan.sheet import HEADERS

# Accessible RAG fills: pale fills with dark text of the same hue (contrast above 4.5:1), and the status word
# is always written in the cell, so colour is never the only signal. Embedded is purple (RAGP trackers).
RAG = {
    "not started": ("EDEDED", "3B3838"),
    "on track": ("C6EFCE", "006100"),
    "at risk": ("FFEB9C", "6B4400"),
    "off track": ("FFC7CE", "9C0006"),
    "complete": ("BDD7EE", "1F3864"),
    "embedded": ("DCD0EC", "3F1F5F"),
}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # control characters Excel files cannot hold
MAX_CELL = 32767
WIDEST = 60


def clean(text: str) -> str:
    """Text a spreadsheet cell can hold: control characters dropped, cut to Excel's 32,767 characters."""
    return _ILLEGAL.sub("", text)[:MAX_CELL]


def widths(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[float]:
    """Column widths in characters: the longest line of each column (header included), at most WIDEST."""
    best = [len(h) for h in header]
    for row in rows:
        for i, text in enumerate(row):
            if text:
                longest = max(len(line) for line in text.split("\n"))
                if longest > best[i]:
                    best[i] = longest
    return [min(w, WIDEST) + 2 for w in best]


class _Styles:
    """The few styles a sheet uses, made once (openpyxl hashes a style per cell otherwise)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="D9D9D9")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.rag = {
            state: (PatternFill("solid", fgColor=fill), Font(color=ink, bold=True))
            for state, (fill, ink) in RAG.items()
        }


def _cell(ws: Any, text: str, styles: _Styles, state: str = "") -> Any:
    """A cell of text as written. Plain text goes in as it is; only cells that need it get a cell object and a
    style (setting a style hashes it, and at 15,000 rows that was most of the time)."""
    if not text:
        return None
    if "\n" not in text and not state and text[0] != "=" and not _ILLEGAL.search(text) and len(text) <= MAX_CELL:
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=clean(text))
    cell.data_type = "s"  # text as written: "=1+1" stays text, never a formula
    if "\n" in text:
        cell.alignment = styles.wrap
    if state in styles.rag:
        cell.fill, cell.font = styles.rag[state]
    return cell


def _sheet(wb: Any, title: str, header: Sequence[str], rows: list[tuple[tuple[str, ...], str]], status: int) -> None:
    """A write-only sheet: bold frozen header, filters, widths, and the status column in RAG colours."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    styles = _Styles()
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths(header, (cells for cells, _ in rows)), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    heads = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = styles.header_font, styles.header_fill
        heads.append(cell)
    ws.append(heads)
    for cells, state in rows:
        ws.append([_cell(ws, text, styles, state if i == status else "") for i, text in enumerate(cells)])


def tracker(
    rows: Iterable[ExportRow],
    updates: Iterable[tuple[str, ...]],
    findings: Iterable[tuple[str, ...]] = (),
    plans: Iterable[tuple[str, ...]] = (),
) -> bytes:
    """The exported tracker: a sheet of actions and steps, one of status updates, one of the findings the
    actions address and one of the plans (id, title, kind ...), so an import brings them back; as .xlsx bytes."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _sheet(wb, "Actions", COLUMNS, [(r.cells, r.state) for r in rows], COLUMNS.index("Status"))
    _sheet(wb, "Updates", UPDATE_COLUMNS, [(u, "") for u in updates], -1)
    _sheet(wb, FINDINGS_SHEET, FINDING_COLUMNS, [(f, "") for f in findings], -1)
    _sheet(wb, PLANS_SHEET, PLAN_COLUMNS, [(p, "") for p in plans], -1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# The update sheet's columns: `sendplan update --from` reads them by these headers (sendplan/sheet.py holds them).
UPDATE_SHEET_COLUMNS = HEADERS
WORDS_SHEET = "Status words"


def update_sheet(rows: list[tuple[str, ...]], words: dict[str, list[str]]) -> bytes:
    """The chase update sheet: one row per item (in UPDATE_SHEET_COLUMNS order, rows of one plan together),
    "New status" offering that plan's own status words as a drop-down, from a hidden sheet of words."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _Styles()
    wb = Workbook()
    ws = wb.active
    ws.title = "Updates"
    ws.append(list(UPDATE_SHEET_COLUMNS))
    for cell in ws[1]:
        cell.font, cell.fill = styles.header_font, styles.header_fill
    for cells in rows:
        ws.append([clean(c) if c else None for c in cells])
        for cell in ws[ws.max_row]:
            if cell.value is not None:
                cell.data_type = "s"  # text as written, never a formula
            cell.alignment = styles.top
    for i, width in enumerate(widths(UPDATE_SHEET_COLUMNS, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(width, 16 if i >= 10 else 0)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(UPDATE_SHEET_COLUMNS))}{len(rows) + 1}"
    lists = wb.create_sheet(WORDS_SHEET)
    lists.sheet_state = "hidden"
    new_status = get_column_letter(UPDATE_SHEET_COLUMNS.index("New status") + 1)
    for column, (plan, plan_words) in enumerate(words.items(), start=1):
        letter = get_column_letter(column)
        lists.cell(1, column, plan).data_type = "s"
        for r, word in enumerate(plan_words, start=2):
            lists.cell(r, column, clean(word)).data_type = "s"
        numbers = [n for n, cells in enumerate(rows, start=2) if cells[0] == plan]
        if not numbers or not plan_words:
            continue
        source = f"{quote_sheetname(WORDS_SHEET)}!${letter}$2:${letter}${len(plan_words) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        check.error = f"Choose one of {plan}'s status words from the list."
        check.errorTitle = "Not a status word of this plan"
        check.prompt = "Choose the new status from the plan's own words."
        check.add(f"{new_status}{numbers[0]}:{new_status}{numbers[-1]}")
        ws.add_data_validation(check)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
