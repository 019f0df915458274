"""An imported tracker as a plan file: formatted, each action commented with the row it came from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendplan.render.plan_yaml import block, comment, scalar

if TYPE_CHECKING:
    from sendplan.importer import Draft

FLOW = ("owners", "addresses")


def plan_text(build: Draft, wheres: list[str], map_name: str) -> str:
    """The plan as YAML text."""
    imap, source = build.imap, build.source
    read = f"{source}{' (' + ', '.join(w for w in wheres if w) + ')' if any(wheres) else ''}"
    lines = [f"# Imported by `sendplan import` from {comment(read)}{' with ' + comment(map_name) if map_name else ''}."]
    lines.append("# Each action's comment names the tracker row it came from. Lines marked `check` are guesses.")
    for left in build.result.left_out:
        lines.append(f"# Not imported: {comment(str(left))}.")
    info = imap.plan
    area = info.get("area") or None
    lines += ["", "plan:"]
    lines.append(f"  id: {scalar(info.get('id') or _stem_id(source))}")
    lines.append(f"  title: {scalar(info.get('title') or Path(source).stem)}")
    lines.append(f"  area: {scalar(area)}" if area else "  area: not given  # check: the map gave no area; write it")
    lines.append(f"  kind: {scalar(info.get('kind') or 'improvement plan')}")
    for key in ("partnership", "period", "years", "board"):
        if info.get(key):
            lines.append(f"  {key}: {scalar(info[key])}")
    lines.append(f"  source: {scalar(info.get('source') or source)}")
    if build.statuses:
        lines += ["", "statuses:"]
        for word, (state, how) in build.statuses.items():
            if how == "guess":
                remark = "  # check: guessed from the word" if state else "  # check: the word gives no clue"
            else:
                remark = f"  # {how}" if how else ""
            lines.append(f"  {scalar(word)}: {state or 'not started'}{remark}")
    if build.owners:
        lines += ["", "owners:"]
        lines += [line for entry in build.owners.values() for line in block(entry, 2)]
    if build.priorities:
        lines += ["", "priorities:"]
        lines += [line for entry in build.priorities.values() for line in block(entry, 2)]
    named = dict.fromkeys(
        r for a in build.actions for r in [*a["addresses"], *(x for s in a.get("steps", []) for x in s["addresses"])]
    )
    if build.findings:
        lines += ["", "findings:"]
        for f in build.findings:
            entry = {"id": f.get("Finding", ""), "kind": f.get("Kind") or None, "title": f.get("Title") or None}
            lines += block({**entry, "text": f.get("Text") or "..."}, 2)
    missing = [ref for ref in named if ref not in {f.get("Finding") for f in build.findings}]
    if missing:
        lines += ["", "# The tracker names these findings; write each one's text and uncomment them:", "# findings:"]
        lines += [f"#   - id: {scalar(ref)}\n#     text: ..." for ref in missing]
    lines += ["", "actions:" if build.actions else "actions: []"]
    for action in build.actions:
        lines.append(f"  # {comment(action['#'])}")
        lines += block(_entry(action), 2, FLOW)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry(action: dict[str, Any]) -> dict[str, Any]:
    """The action without its row comment; each step's row goes in a comment on its id."""
    entry = {k: v for k, v in action.items() if k != "#"}
    if "steps" in entry:
        entry["steps"] = [
            {"id": (s["id"], s["#"]), **{k: v for k, v in s.items() if k not in ("#", "id")}} for s in entry["steps"]
        ]
    return entry


def _stem_id(source: str) -> str:
    from sendplan.importmap import slug

    return slug(Path(source).stem)
