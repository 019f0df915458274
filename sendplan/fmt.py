"""Formatting a plan file without changing what it says: key order, indentation, quoted ids, spacing.

This module round-trips YAML with ruamel.yaml itself (yamlio.py reads plans; the round trip here rewrites the
layout, which yamlio.edit_yaml refuses on purpose). Every result is checked before it is returned: the data read
back is the data read before (ids aside, which become the text as written), and every comment is still there.
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sendplan.keyorder import KEY_ORDER
from sendplan.problems import PlanFilesInvalid, SendplanError
from sendplan.roundtrip import give_tail, give_tail_at, slot_after, take_tail, take_tail_at
from sendplan.textspan import restore_endings, split_lines
from sendplan.yamlio import Path, read_yaml

# Which block the entries under each key are, by the block they sit in (see KEY_ORDER).
_CHILDREN: dict[str, dict[str, str]] = {
    "the file": {
        "plan": "plan",
        "owners": "owners",
        "priorities": "priorities",
        "outcomes": "outcomes",
        "findings": "findings",
        "actions": "actions",
    },
    "actions": {"steps": "a step", "measures": "a measure", "updates": "an update", "revised": "revised"},
    "a step": {"measures": "a measure", "updates": "an update", "revised": "revised"},
}
_CHILDREN["actions"]["revisions"] = _CHILDREN["a step"]["revisions"] = "revised"
# Keys whose value is an id, and keys whose list items are ids, in the blocks that hold entries with ids.
_ID_KEYS = frozenset({"id", "priority", "published_id"})
_ID_LISTS = frozenset({"owners", "lead", "addresses", "outcomes", "sources"})
_ID_BLOCKS = frozenset({"plan", "owners", "priorities", "outcomes", "findings", "actions", "a step", "a measure"})
# Plain text another YAML reader (YAML 1.1: PyYAML, many editors' servers) takes for a boolean, a number or a date.
_MISREAD = re.compile(
    r"^(?:[yYnN~]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
    r"|0[xob][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$"
)
_TOKEN = re.compile(r"[^\s,\]\}#]+")


def format_text(text: str, filename: str) -> str:
    """The plan text formatted; raise PlanFilesInvalid when it cannot be read as YAML, or SendplanError when
    formatting would change its data or lose a comment (then nothing should be written)."""
    return format_plan(text, filename)[0]


def format_plan(text: str, filename: str) -> tuple[str, list[str]]:
    """The plan text formatted, and a note for each entry whose key order was left alone so that its comments
    stay above the keys they describe (see format_text for what is raised)."""
    before, problems = read_yaml(text, filename)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PlanFilesInvalid(errors)
    if not isinstance(before.data, dict):
        raise SendplanError(
            f"{filename}: not formatted: a plan is a block of keys (plan:, actions: ...), not a list or text"
        )
    held: list[Path] = []
    result = _formatted(text, filename, before.data, held, reorder=True)
    notes = [
        f"{filename}:{before.where.get(path, (0, 0))[0]}: key order left alone in this entry: a comment above a "
        "key would have to move above the entry's first line; reorder it by hand"
        for path in held
    ]
    if anchors(result) != anchors(text):  # a comment would sit above another key: keep every entry's order
        result = _formatted(text, filename, before.data, [], reorder=False)
        notes = [f"{filename}: key order left alone: reordering would move comments away from the keys they describe"]
        if anchors(result) != anchors(text):
            raise SendplanError(f"{filename}: not formatted: a comment would move away from the line it describes")
    return result, notes


def _formatted(text: str, filename: str, data_before: Any, held: list[Path], reorder: bool) -> str:
    yaml = _round_trip()
    data = yaml.load(text)
    expected = data_before
    lines = text.splitlines()
    for path, written in _normalise(data, "the file", (), lines, held, reorder):
        expected = _replaced(expected, path, written)
    out = io.StringIO()
    yaml.dump(data, out)
    result = tidy(out.getvalue())
    if read_yaml(result, filename)[0].data != expected:  # trailing spaces inside a block of text are its content
        result = tidy(out.getvalue(), strip=False)
    _check_same(text, expected, result, filename)
    return result


_ANCHOR = re.compile(r"\s*([^\s:#'\"][^:#]*?|'[^']*'|\"[^\"]*\")\s*:(\s|$)")


def anchors(text: str) -> Counter[tuple[str, str]]:
    """Each full-line comment with the line it stands above (its key, or the line without quotes), counted."""
    found: Counter[tuple[str, str]] = Counter()
    waiting: list[str] = []
    for line in [*text.splitlines(), "<end>"]:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            waiting.append(stripped[1:].strip())
            continue
        match = _ANCHOR.match(line)
        if stripped.startswith("- "):
            anchor = "- an entry"  # a comment above an entry stays above it, whichever key comes first
        elif match:
            anchor = match[1].strip("'\"")
        else:
            anchor = stripped.replace('"', "").replace("'", "")
        for comment in waiting:
            found[(comment, anchor)] += 1
        waiting = []
    return found


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an officer's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # "actions:\n  - id: ..." as docs/plan-format.md writes it
    return yaml


def _normalise(
    node: Any, block: str, path: Path, lines: list[str], held: list[Path], reorder: bool = True
) -> list[tuple[Path, str]]:
    """Put keys in KEY_ORDER (unless `reorder` is off) and quote ids YAML would misread, in place; return (path,
    text) of each id quoted. An entry whose keys cannot be reordered with their comments is left in its order and
    its path added to `held`."""
    quoted: list[tuple[Path, str]] = []
    if not hasattr(node, "items"):
        return quoted
    order = KEY_ORDER.get(block) if reorder else None
    if order:
        rank = {key: n for n, key in enumerate(order)}
        keys = sorted(node, key=lambda k: rank.get(k, len(rank)))  # stable: unknown keys keep their order
        if keys != list(node) and not _reorder(node, keys):
            held.append(path)
    for key, value in list(node.items()):
        here = (*path, key)
        if block in _ID_BLOCKS and key in _ID_KEYS:
            written = _misread(value, node.lc.value(key), lines)
            if written is not None:
                node[key] = _quoted(written)
                quoted.append((here, written))
        elif block in _ID_BLOCKS and key in _ID_LISTS and isinstance(value, list):
            for index, item in enumerate(value):
                written = _misread(item, value.lc.item(index), lines)  # type: ignore[attr-defined]
                if written is not None:
                    value[index] = _quoted(written)
                    quoted.append(((*here, index), written))
        child = _CHILDREN.get(block, {}).get(key)
        if child is None:
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                quoted += _normalise(item, child, (*here, index), lines, held, reorder)
        else:
            quoted += _normalise(value, child, here, lines, held, reorder)
    return quoted


def _has_comment(tail: Any) -> bool:
    return tail is not None and "#" in tail.value


def _reorder(node: Any, keys: list[Any]) -> bool:
    """Put the keys of `node` in the order `keys`, each full-line comment above a key moving with that key and the
    lines after the last key (a closing comment, the blank line before the next entry) staying at the end; False,
    with nothing changed, when a comment above a key would have to go before the entry's first line."""
    old = list(node)
    if keys[0] != old[0]:
        above = node.ca.items.get(keys[0])
        if _has_comment(_peek(slot_after(node, old[old.index(keys[0]) - 1]))) or (above and above[1]):
            return False
    tail = take_tail(node)
    leads = {after: take_tail_at(slot_after(node, before)) for before, after in zip(old, old[1:], strict=False)}
    for key in keys:
        node.move_to_end(key)
    for before, after in zip(keys, keys[1:], strict=False):
        give_tail_at(slot_after(node, before), leads.get(after))
    give_tail(node, tail)  # blank lines above the key now first (no comment: checked above) are dropped
    return True


