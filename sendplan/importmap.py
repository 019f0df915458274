"""The import map: which tracker column holds which field, how multi-value cells split; read from TOML or guessed."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field

from sendplan.model import STATES
from sendplan.problems import SendplanError
from sendplan.tabular import Cell

FIELDS = (
    "id",
    "step",
    "title",
    "priority",
    "owners",
    "start",
    "due",
    "revised",
    "revised_reason",
    "status",
    "state",
    "impact",
    "measures",
    "findings",
    "notes",
)
LISTS = ("owners", "impact", "measures", "findings")
DEFAULT_SPLIT: dict[str, list[str]] = {
    "owners": [";", "\n", ",", "/", " and "],
    "impact": ["\n"],
    "measures": ["\n"],
    "findings": [",", ";", "\n"],
}
PLAN_KEYS = ("id", "title", "area", "partnership", "kind", "period", "years", "source", "board")
# Header words each field is guessed from, best first; our export's headers come first (see export.COLUMNS).
GUESSES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ref", "reference", "no", "no.", "number", "action no", "action no.", "action id", "#"),
    "step": ("step", "sub-action", "sub action", "step id"),
    "title": (
        "title",
        "action title",
        "description",
        "action description",
        "what will be done",
        "task",
        "action",
        "actions",
    ),
    "priority": ("priority", "priority area", "workstream", "theme", "strand", "area"),
    "owners": ("owners", "owner", "lead", "leads", "lead officer", "responsible", "responsible officer", "who"),
    "start": ("start", "start date", "from"),
    "due": ("due", "due date", "deadline", "by when", "timescale", "timescales", "target date", "completion date"),
    "revised": ("revised due", "revised due date", "revised date", "new due date", "revised deadline"),
    "revised_reason": ("revised reason", "reason for revision", "reason revised", "revision reason"),
    "status": ("status", "rag", "rag status", "rag rating", "progress"),
    "state": ("state", "canonical state"),
    "impact": ("impact", "intended impact", "outcome", "outcomes", "intended outcomes"),
    "measures": ("measures", "measure", "measures of success", "success measures", "success criteria", "kpi"),
    "findings": ("findings", "finding", "afi", "afis", "addresses", "area for improvement", "areas for improvement"),
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "commentary",
        "progress update",
        "progress commentary",
        "latest update",
        "update",
    ),
}

RAG_LETTERS = {"g": "on track", "a": "at risk", "r": "off track", "b": "complete"}  # a RAG column's letters
STATE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (  # first match wins: the more particular words first
    ("embedded", ("embedded", "sustained", "purple")),
    ("not started", ("not started", "not yet started", "not due", "not begun", "planned", "grey", "gray")),
    ("off track", ("off track", "not on track", "delayed", "behind", "red", "stalled", "overdue")),
    ("on track", ("no concern", "no issue")),
    ("at risk", ("at risk", "concern", "amber", "slipp", "risk")),
    ("complete", ("complete", "done", "closed", "achieved", "finished", "blue")),
    ("on track", ("on track", "green", "progressing", "in progress", "started", "ongoing")),
)


@dataclass
class ImportMap:
    """How to read a tracker.

    Attributes:
        columns: field -> the header text (any case) or column letter holding it. Besides the plan's fields,
            `step` (a row that is a step of the action above) and `state` (the canonical state of the row's status
            word, as our export writes it) may be named.
        split: list field -> the separators a cell's values are split on.
        plan: what to write under `plan:` (id, title, area, kind ...).
        statuses: status word -> canonical state, where the map settles them (else they are guessed).
        sheet: the sheet (name or number) of a workbook, or the table number of a Word file.
        header_row: the row holding the headers; found by looking when not given.
    """

    columns: dict[str, str] = field(default_factory=dict)
    split: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_SPLIT.items()})
    plan: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None


def read_map(path: str) -> ImportMap:
    """An ImportMap from a TOML file; raise SendplanError naming the key for anything it does not understand."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except OSError as error:
        raise SendplanError(f"{path}: cannot read the map: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SendplanError(f"{path}: not a TOML map: {error}") from None
    known = {"columns", "split", "plan", "statuses", "sheet", "header_row"}
    for key in data:
        if key not in known:
            raise SendplanError(f"{path}: unknown key {key!r}; a map holds {', '.join(sorted(known))}")
    result = ImportMap()
    result.columns = _table(path, data, "columns", FIELDS)
    for name, value in _table(path, data, "split", LISTS, any_value=True).items():
        values = [value] if isinstance(value, str) else value
        if not (isinstance(values, list) and all(isinstance(v, str) and v for v in values)):
            raise SendplanError(f'{path}: split.{name} is a separator or a list of them, e.g. [";", "\\n"]')
        result.split[name] = ["\n" if v.lower() in ("newline", "lines") else v for v in values]
    result.plan = _table(path, data, "plan", PLAN_KEYS)
    result.statuses = _table(path, data, "statuses", None)
    for word, state in result.statuses.items():
        if state not in STATES:
            raise SendplanError(
                f"{path}: statuses.{word!r} = {state!r} is not a state; states are: {', '.join(STATES)}"
            )
    if "sheet" in data:
        result.sheet = str(data["sheet"])
    if "header_row" in data:
        if not isinstance(data["header_row"], int) or data["header_row"] < 1:
            raise SendplanError(f"{path}: header_row is the number of the row holding the headers, e.g. 2")
        result.header_row = data["header_row"]
    return result


def _table(path: str, data: dict, name: str, allowed: tuple[str, ...] | None, any_value: bool = False) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise SendplanError(f"{path}: [{name}] is a table of keys")
    for key, value in table.items():
        if allowed is not None and key not in allowed:
            raise SendplanError(f"{path}: {name}.{key} is not known; [{name}] takes {', '.join(allowed)}")
        if not any_value and not isinstance(value, str):
            raise SendplanError(f"{path}: {name}.{key} must be text in quotes")
    return dict(table)


def norm(header: Cell) -> str:
    """A header as compared: lower case, spaces collapsed, a trailing colon or asterisk dropped."""
    return " ".join(str(header).lower().split()).rstrip(":*").strip()


def letter_index(spec: str) -> int | None:
    """A column letter ("A", "AB") as a 0-based index, or None when `spec` is not one."""
    if not re.fullmatch(r"[A-Za-z]{1,3}", spec):
        return None
    index = 0
    for ch in spec.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def guess_columns(header: list[Cell]) -> dict[str, int]:
    """Field -> column index, guessed from header words: exact words first, then a header containing one."""
    found: dict[str, int] = {}
    used: set[int] = set()
    names = [norm(h) for h in header]
    for exact in (True, False):
        for fieldname, words in GUESSES.items():
            if fieldname in found:
                continue
            for word in words:
                hit = next(
                    (i for i, n in enumerate(names) if n and i not in used and (n == word if exact else word in n)),
                    None,
                )
                if hit is not None and not (len(word) < 3 and not exact):
                    found[fieldname] = hit
                    used.add(hit)
                    break
    spare = next((i for i, n in enumerate(names) if n in ("action", "actions") and i not in used), None)
    if "id" not in found and spare is not None:
        found["id"] = spare  # beside a Title column, "Action" holds the action's number (as our export writes it)
    return found


def map_text(
    header: list[Cell],
    columns: dict[str, int],
    source: str,
    where: str,
    row: int,
    stem: str,
    plan: dict[str, str] | None = None,
    exported: bool = False,
) -> str:
    """A starting map as TOML, with comments saying what to check; `plan` is the plan's details when the
    tracker records them (an exported workbook's Plans sheet); `exported` when it is sendplan's own export, whose
    owners are joined by "; " alone (a name may hold "and" or a comma)."""
    q = json.dumps
    lines = [
        f"# sendplan import map, guessed from the headers of {source}{f' ({where})' if where else ''}, row {row}.",
        "# Check each line, then: sendplan import TRACKER --map THIS.toml -o plans/NAME.yaml",
    ]
    if where.startswith("sheet "):
        lines.append(f"sheet = {q(where[6:])}")
    lines += [f"header_row = {row}", "", "[plan]"]
    if plan:  # as the workbook records them
        lines += [f"{key} = {q(plan[key])}" for key in PLAN_KEYS if plan.get(key)]
        lines.append("")
    else:
        lines += [f"id = {q(slug(stem))}", f"title = {q(stem)}"]
        lines += ['area = ""  # the local area, e.g. "City of York"', 'kind = "improvement plan"', ""]
    lines.append("[columns]  # a header's text (any case) or a column letter")
    for name in FIELDS:
        if name in columns:
            lines.append(f"{name} = {q(str(header[columns[name]]))}")
    missing = [name for name in FIELDS if name not in columns]
    if missing:
        lines.append(f"# not found: {', '.join(missing)}")
    spare = [f"{h} (column {column_letter(i)})" for i, h in enumerate(header) if h and i not in columns.values()]
    if spare:
        lines.append(f"# other columns: {', '.join(str(s) for s in spare)}")
    lines += ["", "[split]  # what separates the values of a cell holding several"]
    splits = {**DEFAULT_SPLIT, "owners": [";", "\n"]} if exported else DEFAULT_SPLIT
    lines += [f"{name} = [{', '.join(q(s) for s in seps)}]" for name, seps in splits.items()]
    return "\n".join(lines) + "\n"


def column_letter(index: int) -> str:
    """A 0-based column index as a letter: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def slug(text: str, limit: int = 40) -> str:
    """Text as an id: lower-case words joined by hyphens, at most `limit` characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()  # "Zoë" -> "zoe"
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or "plan"


def guess_state(word: str) -> str | None:
    """The canonical state a status word most likely means, or None when the word gives nothing to go on."""
    lowered = " ".join(word.lower().split())
    if lowered in STATES:
        return lowered
    if lowered in RAG_LETTERS:
        return RAG_LETTERS[lowered]
    for state, words in STATE_WORDS:
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            return state
    return None
