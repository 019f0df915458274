"""The overdue and upcoming listing as plain text fitted to a width: aligned columns, or records of two lines."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

GAP = "  "
MIN_TITLE = 40  # narrower than this, a title column reads a few words per line: use records instead
ALIGNED = 2  # in a record, the id and the days are padded so a column of records scans down
INDENT = 4


def short_owners(owners: Sequence[str], ambiguous: bool) -> str:
    """The first owner and how many more: "Assistant Director Safeguarding +2"."""
    if not owners:
        return "-"
    more = f" +{len(owners) - 1}" if len(owners) > 1 else ""
    return owners[0] + more + (" [owner unclear]" if ambiguous else "")


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Text wrapped at spaces to `width`, continuation lines indented; never cut inside a word."""
    pad = " " * indent
    if len(text) + indent <= width and text.isprintable() and text[:1] not in ("", " ") and text[-1] != " ":
        return [pad + text]  # what textwrap gives a line that fits with no tab, newline or space at either end
    return textwrap.wrap(text, width, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False) or [pad]


def fitted(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    caps: Sequence[int | None],
    heading: Callable[[int], str | None],
) -> list[tuple[int | None, str]]:
    """Lines no wider than `width` (a single word longer than a column aside).

    The last cell of each row (the title) takes the width the others leave; a cell longer than its column's cap
    wraps within the column. When that leaves the title fewer than MIN_TITLE characters, each row becomes a
    record: its short cells on one line (on more if they must), the title wrapped below, indented.
    `heading(i)` gives a line to print before row i, or None. Each line comes with the index of its row (None
    for headings), so a terminal can colour a row's lines together.
    """
    fixed = len(headers) - 1
    widths = [
        min(max(len(headers[i]), *(len(r[i]) for r in rows)), caps[i] or width) if rows else 0 for i in range(fixed)
    ]
    title_width = width - sum(widths) - len(GAP) * fixed
    table = title_width >= MIN_TITLE
    header = GAP.join(h.ljust(w) for h, w in zip(headers, [*widths, 0], strict=True)).rstrip()
    lines: list[tuple[int | None, str]] = []
    for index, row in enumerate(rows):
        head = heading(index)
        if head is not None:
            lines += [(None, ""), (None, head)] if lines else [(None, head)]
        if table and (head is not None or index == 0):
            lines.append((None, header))
        body = _table_row(row, [*widths, title_width]) if table else _record(row, widths, width)
        lines += [(index, line) for line in body]
    return lines


def _table_row(row: Sequence[str], widths: list[int]) -> list[str]:
    columns = [wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
    height = max(len(c) for c in columns)
    return [
        GAP.join((c[n] if n < len(c) else "").ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
        for n in range(height)
    ]


def _record(row: Sequence[str], widths: list[int], width: int) -> list[str]:
    """The short cells packed onto lines of `width`, then the title wrapped and indented."""
    lines: list[str] = []
    current = GAP.join(c.ljust(w) for c, w in zip(row[:ALIGNED], widths, strict=False))
    for cell in row[ALIGNED:-1]:
        if len(current) + len(GAP) + len(cell) <= width:
            current += GAP + cell
            continue
        lines.append(current)
        pieces = wrap(cell, max(width - INDENT, 20), INDENT)
        lines += pieces[:-1]
        current = pieces[-1]
    return [*lines, current.rstrip(), *wrap(row[-1], width, INDENT)]
