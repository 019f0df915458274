"""Repository settings from sendplan.toml or [tool.sendplan] in pyproject.toml: rules, severities, required links."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from sendplan.problems import Problem, SendplanError, Severity
from sendplan.settings import find_settings_file

# Links a plan kind can require, each checked by one rule.
REQUIREMENTS: dict[str, str] = {
    "action-priority-or-finding": "SP211",  # every action sits under a priority or addresses a finding
    "action-finding": "SP218",  # every action addresses a finding
    "finding-action": "SP212",  # every finding is addressed by an action
    "outcome-action": "SP213",  # every outcome statement is served by an action
    "action-date": "SP314",  # every action has a date: its own, or on each of its steps
}
REQUIREMENT_CODES = frozenset(REQUIREMENTS.values())
DEFAULT_REQUIRE: dict[str, list[str]] = {
    "*": ["action-priority-or-finding", "finding-action", "outcome-action", "action-date"],
    "written statement of action": [
        "action-priority-or-finding",
        "action-finding",
        "finding-action",
        "outcome-action",
        "action-date",
    ],
    "reference list": [],
}


@dataclass
class Config:
    """Settings for a run of `validate`.

    Attributes:
        file: where the settings came from, or None for the defaults.
        select: rule codes or prefixes to report ("SP2" is every reference rule); empty for all.
        ignore: rule codes or prefixes never to report.
        severity: a severity per rule code, overriding the rule's default.
        require: per plan kind ("*" for any other kind), the links its plans must have.
        calendar: check statuses against today's date when no --as-of is given (SP316); off by default, so
            that a verdict does not change by itself overnight.
    """

    file: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    require: dict[str, list[str]] = field(default_factory=lambda: dict(DEFAULT_REQUIRE))
    calendar: bool = False

    def required(self, kind: str) -> set[str]:
        """The rule codes of the links plans of this kind must have."""
        names = self.require.get(kind, self.require.get("*", DEFAULT_REQUIRE["*"]))
        return {REQUIREMENTS[name] for name in names}

    def reports(self, code: str) -> bool:
        """Whether a rule is selected and not ignored."""
        selected = not self.select or any(code.startswith(prefix) for prefix in self.select)
        return selected and not any(code.startswith(prefix) for prefix in self.ignore)

    def apply(self, problems: list[Problem], kinds: Mapping[str, str]) -> list[Problem]:
        """Drop what is not selected or not required of a file's plan kind; set configured severities."""
        kept = []
        for problem in problems:
            if not self.reports(problem.code):
                continue
            kind = kinds.get(problem.file)
            if problem.code in REQUIREMENT_CODES and kind is not None and problem.code not in self.required(kind):
                continue
            severity = self.severity.get(problem.code)
            kept.append(problem.with_severity(severity) if severity else problem)
        return kept


def find_config(paths: list[str]) -> Config:
    """The settings for plans at `paths`: the nearest sendplan.toml, or pyproject.toml with [tool.sendplan],
    in the first path's folder or any folder above it; the defaults when there is none."""
    found = find_settings_file(paths)
    if found is None:
        return Config()
    return read_config(found, table=None if found.name == "sendplan.toml" else "tool.sendplan")


def read_config(path: Path, table: str | None) -> Config:
    """Read settings from a TOML file; the whole file, or the [tool.sendplan] table of a pyproject.toml."""
    import tomllib

    from sendplan.rules import RULES

    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        from sendplan.settings import unreadable_settings

        raise unreadable_settings(path, error) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SendplanError(f"{path}: cannot read settings: {error}") from None
    if table:
        for part in table.split("."):
            data = data.get(part, {})
    where = f"{path}" + (f" [{table}]" if table else "")
    settings = ("select", "ignore", "severity", "require", "calendar")
    for name in sorted(set(data) - set(settings)):
        close = difflib.get_close_matches(name, settings, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise SendplanError(f"{where}: unknown setting {name}; {hint}settings are {', '.join(settings)}")
    config = Config(file=str(path))
    config.select = _codes(data.get("select", []), f"{where}: select")
    config.ignore = _codes(data.get("ignore", []), f"{where}: ignore")
    if not isinstance(data.get("calendar", False), bool):
        raise SendplanError(f"{where}: calendar is {data['calendar']!r}; use true or false")
    config.calendar = data.get("calendar", False)
    for code, severity in dict(data.get("severity", {})).items():
        if code not in RULES:
            raise SendplanError(f"{where}: severity names unknown rule {code}; `sendplan rules` lists them")
        if severity not in ("error", "warning"):
            raise SendplanError(f"{where}: severity of {code} is {severity!r}; use 'error' or 'warning'")
        config.severity[code] = severity
    from sendplan.model import PlanKind  # here: finding the settings file (every warm run) needs no plan model

    kinds = ["*", *get_args(PlanKind)]
    for kind, names in dict(data.get("require", {})).items():
        if kind not in kinds:
            close = difflib.get_close_matches(kind, kinds, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise SendplanError(f"{where}: require names no plan kind {kind!r}; {hint}kinds are {', '.join(kinds)}")
        bad = [name for name in names if name not in REQUIREMENTS] if isinstance(names, list) else [str(names)]
        if bad:
            raise SendplanError(
                f"{where}: require.{kind!r} has {', '.join(map(repr, bad))}; it lists some of: {', '.join(REQUIREMENTS)}"
            )
        config.require[kind] = list(names)
    return config


def _codes(value: Any, where: str) -> list[str]:
    from sendplan.rules import RULES

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SendplanError(f'{where} must be a list of rule codes or prefixes, e.g. ["SP2", "SP301"]')
    for prefix in value:
        if not any(code.startswith(prefix) for code in RULES):
            raise SendplanError(f"{where}: {prefix!r} matches no rule; `sendplan rules` lists them")
    return list(value)
