"""The chase's items as the rows of the update sheet (render.xlsx.UPDATE_SHEET_COLUMNS), blank where owners write."""

from __future__ import annotations

from sendplan.chase import Chase


def sheet_rows(found: Chase) -> list[tuple[str, ...]]:
    """One row per item, in UPDATE_SHEET_COLUMNS order, with "New status", "Note" and "Update date" blank."""
    rows: list[tuple[str, ...]] = []
    for item in found.items:
        s = item.standing
        step = "" if s.step is None else (s.step.id or str(s.action.steps.index(s.step) + 1))
        rows.append(
            (
                s.lp.plan.plan.id,
                s.lp.file,
                s.action.id,
                step,
                s.title,
                "; ".join(o.label for o in s.owners),
                item.due,
                s.status or "not recorded",
                item.last_update,
                "",
                "",
                "",
            )
        )
    return rows
