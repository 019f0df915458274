"""The exported tracker as CSV: the rows of the xlsx Actions sheet, formula-like cells neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from sendplan.export import COLUMNS, ExportRow
from sendplan.render.listing import csv_cell


def as_csv(rows: Iterable[ExportRow]) -> str:
    """One CSV row per action and step, with the Actions sheet's header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(text) for text in row.cells])
    return out.getvalue()
