"""Per-line suppressions: `# sendplan: ignore[SP204] reason`, checked for form, reason and use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sendplan.problems import Problem
from sendplan.rules import RULES

_MARK = re.compile(r"^sendplan\b", re.IGNORECASE)  # "sendplan ignore[...]" without the colon is caught too
_FORM = re.compile(r"^sendplan: ignore\[(?P<codes>[^\]]*)\](?P<reason>.*)$")
SYNTAX = "# sendplan: ignore[SP204] the reason, in words"


@dataclass
class Suppression:
    """One suppression comment.

    Attributes:
        file: the file it is in.
        line: the line of the comment; col its column.
        target: the line it silences: its own, or for a comment alone on its line, the next line with content.
        codes: the rule codes it silences.
        reason: why, in the officer's words.
        used: the codes it actually silenced in this run.
    """

    file: str
    line: int
    col: int
    target: int
    codes: list[str]
    reason: str
    used: set[str] = field(default_factory=set)


@dataclass
class Suppressed:
    """A problem a suppression silenced, and the suppression's reason."""

    problem: Problem
    reason: str


def read_suppressions(file: str, comments: dict[int, str], lines: list[str]) -> tuple[list[Suppression], list[Problem]]:
    """The suppressions in a file's comments, and SP401 for each malformed one."""
    found: list[Suppression] = []
    problems: list[Problem] = []
    comments = dict(comments)
    for number, line in enumerate(lines, 1):  # a comment after a quoted value: id: "P5.13"  # sendplan: ...
        if number not in comments and "sendplan" in line and (comment := trailing_comment(line)) is not None:
            comments[number] = comment
    for number, comment in sorted(comments.items()):
        if not _MARK.match(comment):
            continue
        mark = comment_mark(lines[number - 1]) if number <= len(lines) else None
        col = (lines[number - 1].find("#") if mark is None else mark) + 1 if number <= len(lines) else 1
        match = _FORM.match(comment)
        codes = re.split(r"[\s,]+", match["codes"].strip()) if match and match["codes"].strip() else []
        reason = match["reason"].strip(" :-–") if match else ""
        unknown = [c for c in codes if c not in RULES]
        if not match or not codes or unknown or not reason:
            what = (
                f"unknown rule {', '.join(unknown)}"
                if unknown
                else "no reason given"
                if match and codes
                else "not of the form ignore[CODE] reason"
            )
            example = SYNTAX.replace("SP204", ", ".join(c for c in codes if c in RULES) or "SP204")
            message = f"malformed suppression ({what}): '# {comment}'"
            problems.append(Problem(file, number, col, "SP401", message, f"write: {example}"))
            continue
        found.append(Suppression(file, number, col, _target(number, lines), codes, reason))
    return found, problems


def comment_mark(line: str) -> int | None:
    """Where the comment on a line of YAML starts: a '#' after a space, outside quoted text; None without one.

    A quote opens quoted text only where a value starts (after ': ', '- ', '[', '{' or ','), so the apostrophe
    in children's opens nothing."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                if quote == "'" and line[index + 1 : index + 2] == "'":
                    index += 1
                else:
                    quote = ""
        elif char in "'\"" and line[:index].rstrip()[-1:] in ("", ":", "-", "[", "{", ",", "?"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
        index += 1
    return None


def trailing_comment(line: str) -> str | None:
    """The text of the comment on a line of YAML, if any."""
    mark = comment_mark(line)
    return None if mark is None else line[mark + 1 :].strip()


def _target(number: int, lines: list[str]) -> int:
    """A comment after content silences its own line; a comment alone on a line silences the next line with content."""
    if number <= len(lines) and not lines[number - 1].lstrip().startswith("#"):
        return number
    for index in range(number, len(lines)):
        text = lines[index].strip()
        if text and not text.startswith("#"):
            return index + 1
    return number


def apply_suppressions(
    problems: list[Problem], suppressions: list[Suppression], ran: Callable[[str, str], bool] = lambda f, c: True
) -> tuple[list[Problem], list[Suppressed], list[Problem]]:
    """Split problems into those kept and those suppressed; SP402 for each suppression that silenced nothing,
    counting only the codes whose check `ran(file, code)` in this file."""
    index = {(s.file, s.target): s for s in suppressions}
    kept: list[Problem] = []
    silenced: list[Suppressed] = []
    for problem in problems:
        suppression = index.get((problem.file, problem.line))
        if suppression and problem.code in suppression.codes and problem.code not in ("SP401", "SP402"):
            suppression.used.add(problem.code)
            silenced.append(Suppressed(problem, suppression.reason))
        else:
            kept.append(problem)
    unused = []
    for s in suppressions:
        idle = [c for c in s.codes if c not in s.used and ran(s.file, c)]
        if idle:
            unused.append(
                Problem(
                    s.file,
                    s.line,
                    s.col,
                    "SP402",
                    f"suppression of {', '.join(idle)} silences nothing on line {s.target}",
                    "delete it, or move it to the line the problem is on",
                    "warning",
                )
            )
    return kept, silenced, unused
