"""Problems found in plans, the codes they carry, and the one exception the CLI catches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one file.

    Attributes:
        file: the file the problem is in, as the user named it.
        line: 1-based line, 0 when the whole file is meant.
        col: 1-based column, 0 when the whole file is meant.
        code: a stable rule code such as SP201 (see `sendplan rules`).
        message: what is wrong, in the user's words.
        hint: what would fix it.
        severity: "error" or "warning".
        detail: more for `validate --verbose`, e.g. the YAML parser's own words.
    """

    file: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = field(default="error")
    detail: str = field(default="", compare=False)

    def with_severity(self, severity: Severity) -> Problem:
        """Return a copy of this problem with another severity."""
        return Problem(self.file, self.line, self.col, self.code, self.message, self.hint, severity, self.detail)


def count(problems: Iterable[Problem], severity: Severity) -> int:
    """How many of the problems have this severity."""
    return sum(p.severity == severity for p in problems)


class SendplanError(Exception):
    """An error the CLI reports in one line and exits 2 for: usage or unreadable input."""


class PlanFilesInvalid(SendplanError):
    """Plan files a command needs could not be read; carries their problems so the CLI can show them."""

    def __init__(self, problems: list[Problem]) -> None:
        files = len({p.file for p in problems})
        super().__init__(
            f"{files} plan file{'s' * (files != 1)} could not be read; run `sendplan validate` for details"
        )
        self.problems = problems


def problems_only(value: Any) -> TypeGuard[list[Problem]]:
    """Whether a value (an entry unpickled from the cache) is a list of problems."""
    return isinstance(value, list) and all(isinstance(p, Problem) for p in value)
