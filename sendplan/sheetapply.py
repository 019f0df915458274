"""Applying a returned update sheet: its rows sent to the plan files they name, all checked, then all written."""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sendplan.edit import Change, Edit, changes_from_sheet, record_updates
from sendplan.files import PLAN_SUFFIXES
from sendplan.problems import SendplanError
from sendplan.writefile import locked, resolve_target, write_atomically


@dataclass
class SheetApplied:
    """What applying a sheet did.

    Attributes:
        edits: one per plan file changed, in the order the sheet first names them.
        notes: what was done beyond plain writes (from writefile), to show on stderr.
        other_plans: rows left alone because they are for plans other than the FILE given.
    """

    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other_plans: int = 0


def apply_sheet(
    sheet: str, file: str | None, today: date, dry_run: bool = False, plans_folder: str = "plans"
) -> SheetApplied:
    """Every filled-in row of `sheet`: to `file` when given (rows for other plans left alone and counted), else each
    to the file its File column names (or, failing that, the plan its Plan column names among `plans_folder`).

    All or nothing across files: every file is locked and every row checked before any file is written.
    Raises SendplanError listing every row (of every file) that cannot be applied.
    """
    changes = changes_from_sheet(sheet)
    result = SheetApplied()
    if file is not None:
        own = _plan_id(file)
        mine = [c for c in changes if not c.plan or c.plan == own]
        result.other_plans = len(changes) - len(mine)
        groups = {file: mine} if mine else {}
    else:
        groups = _by_file(changes, plans_folder)
    with ExitStack() as stack:
        for name in sorted(groups, key=os.path.realpath):  # one order, so two runs never wait on each other
            stack.enter_context(locked(_target(name)))
        failures: list[str] = []
        for name, rows in groups.items():
            try:
                result.edits.append(record_updates(name, rows, today))
            except SendplanError as error:
                failures.append(f"{name}: {error}")
        if failures:
            raise SendplanError("\n".join(failures) + ("\nnothing is written to any file" if len(groups) > 1 else ""))
        if not dry_run:
            for edit in result.edits:
                if not edit.recorded:  # every row for this file is already recorded: leave the file alone
                    continue
                within = Path(edit.file).absolute().parent
                result.notes += write_atomically(edit.file, edit.after, expect=edit.original, within=within)
    return result


def _target(file: str) -> Path:
    folder = Path(file).absolute().parent  # a link may lead anywhere in the plans folder, not out of it
    target, _ = resolve_target(file, folder)
    if not target.parent.is_dir():
        raise SendplanError(f"{file}: cannot read: the folder {target.parent} does not exist")
    return target


def _plan_id(file: str) -> str:
    from sendplan.files import read_plan_text
    from sendplan.load import load_text
    from sendplan.problems import PlanFilesInvalid

    loaded, problems = load_text(read_plan_text(file), file)
    if loaded is None:
        raise PlanFilesInvalid([p for p in problems if p.severity == "error"])
    return loaded.plan.plan.id


def _by_file(changes: list[Change], plans_folder: str) -> dict[str, list[Change]]:
    """The rows per plan file: the File column's file when it exists, else the plan with the Plan column's id."""
    groups: dict[str, list[Change]] = {}
    names: dict[str, str] = {}  # real path -> the name first used for it
    by_id: dict[str, str] | None = None
    failures: list[str] = []
    for change in changes:
        named = change.file if change.file.lower().endswith(PLAN_SUFFIXES) else ""  # a plan file, nothing else
        target = named if named and os.path.isfile(named) else None
        if target is None and change.plan:
            if by_id is None:
                by_id = _plan_files(plans_folder)
            target = by_id.get(change.plan)
        if target is None:
            failures.append(
                f"row {change.row}: no plan file found for it (File {change.file!r}, Plan {change.plan!r}); "
                "run from the folder `sendplan chase` ran in, or give the plan FILE"
            )
            continue
        name = names.setdefault(os.path.realpath(target), target)
        groups.setdefault(name, []).append(change)
    if failures:
        raise SendplanError(
            f"{len(failures)} row{'s' * (len(failures) != 1)} cannot be applied, so nothing is written:\n  "
            + "\n  ".join(failures)
        )
    return groups


def _plan_files(folder: str) -> dict[str, str]:
    """Plan id -> file, for the plans under `folder` that load."""
    if not os.path.isdir(folder):
        return {}
    from sendplan.load import load_readable

    plans, _ = load_readable([folder])
    return {lp.plan.plan.id: lp.file for lp in plans}
