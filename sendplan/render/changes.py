"""What changed between two versions of the plans, as plain text, coloured terminal text, Markdown or JSON."""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Iterator
from typing import Any

from sendplan.changes import Comparison, DateChange, PlanDiff, StatusChange
from sendplan.problems import Problem
from sendplan.render.listing import md_cell
from sendplan.render.problems import problem_record

JSON_VERSION = 1


def clean(text: object) -> str:
    """Text on one line with no control characters, so nothing in a plan can steer a terminal."""
    flat = " ".join(str(text).split())
    return "".join(ch if unicodedata.category(ch)[0] != "C" else "\ufffd" for ch in flat)


def _days(change: DateChange) -> str:
    if change.days is None:
        return "slippage unknown: a date is not a single deadline"
    if change.days == 0:
        return "same deadline"
    unit = "day" if abs(change.days) == 1 else "days"
    return f"{change.days} {unit} later" if change.days > 0 else f"{-change.days} {unit} earlier"


def _date_line(change: DateChange) -> str:
    was, now = change.before or "none", change.after or "none"
    what = "due" if change.field == "due" else "revised due date"
    reason = f"; reason: {change.reason}" if change.reason else ""
    return f"{change.id} {what}: {was} → {now} ({_days(change)}){reason}"


def _status_line(change: StatusChange) -> str:
    was, now = change.before or "not recorded", change.after or "not recorded"
    states = f"{change.before_state} → {change.after_state}"
    recorded = f", recorded {change.recorded}" if change.recorded else ""
    return f"{change.id} status: {was} → {now} ({change.direction}: {states}{recorded})"


def _finding(p: Problem) -> str:
    kind = "" if p.severity == "error" else " warning"
    return f"{p.file}:{p.line}:{p.col}: {p.code}{kind} {p.message}"


def _heading(diff: PlanDiff) -> str:
    title = f"{diff.plan}: {diff.title}" if diff.title != diff.plan else diff.plan
    if diff.state == "added":
        return f"{title} (added in {diff.after_file})"
    if diff.state == "removed":
        return f"{title} (removed: was {diff.before_file})"
    if diff.state == "unreadable":
        if diff.before_file and diff.after_file:
            return f"{title} (cannot be read in either version)"
        if diff.after_file:
            return f"{title} ({diff.after_file} cannot be read in the older version)"
        return f"{title} ({diff.before_file} cannot be read in the newer version; sendplan validate says why)"
    if diff.renamed:
        return f"{title} (renamed {diff.before_file} → {diff.after_file})"
    return f"{title} ({diff.after_file})"


def _sections(diff: PlanDiff, words: Any) -> Iterator[tuple[str, list[Any]]]:
    """(heading, lines) for each kind of change in a plan; `words` renders a word diff."""
    yield "Actions added", [f"{i.id} {i.title}" for i in diff.added]
    yield "Actions removed", [f"{i.id} {i.title}" for i in diff.removed]
    yield "Reworded", [(f"{r.id} {r.field}:", words(r.words)) for r in diff.reworded]
    yield "Status", [_status_line(s) for s in diff.statuses]
    yield "Dates", [_date_line(d) for d in diff.dates]
    yield (
        "Owners",
        [f"{o.id} owners: {'; '.join(o.before) or 'none'} → {'; '.join(o.after) or 'none'}" for o in diff.owners],
    )
    yield (
        "Measures",
        [
            f"{m.id} {m.measure}: actual {m.before or 'none'} → {m.after or 'none'}"
            + (f" (target {m.target})" if m.target else "")
            for m in diff.measures
        ],
    )
    yield "New findings", [_finding(p) for p in diff.new_findings]
    yield "Resolved findings", [_finding(p) for p in diff.resolved_findings]


