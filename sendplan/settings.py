"""Where a run's settings are: the nearest sendplan.toml, or a pyproject.toml with a [tool.sendplan] table."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sendplan.problems import SendplanError

# A TOML document can give `tool` a `sendplan` key only by writing one of these (the names bare or quoted, the
# dots and brackets with spaces about them): a `tool.sendplan` key or table header, a `[tool]` table, an inline
# table `tool = {...}`, or a key spelled with \u escapes. A pyproject.toml with none of them (most of them, and
# sendplan's own) is not parsed at all: tomllib is neither imported nor run on every warm command. Anything that
# matches, even inside a string or a comment, is parsed as before, so the answer is always tomllib's.
_MAYBE_SENDPLAN = re.compile(
    r"""["']?tool["']?\s*\.\s*["']?sendplan"""  # tool.sendplan in a header or a dotted key
    r"""|^\s*\[\s*["']?tool["']?\s*\]"""  # [tool], whose keys may then be sendplan...
    r"""|["']?tool["']?\s*="""  # tool = { sendplan = ... }
    r"""|\\[uU]""",  # an escape might spell either name
    re.MULTILINE,
)


def find_settings_file(paths: list[str]) -> Path | None:
    """The nearest sendplan.toml, or pyproject.toml with [tool.sendplan], at or above the first path's folder."""
    start = Path(os.path.realpath(paths[0] if paths else "."))  # never raises, even on a link that loops
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        own = candidate / "sendplan.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and has_tool_table(project):
            return project
    return None


def has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml holds [tool.sendplan]; one that mentions it but does not parse is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not _MAYBE_SENDPLAN.search(text):
        return False
    import tomllib

    try:
        return "sendplan" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as error:
        if "tool.sendplan" in text:
            raise unreadable_settings(path, error) from None
        return False


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def unreadable_settings(path: Path, error: Exception) -> SendplanError:
    """The error for a settings file that is not TOML: at the line and column the reader names, and what to do."""
    said = str(error)
    found = _AT.search(said)
    where = f"{path}:{found[1]}:{found[2]}" if found else str(path)
    what = said[: found.start()] if found else said.replace(" (at end of document)", " at the end of the file")
    return SendplanError(f"{where}: cannot read settings: {what}; correct the TOML there (docs/configuration.md)")
