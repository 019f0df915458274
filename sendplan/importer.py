"""A tracker (Excel, CSV or Word table) read through an import map into a commented plan, rows it could not read named."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sendplan.export import COLUMNS, FINDING_COLUMNS, FINDINGS_SHEET, PLAN_COLUMNS, PLANS_SHEET
from sendplan.importmap import (
    ImportMap,
    column_letter,
    guess_columns,
    guess_state,
    letter_index,
    map_text,
    norm,
    slug,
)
from sendplan.model import STATES
from sendplan.problems import SendplanError
from sendplan.tabular import Cell, Grid, read_grids, sheet_names

HEADER_SCAN = 30  # rows looked at for the header row
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._'&+-]*$")
_NUMBERED = re.compile(
    r"^(?:priority|workstream|theme|strand|area)?\s*([A-Za-z]?\d+(?:\.\d+)*)\s*[:.)–—-]?\s+(\S.*)$", re.I
)
_PERSON = re.compile(r"^(?:(?:Cllr|Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+)?(?:[^\W\d_][^\W\d_'’-]*[\s'’-]*){2,4}$")
_ROLE_WORDS = re.compile(
    r"\b(director|head|manager|lead|officer|team|service|council|board|nurse|coordinator|co-ordinator|assistant|"
    r"chief|principal|senior|group|partnership|forum|commissioning|designated|consultant|advisor|adviser)\b",
    re.I,
)
_INITIALS = re.compile(r"^(?:[A-Z][a-z]{0,2}\.?){1,4}$|^[A-Z]\.[A-Za-z.]+$")


@dataclass(frozen=True)
class LeftOut:
    """A tracker row that could not be read as an action or step: where it is and why."""

    where: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.where + ' ' if self.where else ''}row {self.row}: {self.reason}; left out"


@dataclass
class Imported:
    """The result of an import: the plan text and what went into it.

    Attributes:
        text: the plan as YAML, commented.
        actions: how many actions; steps: how many steps.
        owners: how many owners were collected.
        left_out: rows that could not be read, with why.
        notes: other things the reader should know (tables skipped, statuses guessed).
    """

    text: str
    actions: int = 0
    steps: int = 0
    owners: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def phrase(cell: Cell) -> str:
    """A cell as an officer writes it: an Excel date as "31 March 2024", text as typed."""
    if isinstance(cell, date):
        return f"{cell.day} {cell:%B %Y}"
    return cell


def guess_map(path: str, sheet: str | None = None) -> str:
    """A starting map for `path` as TOML, guessed from its header row."""
    grid = read_grids(path, sheet)[0]
    best: tuple[int, int, dict[str, int], list[Cell]] | None = None
    for number, cells in grid.rows[:HEADER_SCAN]:
        if number in grid.merged:
            continue  # a title merged across the table is not the header, whatever words it holds
        columns = guess_columns(cells)
        if len(columns) >= 2 and (best is None or len(columns) > best[1]):
            best = (number, len(columns), columns, cells)
    if best is None:
        if sheet is None:  # a cover or notes sheet first: the tracker may be on another
            for name in sheet_names(path)[1:]:
                try:
                    guess_map(path, name)
                except SendplanError:
                    continue
                raise SendplanError(
                    f"{path}: the first sheet has no header row; sheet {name!r} looks like the tracker: "
                    f"give --sheet {json.dumps(name)}"
                )
        raise SendplanError(f"{path}: no row in the first {HEADER_SCAN} looks like a header row; write the map by hand")
    number, _, columns, cells = best
    header: list[Cell] = [phrase(c) for c in cells]
    ours = [str(h) for h in header[: len(COLUMNS)]] == list(COLUMNS)  # our own export: owners joined by "; "
    info = plan_info(path)
    return map_text(header, columns, Path(path).name, grid.where, number, Path(path).stem, info, ours or bool(info))


def import_tracker(path: str, imap: ImportMap, sheet: str | None = None, map_name: str = "") -> Imported:
    """Read the tracker at `path` through `imap` into a plan; rows that cannot be read are left out and named."""
    grids = read_grids(path, sheet or imap.sheet)
    build = Draft(Path(path).name, imap)
    used = 0
    for grid in grids:
        located = _locate(path, grid, imap, required=len(grids) == 1)
        if located is None:
            build.result.notes.append(f"{grid.where}: no header row matching the map; left out")
            continue
        used += 1
        header_row, columns = located
        for number, cells in grid.rows:
            if number > header_row:
                build.formulas = grid.formulas
                build.row(grid.where, number, cells, columns, number in grid.merged)
    if not used:
        raise SendplanError(f"{path}: no table has a header row matching the map")
    build.findings = [f for f in _side_sheet(path, FINDINGS_SHEET, FINDING_COLUMNS) if _ours(f, imap)]
    build.result.text = build.render([g.where for g in grids], map_name)
    return build.result


def _side_sheet(path: str, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a sheet `sendplan export` writes beside the actions (findings, plans), by its headers; none
    when the file is not a workbook or has no such sheet."""
    if Path(path).suffix.lower() != ".xlsx":
        return []
    try:
        grid = read_grids(path, name)[0]
    except SendplanError:
        return []
    rows = [[phrase(c) for c in cells] for _, cells in grid.rows]
    if not rows or [h.strip() for h in rows[0][: len(columns)]] != list(columns):
        return []
    return [dict(zip(columns, row, strict=False)) for row in rows[1:] if any(row)]


