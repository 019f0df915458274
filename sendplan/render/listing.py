"""Overdue and upcoming listings as a terminal table, plain text, JSON, CSV or Markdown."""

from __future__ import annotations

from typing import Any

from sendplan.listing import Listing, Row
from sendplan.render.listing_text import fitted, short_owners, wrap
from sendplan.safetext import json_text, markdown_text, visible

JSON_VERSION = 1
HEADERS = ("Plan", "Id", "Action", "Owners", "Due (as written)", "Deadline", "Days", "Status")
# Plain text, for a pipe or a narrow terminal: the short cells first, then the title, which wraps.
TEXT_HEADERS = ("Id", "Days", "Due (as written)", "Status", "Owner", "Action")
TEXT_CAPS = (None, None, 24, 24, 40, None)  # a longer cell wraps within its column
DEFAULT_WIDTH = 100  # piped with no terminal and no COLUMNS


def _days_label(listing: Listing, row: Row) -> str:
    if row.unreadable:
        return "date unreadable"
    if row.days is None:
        return "undated"
    if listing.kind == "overdue" or row.days > 0:
        return f"{row.days} day{'s' * (row.days != 1)} late"
    return "today" if row.days == 0 else f"in {-row.days} day{'s' * (row.days != -1)}"


def _due(row: Row) -> str:
    moved = f"; moved {row.moves} times" if row.moves > 1 else ""
    return f"{row.revised} (was {row.due}{moved})" if row.revised else row.due


def _text(value: str) -> str:
    """Every cell of every listing format passes here: plan text, so no control character reaches a terminal."""
    return visible(value, newlines=False)


def _cells(listing: Listing, row: Row, full: bool = False) -> list[str]:
    """The cells of HEADERS; the title in full with `full` (Markdown), else shortened to fit a terminal."""
    owners = "; ".join(row.owners) + (" [owner unclear]" if row.ambiguous_owner else "")
    deadline = row.deadline.isoformat() if row.deadline else "-"
    cells = [
        row.plan,
        row.id,
        row.full_title if full else row.title,
        owners or "-",
        _due(row) or "-",
        deadline,
        _days_label(listing, row),
        row.status,
    ]
    return [_text(c) for c in cells]


def _text_cells(listing: Listing, row: Row) -> list[str]:
    """The cells of TEXT_HEADERS: the first owner and "+N" for the rest, the title last."""
    owner = short_owners([_text(o) for o in row.owners], row.ambiguous_owner)
    cells = _cells(listing, row)
    return [cells[1], cells[6], cells[4], cells[7], owner, cells[2]]


def _all_rows(listing: Listing, include_undated: bool) -> list[Row]:
    """The rows, then those whose date cannot be read (always: they may be late), then the undated if asked."""
    return listing.rows + listing.unreadable + (listing.undated if include_undated else [])


def _plan_heading(listing: Listing, plan: str) -> str:
    return f"{plan}: {listing.kind} as of {listing.as_of.day} {listing.as_of:%B %Y}"


def _fitted(listing: Listing, include_undated: bool, width: int) -> tuple[list[Row], list[tuple[int | None, str]]]:
    rows = _all_rows(listing, include_undated)
    cells = [_text_cells(listing, r) for r in rows]

    def heading(index: int) -> str | None:
        plan = rows[index].plan
        return _plan_heading(listing, plan) if index == 0 or rows[index - 1].plan != plan else None

    return rows, fitted(TEXT_HEADERS, cells, width, TEXT_CAPS, heading)


def as_plain(listing: Listing, include_undated: bool = False, width: int | None = None) -> str:
    """Plain text no wider than `width` (default 100): a heading per plan, then aligned columns with the title
    wrapped, or at narrower widths a record per item (its short cells on one line, the title below); the summary."""
    width = width or DEFAULT_WIDTH
    rows, lines = _fitted(listing, include_undated, width)
    head = [] if rows else [f"Nothing {listing.kind}."]
    return "\n".join([*head, *(line for _, line in lines), *wrap(listing.summary, width)]) + "\n"


def _lateness_style(days: int | None) -> str:
    """Colour by lateness; the days column says the same in words, so colour is never the only signal."""
    if days is None or days <= 0:
        return ""
    if days > 90:
        return "bold red"
    return "red" if days > 30 else "yellow"


def as_rich(listing: Listing, include_undated: bool = False, width: int | None = None) -> str:
    """The plain layout for a terminal of `width` (default 100), each item coloured by lateness, headings bold."""
    import io

    from rich.console import Console
    from rich.text import Text

    width = width or DEFAULT_WIDTH
    console = Console(file=io.StringIO(), force_terminal=True, width=width, highlight=False, soft_wrap=True)
    rows, lines = _fitted(listing, include_undated, width)
    for index, line in lines:
        if index is None:
            console.print(Text(line, style="bold" if line else ""))
        else:
            style = _lateness_style(rows[index].days) if listing.kind == "overdue" else ""
            console.print(Text(line, style=style))
    if not rows:
        console.print(f"Nothing {listing.kind}.")
    for line in wrap(listing.summary, width):
        console.print(Text(line))
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
        "due_moves": row.moves,
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
    import json  # here: the table a terminal or pipe gets (the warm path) needs neither json nor csv

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
    "due_moves",
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
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in _all_rows(listing, include_undated):
        record = _record(listing, row)
        record["owners"] = "; ".join(row.owners)
        writer.writerow({k: csv_cell(record[k]) for k in CSV_FIELDS})
    return out.getvalue()


def csv_cell(value: object) -> object:
    """A CSV value a spreadsheet shows as written: text that would start a formula is prefixed with ',
    a yes-or-no field is `yes` or `no`, and nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
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
        lines += ["| " + " | ".join(md_cell(c) for c in _cells(listing, r, full=True)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def unreadable_line(row: Row, phrase: str) -> str:
    """The warning for a row whose due date cannot be read: where the date is written, and where to learn why."""
    line, col = row.due_at or (row.line, 1)
    return (
        f"{row.file}:{line}:{col}: {row.id} has a due date that cannot be read: {phrase!r}; it may be late "
        "(sendplan validate says why and how to write it)"
    )
