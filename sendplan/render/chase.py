"""Chase messages, one per owner, in Markdown or plain text, and the file names they are written under."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from sendplan.chase import Chase, Item, OwnerChase

SHEET_NAME = "chase-updates.xlsx"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def long_date(day: date) -> str:
    """31 March 2024."""
    return f"{day.day} {day:%B %Y}"


def plain(text: str) -> str:
    """Text on one line with no control characters (nothing from a plan reaches a terminal or mail raw)."""
    return " ".join("".join(ch if ch >= " " and ch != "\x7f" else " " for ch in text).split())


def md(text: str) -> str:
    """Plain text with Markdown's marks escaped, so a title cannot become a link, a heading or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


_MESSAGE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:md|txt)$")
_MESSAGE_START = ("# Progress update: ", "Progress update: ")


def earlier_run(folder: Path) -> list[Path]:
    """The files an earlier chase wrote in `folder`: its update sheet, and messages named as chase names them
    whose first line is a chase message's heading (any other file is left alone)."""
    found = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.is_symlink():
            continue
        if path.name == SHEET_NAME:
            found.append(path)
        elif _MESSAGE_NAME.match(path.name):
            try:
                with path.open(encoding="utf-8", errors="replace") as stream:
                    first = stream.readline(200)
            except OSError:
                continue
            if first.startswith(_MESSAGE_START):
                found.append(path)
    return found


def file_names(owners: list[OwnerChase], suffix: str) -> list[str]:
    """A safe, distinct file name for each owner: lower-case words and hyphens, never a device name."""
    names: list[str] = []
    for entry in owners:
        ascii_name = unicodedata.normalize("NFKD", entry.owner).encode("ascii", "ignore").decode().lower()
        base = "-".join(re.findall(r"[a-z0-9]+", ascii_name))[:60].strip("-") or "owner"
        if base in _RESERVED:
            base += "-owner"
        name, n = base, 1
        while f"{name}.{suffix}" in names or f"{name}.{suffix}" == SHEET_NAME:
            n += 1
            name = f"{base}-{n}"
        names.append(f"{name}.{suffix}")
    return names


def _line(item: Item, markdown: bool) -> str:
    s = item.standing
    quote = md if markdown else plain
    due = quote(item.due) or "no date"
    if s.deadline:
        due += f" ({long_date(s.deadline)})"
    if s.overdue:
        due += f", {s.days_late} days late"
    status = quote(s.status or "not recorded")
    last = f"last update {quote(item.last_update)}" if item.last_update else "no update recorded"
    head = f"{quote(s.lp.plan.plan.id)} {quote(s.item_id)}"
    head = f"**{head}**" if markdown else head
    title = quote(s.title).rstrip(". ")
    return f"- {head}: {title}. Due {due}; status: {status}; {last}."


def message(entry: OwnerChase, chase: Chase, markdown: bool) -> str:
    """One owner's message: a greeting, then the overdue, the due soon and the not updated, each item a line."""
    esc = md if markdown else plain
    owner = esc(entry.owner)
    windows = {d for d in chase.windows.values() if d}
    by = long_date(chase.before) if chase.before else (long_date(min(windows)) if len(windows) == 1 else "")
    soon = f"Due by {by}" if by else "Due before the next review point"
    stale = {i.stale_since for i in entry.no_update}
    since = f"No update since the {plain(stale.pop())} review" if len(stale) == 1 else "No update since the last review"
    lines = [f"# Progress update: {owner}" if markdown else f"Progress update: {owner}"]
    if not markdown:
        lines.append("=" * len(lines[0]))
    lines += [
        "",
        f"As of {long_date(chase.as_of)}, these actions you lead need an update. Please reply with the status",
        f"of each (in the plan's own words) and a short note, or fill in the update sheet ({SHEET_NAME}).",
    ]
    for title, items in (("Overdue", entry.overdue), (soon, entry.due_soon), (since, entry.no_update)):
        if not items:
            continue
        heading = f"{title} ({len(items)})"
        lines += ["", f"## {heading}" if markdown else heading]
        if not markdown:
            lines.append("-" * len(heading))
        lines.append("")
        lines += [_line(item, markdown) for item in items]
    return "\n".join(lines) + "\n"