def _ours(row: dict[str, str], imap: ImportMap) -> bool:
    wanted = imap.plan.get("id")
    return not wanted or row.get("Plan") in ("", wanted)


def plan_info(path: str) -> dict[str, str]:
    """The plan's id, title, area, kind, years and period from an exported workbook's Plans sheet, if it has one."""
    found = _side_sheet(path, PLANS_SHEET, PLAN_COLUMNS)
    if len(found) != 1:
        return {}
    keys = {"Plan": "id", "Title": "title", "Area": "area", "Kind": "kind", "Years": "years", "Period": "period"}
    return {keys[k]: v for k, v in found[0].items() if v and k in keys}


def _locate(path: str, grid: Grid, imap: ImportMap, required: bool) -> tuple[int, dict[str, int]] | None:
    """The header row and field -> column index; None (or an error, when `required`) if the headers are not there."""
    specs = {f: s for f, s in imap.columns.items()}
    if not specs:
        raise SendplanError('the map names no columns: give [columns] title = "..." at least')
    if "title" not in specs:
        raise SendplanError("the map has no [columns] title: every action needs its text")
    rows = dict(grid.rows)
    if imap.header_row is not None:
        number = imap.header_row
    else:
        named = {norm(s) for s in specs.values()}
        scan = [(n, cells) for n, cells in grid.rows[:HEADER_SCAN] if n not in grid.merged]
        scores = [(sum(norm(phrase(c)) in named for c in cells), -n) for n, cells in scan]
        top = max(scores, default=(0, 0))
        wanted = min(2, sum(letter_index(s) is None for s in specs.values()))
        if top[0] >= max(wanted, 1):
            number = -top[1]  # the first row with the most headers
        elif wanted == 0:  # columns by letter only: the first row with anything in it is the header
            number = next((n for n, cells in grid.rows if any(cells)), 1)
        elif required:
            raise SendplanError(f"{path}: no header row in the first {HEADER_SCAN} rows holds the map's headers")
        else:
            return None
    header = [norm(phrase(c)) for c in rows.get(number, [])]
    width = max((len(cells) for _, cells in grid.rows), default=0)
    columns: dict[str, int] = {}
    for name, spec in specs.items():
        index = header.index(norm(spec)) if norm(spec) in header else letter_index(spec)
        if index is not None and index >= width:
            index = None  # "RAG" is a header the row lacks, not column 12,000-odd of an eight-column table
        if index is None:
            if not required:
                return None
            shown = ", ".join(repr(h) for h in header if h)
            where = f"{grid.where} " if grid.where else ""
            raise SendplanError(f"{path}: {where}row {number} has no header {spec!r} (columns.{name}); it has {shown}")
        columns[name] = index
    return number, columns