def _peek(slot: tuple[Any, Any, int]) -> Any:
    """The lines at `slot` after its first line, left in place."""
    container, key, position = slot
    entry = container.ca.items.get(key)
    token = entry[position] if entry and len(entry) > position else None
    if token is None or "\n" not in token.value[:-1]:
        return None
    return token


def _misread(value: Any, where: tuple[int, int], lines: list[str]) -> str | None:
    """The text as written of an unquoted id that YAML reads as something other than that text, else None."""
    if type(value) is str:  # plain text (quoted text keeps its quote type, a str subclass)
        return value if _MISREAD.match(value) else None
    if isinstance(value, str | dict | list):
        return None
    line, column = where
    match = _TOKEN.match(lines[line], column) if line < len(lines) else None
    return match.group(0) if match and _MISREAD.match(match.group(0)) else None


def _quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _replaced(data: Any, path: Path, value: Any) -> Any:
    """`data` with the value at `path` replaced (a shallow copy along the path)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replaced(data[head], rest, value)}
    copy = list(data)
    copy[head] = _replaced(copy[head], rest, value)  # type: ignore[index]
    return copy


def tidy(text: str, strip: bool = True) -> str:
    """Trailing spaces removed (when `strip`), one blank line before each action (ahead of its heading comments),
    no run of blank lines among the actions, and one newline at the end."""
    lines = [line.rstrip() if strip or not line.strip() else line for line in text.splitlines()]
    start = next((n for n, line in enumerate(lines) if re.match(r"actions:(\s|$)", line)), None)
    if start is not None:
        end = next((n for n in range(start + 1, len(lines)) if lines[n][:1] not in ("", " ", "#")), len(lines))
        lines[start + 1 : end] = _spaced(lines[start + 1 : end])
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _spaced(section: list[str]) -> list[str]:
    out: list[str] = []
    items = 0
    for line in section:
        if line.startswith("  - "):
            gap = 0
            while gap < len(out) and _loose(out[-1 - gap]):
                gap += 1
            run = out[len(out) - gap :]
            del out[len(out) - gap :]
            own = 0  # comments right after an action, indented as its keys, close that action
            while own < len(run) and run[own].startswith("   ") and run[own].lstrip().startswith("#"):
                own += 1
            out += run[:own]
            run = run[own:]
            if items and (not run or run[0]):
                run.insert(0, "")
            out += [ln for n, ln in enumerate(run) if ln or n == 0 or run[n - 1]]
            items += 1
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _loose(line: str) -> bool:
    """A line between two actions: blank, or a full-line comment (a heading such as "# Priority 2")."""
    return not line or line.lstrip().startswith("#")


def _check_same(text: str, expected: Any, result: str, filename: str) -> None:
    after, problems = read_yaml(result, filename)
    if problems or after.data != expected:
        raise SendplanError(f"{filename}: not formatted: the result would not read back as the same plan")
    lost = comments(text) - comments(result)
    if lost:
        raise SendplanError(f"{filename}: not formatted: it would lose the comment {next(iter(lost))!r}")


@dataclass
class Formatted:
    """One file formatted: its text before and after (with its own line endings and BOM), and notes.

    Attributes:
        file: the plan file.
        before, after: the text as read and as formatted.
        notes: what was left alone and why (an entry whose key order would move comments).
    """

    file: str
    before: str
    after: str
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether formatting changes the file."""
        return self.before != self.after

    def diff(self, limit: int = 40) -> str:
        """A unified diff of the change (line endings shown as they are), at most `limit` lines of it."""
        old = self.before.lstrip(_BOM).splitlines(keepends=True)
        new = self.after.lstrip(_BOM).splitlines(keepends=True)
        lines = list(difflib.unified_diff(old, new, f"{self.file}", f"{self.file} (formatted)", n=1))
        lines = [line if line.endswith("\n") else line + "\n" for line in lines]
        if self.before.startswith(_BOM) != self.after.startswith(_BOM):
            lines.insert(0, "(the byte-order mark changes)\n")
        if len(lines) > limit:
            lines = [*lines[:limit], f"... {len(lines) - limit} more diff lines\n"]
        return "".join(lines)


