"""The commented skeleton of a new plan: valid as it stands, with one of each block to copy."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from sendplan.problems import SendplanError

# The plan's own status words, as plans of each kind usually write them; the officer edits them to the plan's.
_WSOA_STATUSES = {
    "Not yet started": "not started",
    "Progressing and on track": "on track",
    "Progressing but delayed": "at risk",
    "Started but delayed": "off track",
    "Completed": "complete",
    "Embedded": "embedded",
}
_PLAN_STATUSES = {
    "Not due yet": "not started",
    "On track": "on track",
    "On track some concerns": "at risk",
    "Off track": "off track",
    "Complete": "complete",
    "Embedded and sustained": "embedded",
}
STATUSES: dict[str, dict[str, str]] = {
    "written statement of action": _WSOA_STATUSES,
    "improvement plan": _WSOA_STATUSES,
    "strategic plan": _PLAN_STATUSES,
    "operational plan": _PLAN_STATUSES,
    "other": _PLAN_STATUSES,
    "reference list": {},
}
_FINDING_KIND = {"written statement of action": "area of weakness", "reference list": "priority area"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._'&+-]*$")


def schema_path(file: Path) -> str | None:
    """The schema modeline's path: relative from the file's folder to the nearest schema/plan.schema.json above
    it; None when there is none (a modeline cannot point into the installed package portably)."""
    folder = file.resolve().parent
    for above in (folder, *folder.parents):
        candidate = above / "schema" / "plan.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return None


def _modeline(file: Path) -> list[str]:
    """Line 1: the schema modeline, or, with no schema/ folder above the file, how to add one."""
    found = schema_path(file)
    if found is not None:
        return [f"# yaml-language-server: $schema={found}"]
    return [
        "# No schema/plan.schema.json was found above this file, so editors cannot autocomplete it yet. At the top",
        "# of the repository run: sendplan schema -o schema/plan.schema.json",
        "# then make line 1 of this file: # yaml-language-server: $schema=<path from here to that file>",
    ]


def plan_kind(given: str) -> str:
    """The kind of plan `given` names, in any case and spacing; SendplanError listing the kinds otherwise."""
    for kind in STATUSES:
        if " ".join(given.split()).casefold() == kind:
            return kind
    raise SendplanError(f"--kind {given!r} is not a kind of plan; give one of: {', '.join(STATUSES)}")


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def skeleton(file: Path, plan_id: str, kind: str, title: str | None = None) -> str:
    """The text of a new plan of `kind`, with the schema modeline, the kind's status words, and one priority,
    finding and action (an owner for it, too), each commented so an officer knows what to change."""
    if not _ID.match(plan_id) or len(plan_id) > 80:
        raise SendplanError(f"--id {plan_id!r}: an id has no spaces, e.g. hull-2025-28 (letters, digits, . - _)")
    if kind not in STATUSES:
        raise SendplanError(f"--kind {kind!r}: one of {', '.join(STATUSES)}")
    lines = [
        *_modeline(file),
        "# A new plan: change each value to the plan's own words; copy a block to add another.",
        "# How to write each key and the dates sendplan reads: docs/plan-format.md. Check it: sendplan validate.",
        "plan:",
        f"  id: {plan_id}",
        f"  title: {_quoted(title or 'Title of the plan as published')}",
        "  area: Name of the local area",
        f"  kind: {kind}",
        "  period: April 2025 to March 2027   # the period the plan covers, as the plan writes it",
        "  years: financial                  # how a bare 2025/26 is read: financial (Apr-Mar) or academic (Sep-Aug)",
        "  board: Name of the board that holds the plan to account",
    ]
    statuses = STATUSES[kind]
    if statuses:
        lines += ["", "statuses:                           # the plan's own words, each mapped to a canonical state"]
        lines += [f"  {word}: {state}" for word, state in statuses.items()]
    finding_kind = _FINDING_KIND.get(kind, "area for improvement")
    finding = [
        "",
        "findings:                           # what the inspection found; actions say which ones they address",
        "  - id: AFI1",
        f"    kind: {finding_kind}",
        "    text: The finding as the inspection report words it.",
    ]
    if not statuses:  # a reference list: findings (or headings) for other plans to point at, nothing else
        return "\n".join(lines + finding) + "\n"
    first = next(iter(statuses))
    lines += [
        "",
        "owners:                             # who leads actions; actions name them by id",
        "  - id: lead-officer",
        "    role: Title of the lead officer's post",
        "    organisation: Name of the council or NHS body",
        "",
        "priorities:                         # the priorities or workstreams actions sit under",
        '  - id: "1"',
        "    title: The priority's short title",
        *finding,
        "",
        "actions:                            # one block per action, in the order of the published table",
        '  - id: "1.1"                       # quote ids that look like numbers',
        '    priority: "1"',
        "    title: What will be done.",
        "    impact:",
        "      - What will be different for children, young people and families.",
        "    measures:",
        "      - How the partnership will know it has worked.",
        "    owners: [lead-officer]",
        "    start: April 2025",
        "    due: March 2026                 # as the plan writes it: 31 March 2026, Mar-26, 2025/26, Termly ...",
        f"    status: {first}",
        "    addresses: [AFI1]",
    ]
    return "\n".join(lines) + "\n"


def write_new(file: str, plan_id: str, kind: str, title: str | None = None) -> str:
    """Write the skeleton to `file`, refusing to replace a file that exists; return the text written."""
    from sendplan.load import load_text
    from sendplan.writefile import write_atomically

    path = Path(file)
    if path.exists():
        raise SendplanError(f"{file}: already exists; sendplan new never overwrites a file (choose another name)")
    text = skeleton(path, plan_id, kind, title)
    loaded, problems = load_text(text, file)
    if loaded is None:  # only a title no plan can hold gets here
        raise SendplanError(f"{file}: not written: {problems[0].message}")
    write_atomically(file, text)
    return text