class Draft:
    """The plan being assembled, row by row, as plain data for render.importplan.

    Attributes:
        source: the tracker's file name; imap: the map read through.
        result: the Imported being filled in (counts, rows left out, notes).
        actions: action mappings in row order, each with "#" naming its row and "steps" if any.
        owners: owner text (folded) -> owner mapping; priorities: heading or cell text -> priority mapping.
        statuses: status word -> (state, how it was settled: "" by the map, "guess", or the State column).
        heading: the priority heading in force for the rows below it.
    """

    def __init__(self, source: str, imap: ImportMap) -> None:
        self.source, self.imap = source, imap
        self.result = Imported("")
        self.actions: list[dict] = []
        self.owners: dict[str, dict] = {}
        self.priorities: dict[str, dict] = {}
        self.statuses: dict[str, tuple[str | None, str]] = {}  # word -> (state, how it was settled)
        self.heading: str | None = None
        self.counts: dict[str, int] = {}
        self.findings: list[dict[str, str]] = []  # from an exported workbook's Findings sheet
        self.formulas: set[tuple[int, int]] = set()  # the table's formula cells with no saved value

    def row(self, where: str, number: int, cells: list[Cell], columns: dict[str, int], merged: bool) -> None:
        values = {name: phrase(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        filled = [phrase(c) for c in cells if c != ""]
        if not filled:
            return  # a blank row holds nothing to lose
        title, ident, step = values.get("title", ""), values.get("id", ""), values.get("step", "")
        if len(set(filled)) == 1 and (merged or not title):
            # a heading row, merged across the table or outside the title column: the priority of the rows below;
            # lone text in the title column is an action missing its id, reported rather than taken as a heading
            self.heading = filled[0].strip()
            return
        place = f"{self.source}{', ' + where if where else ''}, row {number}"
        if not title:
            return self._leave(where, number, f"no title ({self._empty(number, columns['title'])})")
        if step:
            return self._step(where, number, place, values, columns)
        if "id" in columns and not ident:
            return self._leave(where, number, f"no action id ({self._empty(number, columns['id'])})")
        priority = self._priority(values.get("priority") or self.heading)
        if "id" not in columns:
            key = priority or ""
            self.counts[key] = self.counts.get(key, 0) + 1
            ident = f"{priority}.{self.counts[key]}" if priority else str(self.counts[key])
        if not _ID.match(ident):
            return self._leave(where, number, f"the id {ident!r} is not a short id without spaces, such as 1.1")
        action = {"#": place, "id": ident, "priority": priority, **self._fields(values)}
        self.actions.append(action)
        self.result.actions += 1

    def _step(self, where: str, number: int, place: str, values: dict[str, str], columns: dict[str, int]) -> None:
        ident = values.get("id", "")
        parent = next((a for a in reversed(self.actions) if not ident or a["id"] == ident), None)
        if parent is None:
            return self._leave(where, number, f"a step of action {ident or '(none)'} with no such action above it")
        if not _ID.match(values["step"]):
            return self._leave(where, number, f"the step id {values['step']!r} is not a short id without spaces")
        parent.setdefault("steps", []).append({"#": place, "id": values["step"], **self._fields(values)})
        self.result.steps += 1

    def _empty(self, number: int, column: int) -> str:
        """Why a cell reads as empty: it is, or it holds a formula Excel never calculated and saved."""
        if (number, column) in self.formulas:
            return (
                f"column {column_letter(column)} is a formula with no saved value: open and save the file in Excel, "
                "then import it again"
            )
        return f"column {column_letter(column)} is empty"

    def _leave(self, where: str, number: int, reason: str) -> None:
        self.result.left_out.append(LeftOut(where, number, reason))

    def _fields(self, values: dict[str, str]) -> dict:
        split = self.imap.split
        status = values.get("status") or None
        if status:
            status = next((w for w in self.statuses if _fold(w) == _fold(status)), status)  # one spelling per word
            self._status(status, values.get("state", ""))
        return {
            "title": values["title"],
            "owners": [self._owner(o) for o in _split(values.get("owners", ""), split.get("owners", []))],
            "start": values.get("start") or None,
            "due": values.get("due") or None,
            "revised": _revised(values),
            "status": status,
            "impact": _split(values.get("impact", ""), split.get("impact", [])),
            "measures": _split(values.get("measures", ""), split.get("measures", [])),
            "addresses": _split(values.get("findings", ""), split.get("findings", [])),
            "note": values.get("notes") or None,
        }

    def _status(self, word: str, state: str) -> None:
        settled = self.imap.statuses.get(word)
        if settled is not None:  # read_map checked it is a state
            self.statuses[word] = (settled, "")
        elif state.lower() in STATES and self.statuses.get(word, (None, "guess"))[1] != "":
            self.statuses[word] = (state.lower(), "from the tracker's State column")
        elif word not in self.statuses:
            self.statuses[word] = (guess_state(word), "guess")

    def _owner(self, text: str) -> str:
        key = " ".join(text.lower().split())
        if key not in self.owners:
            taken = {o["id"] for o in self.owners.values()}
            base = text if _ID.match(text) and len(text) <= 20 else slug(text) or "owner"
            ident, n = base, 1
            while ident in taken:
                n += 1
                ident = f"{base}-{n}"
            entry: dict = {"id": ident}
            if _INITIALS.match(text) and " " not in text:
                entry["initials"] = text
            elif _person(text):
                entry["name"] = text
            else:
                entry["role"] = text
            self.owners[key] = entry
        return self.owners[key]["id"]

    def _priority(self, text: str | None) -> str | None:
        if not text:
            return None
        key = " ".join(text.split())
        if key not in self.priorities:
            match = _NUMBERED.match(key)
            taken = {p["id"] for p in self.priorities.values()}
            if match and match[1] not in taken:
                ident, title = match[1], match[2]
            elif re.fullmatch(r"[A-Za-z]?\d+(?:\.\d+)*", key) and key not in taken:
                ident, title = key, f"Priority {key}"
            else:
                n = len(self.priorities) + 1
                while f"P{n}" in taken:
                    n += 1
                ident, title = f"P{n}", key
            self.priorities[key] = {"id": ident, "title": title}
        return self.priorities[key]["id"]

    def render(self, wheres: list[str], map_name: str) -> str:
        from sendplan.render.importplan import plan_text

        self.result.owners = len(self.owners)
        return plan_text(self, wheres, map_name)


def _fold(word: str) -> str:
    return " ".join(word.split()).casefold()


REVISED_REASON = "imported from the tracker's revised due date column"


def _revised(values: dict[str, str]) -> dict[str, str] | None:
    """A revised due date with its reason: the tracker's reason column when mapped, else where it came from."""
    due = values.get("revised", "").strip()
    if not due:
        return None
    return {"due": due, "reason": values.get("revised_reason", "").strip() or REVISED_REASON}


def _person(text: str) -> bool:
    """Two to four capitalised words and no word of a role or a team: "Zoë Hart", "Cllr Ian Cuthbertson"."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and bool(_PERSON.match(text))
        and all(w[0].isupper() for w in words)
        and not _ROLE_WORDS.search(text)
    )


def _split(text: str, separators: list[str]) -> list[str]:
    """A cell's values: split on any of the separators, each stripped, empties dropped."""
    if not text:
        return []
    parts = [text]
    for sep in separators:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]