def _plain_words(parts: list[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[op].format(clean(text)) for op, text in parts)


def summary(comparison: Comparison) -> str:
    """'2 of 4 plans changed between HEAD (1a2b3c4) and the working tree'."""
    changed, total = len(comparison.changed), len(comparison.plans)
    between = f"between {comparison.before.label} and {_side(comparison.after.label)}"
    if not changed:
        return f"No changes in {total} plan{'s' * (total != 1)} {between}"
    return f"{changed} of {total} plan{'s' * (total != 1)} changed {between}"


def _side(label: str) -> str:
    return "the working tree" if label == "working tree" else label


def as_plain(comparison: Comparison) -> str:
    """Indented plain text, for a pipe or a file; word diffs marked [-taken out-] and {+put in+}."""
    lines: list[str] = []
    for diff in comparison.changed:
        lines.append(clean(_heading(diff)))
        for heading, items in _sections(diff, _plain_words):
            if items:
                lines.append(f"  {heading}:")
                lines += [f"    {clean(i) if isinstance(i, str) else clean(i[0]) + ' ' + i[1]}" for i in items]
        lines.append("")
    lines.append(summary(comparison))
    return "\n".join(lines) + "\n"


def as_rich(comparison: Comparison, width: int | None = None) -> str:
    """Coloured text for a terminal: taken-out words red and struck through, put-in words green and underlined
    (the marks say the same without colour)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True, width=max(width or 100, 60), highlight=False)

    def words(parts: list[tuple[str, str]]) -> Text:
        text = Text()
        styles = {"=": "", "-": "red strike", "+": "green underline"}
        for index, (op, chunk) in enumerate(parts):
            text.append(" " if index else "")
            text.append(
                clean(chunk) if op == "=" else f"[-{clean(chunk)}-]" if op == "-" else f"{{+{clean(chunk)}+}}",
                style=styles[op],
            )
        return text

    for diff in comparison.changed:
        console.print(Text(clean(_heading(diff)), style="bold"))
        for heading, items in _sections(diff, words):
            if not items:
                continue
            console.print(Text(f"  {heading}:", style="cyan"))
            for item in items:
                line = Text("    ")
                if isinstance(item, str):
                    tone = "red" if "worse" in item or heading == "New findings" else ""
                    tone = "green" if "better" in item or heading == "Resolved findings" else tone
                    line.append(clean(item), style=tone)
                else:
                    line.append(clean(item[0]) + " ")
                    line.append_text(item[1])
                console.print(line)
        console.print()
    console.print(summary(comparison))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _md_words(parts: list[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**"}
    return " ".join(marks[op].format(md_cell(text)) for op, text in parts)


def as_markdown(comparison: Comparison) -> str:
    """GitHub-flavoured Markdown: a section per changed plan; words taken out ~~struck~~, put in **bold**."""
    lines = [f"**{md_cell(summary(comparison))}**", ""]
    for diff in comparison.changed:
        lines += [f"## {md_cell(_heading(diff))}", ""]
        for heading, items in _sections(diff, _md_words):
            if items:
                lines += [f"### {heading}", ""]
                lines += [f"- {md_cell(i) if isinstance(i, str) else md_cell(i[0]) + ' ' + i[1]}" for i in items]
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _plan(diff: PlanDiff) -> dict[str, Any]:
    return {
        "plan": diff.plan,
        "title": diff.title,
        "state": diff.state,
        "before_file": diff.before_file,
        "after_file": diff.after_file,
        "renamed": diff.renamed,
        "added": [{"id": i.id, "title": i.title} for i in diff.added],
        "removed": [{"id": i.id, "title": i.title} for i in diff.removed],
        "reworded": [
            {
                "id": r.id,
                "field": r.field,
                "before": r.before,
                "after": r.after,
                "words": [{"op": {"=": "same", "-": "removed", "+": "added"}[op], "text": t} for op, t in r.words],
            }
            for r in diff.reworded
        ],
        "statuses": [
            {
                "id": s.id,
                "before": s.before,
                "after": s.after,
                "before_state": s.before_state,
                "after_state": s.after_state,
                "direction": s.direction,
                "recorded": s.recorded or None,
            }
            for s in diff.statuses
        ],
        "dates": [
            {
                "id": d.id,
                "field": d.field,
                "before": d.before,
                "after": d.after,
                "before_deadline": _iso(d.before_deadline),
                "after_deadline": _iso(d.after_deadline),
                "days": d.days,
                "reason": d.reason or None,
            }
            for d in diff.dates
        ],
        "owners": [{"id": o.id, "before": o.before, "after": o.after} for o in diff.owners],
        "measures": [
            {
                "id": m.id,
                "measure": m.measure,
                "before": m.before,
                "after": m.after,
                "baseline": m.baseline,
                "target": m.target,
            }
            for m in diff.measures
        ],
        "new_findings": [problem_record(p) for p in diff.new_findings],
        "resolved_findings": [problem_record(p) for p in diff.resolved_findings],
    }


def as_json(comparison: Comparison) -> str:
    """The JSON shape documented in docs/json.md."""

    def side(s: Any) -> dict[str, Any]:
        return {"label": s.label, "commit": s.commit, "date": _iso(s.when), "files": sorted(s.files)}

    document = {
        "version": JSON_VERSION,
        "before": side(comparison.before),
        "after": side(comparison.after),
        "summary": {"plans": len(comparison.plans), "changed": len(comparison.changed), "text": summary(comparison)},
        "plans": [_plan(d) for d in comparison.changed],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
