"""Overdue and upcoming listings as a terminal table, plain text, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sendplan.overdue import Listing, Row
from sendplan.safetext import json_text, markdown_text, rich_text, visible

JSON_VERSION = 1
HEADERS = ("Plan", "Id", "Action", "Owners", "Due (as written)", "Deadline", "Days", "Status")


def _days_label(listing: Listing, row: Row) -> str:
    if row.unreadable:
        return "date unreadable"
    if row.days is None:
        return "undated"
    if listing.kind == "overdue" or row.days > 0:
        return f"{row.days} late"
    return "today" if row.days == 0 else f"in {-row.days}"


def _due(row: Row) -> str:
    return f"{row.revised} (was {row.due})" if row.revised else row.due


def _cells(listing: Listing, row: Row) -> list[str]:
    owners = "; ".join(row.owners) + (" [owner unclear]" if row.ambiguous_owner else "")
    deadline = row.deadline.isoformat() if row.deadline else "-"
    cells = [
        row.plan,
        row.id,
        row.title,
        owners or "-",
        _due(row) or "-",
        deadline,
        _days_label(listing, row),
        row.status,
    ]
    return [visible(cell, newlines=False) for cell in cells]  # plan text: no control character reaches a terminal


def _all_rows(listing: Listing, include_undated: bool) -> list[Row]:
    """The rows, then those whose date cannot be read (always: they may be late), then the undated if asked."""
    return listing.rows + listing.unreadable + (listing.undated if include_undated else [])


def as_plain(listing: Listing, include_undated: bool = False) -> str:
    """Aligned columns for a pipe or a file: one line per row, then the summary."""
    rows = [_cells(listing, r) for r in _all_rows(listing, include_undated)]
    if not rows:
        return f"Nothing {listing.kind}.\n{listing.summary}\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join([*lines, listing.summary]) + "\n"


def _lateness_style(days: int | None) -> str:
    """Colour by lateness; the days column says the same in words, so colour is never the only signal."""
    if days is None or days <= 0:
        return ""
    if days > 90:
        return "bold red"
    return "red" if days > 30 else "yellow"


def as_rich(listing: Listing, include_undated: bool = False, width: int | None = None) -> str:
    """Rich tables for a terminal, one per plan, rows coloured by lateness; the days say it in words too."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=io.StringIO(), force_terminal=True, width=max(width or 120, 60), highlight=False)
    rows = _all_rows(listing, include_undated)
    for plan in dict.fromkeys(r.plan for r in rows):
        title = f"{rich_text(plan)}: {listing.kind} as of {listing.as_of.day} {listing.as_of:%B %Y}"
        table = Table(title=title, title_justify="left", expand=True)
        table.add_column("Id", no_wrap=True)
        table.add_column("Action", ratio=4, min_width=18)
        table.add_column("Owners", ratio=3, min_width=14)
        table.add_column("Due (as written)", ratio=2, min_width=9)
        table.add_column("Deadline", no_wrap=True)
        table.add_column("Days", no_wrap=True, justify="right")
        table.add_column("Status", ratio=2, min_width=10)
        for row in (r for r in rows if r.plan == plan):
            cells = _cells(listing, row)[1:]
            style = _lateness_style(row.days) if listing.kind == "overdue" else ""
            table.add_row(*(rich_text(cell) for cell in cells), style=style)  # never read as rich markup
        console.print(table)
    if not rows:
        console.print(f"Nothing {listing.kind}.")
    console.print(listing.summary)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _record(listing: Listing, row: Row) -> dict[str, Any]:
    record: dict[str, Any] = {
        "plan": row.plan,
        "id": row.id,
        "title": row.full_title,
        "owners": row.owners,
        "ambiguous_owner": row.ambiguous_owner,
        "due": row.due,
        "revised_due": row.revised,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "days_overdue": row.days if row.days is not None and row.days > 0 else 0 if row.days is not None else None,
        "days_until_due": -row.days if row.days is not None and row.days <= 0 else None,
        "status": row.status,
        "state": row.state,
        "file": row.file,
        "line": row.line,
        "date_unreadable": row.unreadable,
    }
    return record


def as_json(listing: Listing, include_undated: bool = False) -> str:
    """The stable JSON shape documented in docs/json.md."""
    document = {
        "version": JSON_VERSION,
        "kind": listing.kind,
        "as_of": listing.as_of.isoformat(),
        "until": listing.until.isoformat() if listing.until else None,
        "summary": {
            listing.kind: len(listing.rows),
            "open": listing.open_items,
            "undated": len(listing.undated),
            "unreadable": len(listing.unreadable),
            "plans": listing.plans,
            "text": listing.summary,
        },
        "items": [_record(listing, r) for r in listing.rows],
        "undated": [_record(listing, r) for r in listing.undated] if include_undated else [],
        "unreadable": [_record(listing, r) for r in listing.unreadable],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


CSV_FIELDS = (
    "plan",
    "id",
    "title",
    "owners",
    "ambiguous_owner",
    "due",
    "revised_due",
    "deadline",
    "days_overdue",
    "days_until_due",
    "status",
    "state",
    "date_unreadable",
    "file",
    "line",
)


def as_csv(listing: Listing, include_undated: bool = False) -> str:
    """One CSV row per item, owners joined with '; ', for spreadsheets."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in _all_rows(listing, include_undated):
        record = _record(listing, row)
        record["owners"] = "; ".join(row.owners)
        writer.writerow({k: csv_cell(record[k]) for k in CSV_FIELDS})
    return out.getvalue()


def csv_cell(value: object) -> object:
    """A CSV value a spreadsheet shows as written: text that would start a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = visible(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, newlines as spaces, no raw HTML, no link."""
    return markdown_text(text)


def as_markdown(listing: Listing, include_undated: bool = False) -> str:
    """A GitHub-flavoured Markdown table and the summary."""
    rows = _all_rows(listing, include_undated)
    lines = [f"**{md_cell(listing.summary)}**", ""]
    if rows:
        lines.append("| " + " | ".join(HEADERS) + " |")
        lines.append("|" + "|".join("---" for _ in HEADERS) + "|")
        lines += ["| " + " | ".join(md_cell(c) for c in _cells(listing, r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"
