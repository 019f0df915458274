"""The cross-walk as a matrix that fits 100 columns, an inverted list, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterator
from typing import Any

from sendplan.crosswalk import ActionLine, Column, Crosswalk
from sendplan.overdue import shorten
from sendplan.render.listing import csv_cell, md_cell
from sendplan.safetext import json_text, visible

JSON_VERSION = 1
WIDTH = 100
CELL = 5  # each column of the matrix: a letter, "!" when overdue, and spaces
LETTERS = {
    "complete": "C",
    "embedded": "E",
    "on track": "T",
    "at risk": "R",
    "off track": "X",
    "not started": "N",
    "not recorded": "?",
}
EMPTY_CELL = "·".ljust(CELL)
KEY = "Key: C complete  E embedded  T on track  R at risk  X off track  N not started  ? no status  ! late"


def mark(line: ActionLine) -> str:
    """The cell for an action that serves a column: its state's letter, with ! when overdue."""
    return LETTERS.get(line.state, "?") + ("!" if line.overdue else "")


def coverage_text(column: Column, lines: list[ActionLine] | None = None) -> str:
    """'9 actions: 2 complete, 4 on track, 1 at risk, 2 not started; 1 overdue' or 'GAP: no action'.

    With `lines`, only those actions are counted (a plan's own share of a column another plan defines).
    """
    if lines is None:
        counts, total = column.counts, len(column.actions)
    else:
        counts = dict.fromkeys(LETTERS, 0)
        counts["overdue"] = total = 0
        for line in lines:  # one pass over the plan's actions per column
            if column.key in line.links:
                total += 1
                counts["overdue"] += line.overdue
                if line.state in counts:
                    counts[line.state] += 1
    if total == 0:
        return "GAP: no action"
    done = counts.get("complete", 0) + counts.get("embedded", 0)
    parts = [f"{done} complete"] if done else []
    names = {
        "on track": "on track",
        "at risk": "at risk",
        "off track": "off track",
        "not started": "not started",
        "not recorded": "no status",
    }
    parts += [f"{counts[state]} {name}" for state, name in names.items() if counts.get(state)]
    late = f", {counts['overdue']} overdue" if counts.get("overdue") else ""
    return f"{total} action{'s' * (total != 1)}{late}: " + ", ".join(parts)


def _sections(cw: Crosswalk) -> Iterator[tuple[str, list[ActionLine], list[Column]]]:
    """One matrix per plan: its actions against the columns they or their plan could serve."""
    by_plan: dict[str, list[ActionLine]] = {}  # one pass, not one search of every action per plan
    for line in cw.actions:
        by_plan.setdefault(line.plan, []).append(line)
    columns_of: dict[str, list[int]] = {}
    for index, column in enumerate(cw.columns):
        columns_of.setdefault(column.plan, []).append(index)
    for plan, lines in by_plan.items():
        linked = {key.partition(":")[0] for a in lines for key in a.links} | {plan}
        indexes = sorted(i for p in linked for i in columns_of.get(p, []))
        yield plan, lines, [cw.columns[i] for i in indexes]


def _labels(columns: list[Column]) -> list[str]:
    """Short column labels: the id, qualified by plan only where two columns share an id."""
    ids = [c.id for c in columns]
    return [c.id if ids.count(c.id) == 1 else c.key for c in columns]