_BOM = "\ufeff"


def format_one(file: str, text: str) -> Formatted:
    """Format a file's text, keeping its byte-order mark and the ending of each line (LF, CRLF, CR)."""
    bom = text.startswith(_BOM)
    lines = split_lines(text[1:] if bom else text)
    plain = "".join(line + "\n" for line in lines.text)
    result, notes = format_plan(plain, file)
    after = restore_endings(lines, result).join()
    if after and not after.endswith(("\n", "\r")):
        after += lines.usual_end()
    return Formatted(file, text, (_BOM if bom else "") + after, notes)


def format_files(files: list[str], write: bool) -> tuple[list[Formatted], list[str]]:
    """Format each file (written atomically when `write` and it changes); return each file formatted and one
    message per file that could not be formatted, which is left as it was."""
    from sendplan.writefile import write_atomically

    done: list[Formatted] = []
    failed: list[str] = []
    for file in files:
        try:
            with open(file, "rb") as stream:
                text = stream.read().decode("utf-8")
            result = format_one(file, text)
        except PlanFilesInvalid as error:
            failed += [f"{p.file}:{p.line}:{p.col}: {p.code} {p.message}" for p in error.problems]
            continue
        except SendplanError as error:
            failed.append(str(error))
            continue
        except UnicodeDecodeError as error:
            failed.append(f"{file}: not UTF-8 text ({error.reason} at byte {error.start})")
            continue
        except OSError as error:
            failed.append(f"{file}: cannot read: {error.strerror or error}")
            continue
        done.append(result)
        if result.changed and write:
            write_atomically(file, result.after)
    return done, failed


def comments(text: str) -> Counter[str]:
    """Each comment's text (after '#', stripped), counted: a '#' starts a comment after a space or at the start
    of a line, outside quoted text (a quote opens quoted text only where a value starts)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        quote = ""
        at = 0
        while at < len(line):
            char = line[at]
            if quote:
                if char == "\\" and quote == '"':
                    at += 1  # an escaped character
                elif char == quote and line[at + 1 : at + 2] == "'" == quote:
                    at += 1  # '' inside single quotes
                elif char == quote:
                    quote = ""
            elif char in "'\"" and line[:at].rstrip()[-1:] in ("", ":", "-", "[", ",", "{", "?"):
                quote = char
            elif char == "#" and (at == 0 or line[at - 1] in " \t"):
                found[line[at + 1 :].strip()] += 1
                break
            at += 1
    return found
