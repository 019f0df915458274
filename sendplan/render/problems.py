"""Problems as text (file:line:col: CODE message), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sendplan.problems import Problem, count
from sendplan.safetext import json_text, visible
from sendplan.suppress import Suppressed

JSON_VERSION = 1

_RED, _YELLOW, _DIM, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m"


def as_text(
    problems: Sequence[Problem],
    files: int,
    colour: bool = False,
    hints: bool = True,
    suppressed: Sequence[Suppressed] = (),
    show_suppressed: bool = False,
    verbose: bool = False,
) -> str:
    """One line per problem, in the form editors jump to, a hint under it (and, when `verbose`, the detail such
    as the YAML parser's own words), and a summary line."""
    lines = []
    if show_suppressed:
        for s in suppressed:
            p = s.problem
            lines.append(visible(f"{p.file}:{p.line}:{p.col}: {p.code} suppressed: {p.message}", newlines=False))
            lines.append(visible(f"    reason: {s.reason}", newlines=False))
    for p in problems:
        tone = _RED if p.severity == "error" else _YELLOW
        label = p.code if p.severity == "error" else f"{p.code} warning:"
        if colour:
            label = f"{tone}{_BOLD}{label}{_RESET}"
        lines.append(f"{visible(p.file, False)}:{p.line}:{p.col}: {label} {visible(p.message, False)}")
        if hints and p.hint:
            lines.append(f"    {_DIM if colour else ''}hint: {visible(p.hint, False)}{_RESET if colour else ''}")
        if verbose and p.detail:
            lines.append(f"    {_DIM if colour else ''}detail: {visible(p.detail, False)}{_RESET if colour else ''}")
    lines.append(summary(problems, files, len(suppressed)))
    return "\n".join(lines)


def summary(problems: Sequence[Problem], files: int, suppressed: int = 0) -> str:
    """'2 errors, 1 warning in 3 files' or '3 files checked: no problems', with any suppressed counted."""
    errors = count(problems, "error")
    warnings = len(problems) - errors
    checked = f"{files} file{'s' * (files != 1)}"
    silenced = f" ({suppressed} suppressed; --show-suppressed lists them)" if suppressed else ""
    if not problems:
        return f"{checked} checked: no problems{silenced}"
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{', '.join(parts)} in {checked}{silenced}"


def _record(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.col,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        "hint": p.hint,
    }


def as_json(problems: Sequence[Problem], files: Sequence[str], suppressed: Sequence[Suppressed] = ()) -> str:
    """The stable JSON shape documented in docs/json.md."""
    errors = count(problems, "error")
    document = {
        "version": JSON_VERSION,
        "files": list(files),
        "summary": {
            "files": len(files),
            "errors": errors,
            "warnings": len(problems) - errors,
            "suppressed": len(suppressed),
        },
        "problems": [_record(p) for p in problems],
        "suppressed": [{**_record(s.problem), "reason": s.reason} for s in suppressed],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))


def _escape(text: str, property_value: bool = False) -> str:
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's lines."""
    lines = []
    for p in problems:
        command = "error" if p.severity == "error" else "warning"
        props = f"file={_escape(p.file, True)},line={p.line},col={p.col},title={_escape(p.code, True)}"
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{command} {props}::{_escape(message)}")
    return "\n".join(lines)