def as_matrix(cw: Crosswalk, width: int = WIDTH) -> str:
    """Actions (grouped by priority) against columns, wrapped into column blocks that fit `width`."""
    out = [f"Cross-walk by {cw.by} as of {cw.as_of.day} {cw.as_of:%B %Y}", KEY, ""]
    for plan, lines, columns in _sections(cw):
        out.append(f"== {plan} ==")
        if not columns:
            out += [f"  this plan has no {cw.by}", ""]
            continue
        labels = _labels(columns)
        most = max(1, (width - 8 - 20) // CELL)  # keep at least 20 characters of title
        blocks = -(-len(columns) // most)
        size = -(-len(columns) // blocks)  # even blocks: 13 columns as 7 + 6, not 12 + 1
        for start in range(0, len(columns), size):
            block = list(range(start, min(start + size, len(columns))))
            title_width = max(20, width - 8 - CELL * len(block))
            head = " " * (8 + title_width) + "".join(labels[i][: CELL - 1].ljust(CELL) for i in block)
            out.append(head.rstrip())
            priority = None
            keys = [columns[i].key for i in block]
            for line in lines:
                if line.priority != priority:
                    priority = line.priority
                    out.append(shorten(priority or "(no priority)", width))
                served, cell = set(line.links), mark(line).ljust(CELL)
                cells = "".join(cell if key in served else EMPTY_CELL for key in keys)
                out.append(
                    f"  {line.id:<6}{shorten(line.full_title, title_width - 1).ljust(title_width)}{cells}".rstrip()
                )
            out.append("")
        out.append(f"Coverage by {plan}'s actions")
        label_width = min(max(len(label) for label in labels), 24)
        for label, column in zip(labels, columns, strict=True):
            name = shorten(column.label, 30)
            text = f"  {label[:label_width]:<{label_width}}  {name:<30}  {coverage_text(column, lines)}"
            out.append(text if len(text) <= width else text[: width - 1] + "…")
        others = list(dict.fromkeys(c.plan for c in columns if c.plan != plan))
        if others:
            out += textwrap.wrap(f"Columns from other plans: {', '.join(others)}", width, initial_indent="  ")
        unlinked = [line.id for line in lines if not line.links]
        if unlinked:
            text = f"Serving none of these {cw.by}: {', '.join(unlinked)}"
            out += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")
        out.append("")
    return visible("\n".join(out))  # plan text: no control character reaches a terminal


def as_inverted(cw: Crosswalk, width: int = WIDTH) -> str:
    """For each column, the actions that serve it, with their status; gaps flagged."""
    lines_by_key = {a.key: a for a in cw.actions}
    out = [f"Cross-walk by {cw.by} as of {cw.as_of.day} {cw.as_of:%B %Y}, inverted", ""]
    for column in cw.columns:
        out += textwrap.wrap(f"{column.key}  {column.label}", width, subsequent_indent="    ") or [column.key]
        if column.gap:
            out.append("    GAP: no action serves this")
        for key in column.actions:
            line = lines_by_key[key]
            status = line.status + (f", {line.days_overdue} days overdue" if line.overdue else "")
            text = f"    {line.plan}:{line.id}  "
            # the title in full, wrapped under itself, the status after it (wrapped too when it does not fit)
            out += textwrap.wrap(
                f"{' '.join(line.full_title.split())} [{status}]",
                width,
                initial_indent=text,
                subsequent_indent=" " * min(len(text), width // 2),
                break_on_hyphens=False,
            )
        out.append("")
    return visible("\n".join(out))


def as_markdown(cw: Crosswalk, invert: bool = False) -> str:
    """GitHub-flavoured Markdown: a matrix per plan and a coverage table, or the inverted lists."""
    out = [f"## Cross-walk by {cw.by} as of {cw.as_of.day} {cw.as_of:%B %Y}", ""]
    if invert:
        lines_by_key = {a.key: a for a in cw.actions}
        for column in cw.columns:
            out += [f"### {md_cell(column.key)}: {md_cell(column.label)}", ""]
            if column.gap:
                out += ["**Gap: no action serves this.**", ""]
                continue
            out += ["| Action | Title | Status |", "|---|---|---|"]
            out += [
                f"| {md_cell(a.plan + ':' + a.id)} | {md_cell(a.full_title)} | {md_cell(a.status)}{' (overdue)' if a.overdue else ''} |"
                for a in (lines_by_key[k] for k in column.actions)
            ]
            out.append("")
        return "\n".join(out)
    out += [KEY, ""]
    for plan, lines, columns in _sections(cw):
        labels = _labels(columns)
        out += [f"### {md_cell(plan)}", ""]
        if not columns:
            out += [f"This plan has no {cw.by}.", ""]
            continue
        out.append("| Action | Title | " + " | ".join(md_cell(label) for label in labels) + " |")
        out.append("|---|---|" + "---|" * len(columns))
        for line in lines:
            cells = [mark(line) if c.key in line.links else "" for c in columns]
            out.append(f"| {md_cell(line.id)} | {md_cell(line.full_title)} | " + " | ".join(cells) + " |")
        out += ["", f"| Column | Name | Coverage by {md_cell(plan)}'s actions |", "|---|---|---|"]
        out += [
            f"| {md_cell(label)} | {md_cell(c.label)} | {_strong_gap(coverage_text(c, lines))} |"
            for label, c in zip(labels, columns, strict=True)
        ]
        out.append("")
    return "\n".join(out)


def _strong_gap(text: str) -> str:
    return f"**{text}**" if text.startswith("GAP") else text


CSV_FIELDS = ("column", "column_label", "plan", "action", "title", "status", "state", "overdue", "days_overdue")


def as_csv(cw: Crosswalk) -> str:
    """One row per (column, action) link, and one row with no action for each gap."""
    lines_by_key = {a.key: a for a in cw.actions}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for column in cw.columns:
        if column.gap:
            writer.writerow({"column": column.key, "column_label": csv_cell(column.label)})
        for key in column.actions:
            a = lines_by_key[key]
            writer.writerow(
                {
                    "column": column.key,
                    "column_label": column.label,
                    "plan": a.plan,
                    "action": a.id,
                    "title": csv_cell(a.full_title),
                    "status": a.status,
                    "state": a.state,
                    "overdue": "yes" if a.overdue else "no",
                    "days_overdue": a.days_overdue,
                }
            )
    return out.getvalue()


def to_data(cw: Crosswalk) -> dict[str, Any]:
    """The cross-walk as plain data: what `--format json` prints and what reports and other tools consume."""
    return {
        "version": JSON_VERSION,
        "by": cw.by,
        "as_of": cw.as_of.isoformat(),
        "columns": [
            {
                "key": c.key,
                "plan": c.plan,
                "id": c.id,
                "kind": c.kind,
                "label": c.label,
                "text": c.text,
                "actions": c.actions,
                "coverage": {
                    "actions": len(c.actions),
                    **{state.replace(" ", "_"): c.counts.get(state, 0) for state in LETTERS},
                    "overdue": c.counts.get("overdue", 0),
                },
                "gap": c.gap,
            }
            for c in cw.columns
        ],
        "actions": [
            {
                "key": a.key,
                "plan": a.plan,
                "id": a.id,
                "title": a.full_title,
                "priority": a.priority,
                "status": a.status,
                "state": a.state,
                "overdue": a.overdue,
                "days_overdue": a.days_overdue,
                "links": a.links,
            }
            for a in cw.actions
        ],
        "gaps": [c.key for c in cw.gaps],
        "unlinked": [a.key for a in cw.unlinked],
    }


def as_json(cw: Crosswalk) -> str:
    """The stable JSON shape documented in docs/json.md."""
    return json_text(json.dumps(to_data(cw), indent=2, ensure_ascii=False)) + "\n"
