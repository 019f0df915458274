"""Plan text made safe to show: control characters made visible; Markdown, rich markup and JSON escaped."""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F; U+009B alone starts a terminal
# escape sequence on some terminals). A terminal, a spreadsheet or a browser would act on any of them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_TAB_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    """The visible stand-in of one control character: its Unicode control picture (ESC as \u241b), or for
    a C1 control, its code in brackets (<U+009B>)."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: str, newlines: bool = True) -> str:
    """`text` with every control character shown as a visible symbol, never sent as itself; tab and newline
    are kept unless `newlines` is False (a one-line cell), when they are shown too."""
    pattern = _CONTROL if newlines else _CONTROL_OR_TAB_OR_NEWLINE
    return pattern.sub(_picture, text) if pattern.search(text) else text


def visible_any(value: Any) -> Any:
    """`visible` for text (markup-safe text stays markup-safe); anything else as it is. Jinja's finalize."""
    if not isinstance(value, str) or not _CONTROL.search(value):  # nearly every value: said once, here
        return value
    cleaned = _CONTROL.sub(_picture, value)
    from markupsafe import Markup

    return Markup(cleaned) if isinstance(value, Markup) else cleaned


_MARKDOWN = str.maketrans({"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """Plan text as Markdown text, one line: no link, image or HTML can come of it (brackets escaped, < and >
    as entities), and a pipe cannot end a table cell."""
    return visible(" ".join(str(text).split())).translate(_MARKDOWN)


def rich_text(text: str) -> str:
    """Plan text for a rich table cell: control characters visible, '[' escaped so it is never read as markup."""
    from rich.markup import escape

    return escape(visible(text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f]")


def json_text(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with DEL and the C1 controls written as \\u escapes,
    as json.dumps already writes the C0 ones: same data, nothing a terminal acts on."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
