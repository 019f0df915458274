"""Plain plan data as the YAML officers write: block style, plain scalars where safe, comments where asked."""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'&/%+–—’-]*")
# Dates as officers write them, which YAML reads as text unquoted: "31 March 2024", "31/03/2024".
_DATE = re.compile(r"\d{1,2} [A-Za-z]+ \d{4}|\d{1,2}/\d{1,2}/\d{2,4}")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9._'&+-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "y", "n", "null", "none", "~"}


def scalar(text: str) -> str:
    """A scalar written plain when YAML reads it back as the same text, else double-quoted (JSON escapes)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" ") and "  " not in text:
        return text
    if _DATE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    """A short list of ids on one line: [a, "1.1"]."""
    return "[" + ", ".join(i if _ID.fullmatch(i) and i.lower() not in _RESERVED else json.dumps(i) for i in items) + "]"


def comment(text: str) -> str:
    """A comment's text on one line (line breaks in what it quotes would end the comment)."""
    return " ".join(text.split())


def block(entry: dict[str, Any], indent: int, flow_keys: tuple[str, ...] = ()) -> list[str]:
    """A mapping as the lines of a list entry ("- key: value" then aligned keys); None values are left out.

    Values are text, lists of text, or lists of mappings (steps); a (value, comment) tuple adds a comment.
    """
    lines: list[str] = []
    pad = " " * indent
    for key, value in entry.items():
        if value is None or value == [] or value == "":
            continue
        note = ""
        if isinstance(value, tuple):
            value, note = value
            note = f"  # {comment(note)}"
        lead = f"{pad}- " if not lines else f"{pad}  "
        if isinstance(value, str):
            lines.append(f"{lead}{key}: {scalar(value)}{note}")
        elif isinstance(value, dict):  # a small mapping such as revised: {due, reason}
            lines.append(f"{lead}{key}:{note}")
            lines += [f"{pad}    {k}: {scalar(v)}" for k, v in value.items() if v]
        elif key in flow_keys:
            lines.append(f"{lead}{key}: {flow(value)}{note}")
        elif value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:{note}")
            for item in value:
                lines += block(item, indent + 4, flow_keys)
        else:
            lines.append(f"{lead}{key}:{note}")
            lines += [f"{pad}    - {scalar(item)}" for item in value]
    return lines
