"""Problems as text (file:line:col: CODE message), JSON, GitHub annotations, GitLab Code Quality or SARIF."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from sendplan.problems import Problem, count
from sendplan.safetext import json_text, visible

if TYPE_CHECKING:
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
    lines.append(summary(problems, files, len(suppressed), listed=show_suppressed))
    return "\n".join(lines)


def summary(problems: Sequence[Problem], files: int, suppressed: int = 0, listed: bool = False) -> str:
    """'2 errors, 1 warning in 3 files' or '3 files checked: no problems', with any suppressed counted (and how
    to list them, unless `listed` above)."""
    errors = count(problems, "error")
    warnings = len(problems) - errors
    checked = f"{files} file{'s' * (files != 1)}"
    silenced = f" ({suppressed} suppressed{'' if listed else '; --show-suppressed lists them'})" if suppressed else ""
    if not problems:
        return f"{checked} checked: no problems{silenced}"
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{', '.join(parts)} in {checked}{silenced}"


def problem_record(p: Problem) -> dict[str, object]:
    """A problem as JSON data: the shape docs/json.md gives, shared by validate's and diff's JSON."""
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
    import json  # here: the text a terminal gets needs no json (nor hashlib)

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
        "problems": [problem_record(p) for p in problems],
        "suppressed": [{**problem_record(s.problem), "reason": s.reason} for s in suppressed],
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


def _repo_path(file: str) -> str:
    """A problem's file as CI tools want it: relative, with forward slashes and no leading ./"""
    path = PurePath(file)
    if path.is_absolute():
        with contextlib.suppress(ValueError):  # outside the current folder: kept absolute
            path = path.relative_to(Path.cwd())
    text = path.as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


def fingerprints(problems: Sequence[Problem]) -> list[str]:
    """A fingerprint per problem from its file, code and message (and which of identical ones it is), never its
    line: a problem that only moves when lines are added above it keeps its fingerprint."""
    import hashlib

    seen: dict[tuple[str, str, str], int] = {}
    found = []
    for p in problems:
        key = (_repo_path(p.file), p.code, p.message)
        seen[key] = seen.get(key, 0) + 1
        text = "\0".join([*key, str(seen[key])])
        found.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return found


def as_gitlab(problems: Sequence[Problem]) -> str:
    """A GitLab Code Quality report: a JSON array of issues (the Code Climate subset GitLab reads)."""
    import json

    issues = []
    for p, fingerprint in zip(problems, fingerprints(problems), strict=True):
        issue: dict[str, object] = {
            "type": "issue",
            "description": f"{p.code} {p.message}",
            "check_name": p.code,
            "fingerprint": fingerprint,
            "severity": "major" if p.severity == "error" else "minor",
            "location": {"path": _repo_path(p.file), "lines": {"begin": max(p.line, 1)}},
        }
        if p.hint:
            issue["content"] = {"body": f"Hint: {p.hint}"}
        issues.append(issue)
    return json.dumps(issues, indent=2, ensure_ascii=False)


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def as_sarif(problems: Sequence[Problem]) -> str:
    """A SARIF 2.1.0 log for GitHub code scanning: one run, every rule described, one result per problem."""
    import json
    from importlib.metadata import version

    from sendplan.rules import RULES

    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": RULES[code].summary},
            "help": {"text": f"{RULES[code].summary}. `sendplan rules` lists every code."},
            "defaultConfiguration": {"level": RULES[code].severity},
        }
        for code in codes
    ]
    results = []
    for p, fingerprint in zip(problems, fingerprints(problems), strict=True):
        location: dict[str, object] = {"artifactLocation": {"uri": quote(_repo_path(p.file)), "uriBaseId": "%SRCROOT%"}}
        if p.line > 0:
            location["region"] = {"startLine": p.line, "startColumn": max(p.col, 1)}
        result: dict[str, object] = {
            "ruleId": p.code,
            "level": p.severity,
            "message": {"text": p.message + (f" (hint: {p.hint})" if p.hint else "")},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"sendplan/v1": fingerprint},
        }
        if p.code in index:
            result["ruleIndex"] = index[p.code]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "sendplan", "version": version("sendplan"), "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
