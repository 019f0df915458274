"""The only module that touches ruamel.yaml: YAML text -> plain data with the line and column of every node."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML, events
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sendplan.files import MAX_BYTES as MAX_BYTES  # re-exported
from sendplan.problems import Problem

Path = tuple[str | int, ...]

MAX_DEPTH = 16  # a plan is at most six levels deep (actions > steps > measures > ...)

# YAML 1.2 core schema, resolved here on purpose: dates and times stay text (the date grammar reads them, and an
# invalid unquoted date must not crash the parser), "yes"/"no"/"on"/"off" stay text, and no object is constructed.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)


class Number(float):
    """A plain scalar YAML reads as a number; keeps the text as written so messages can quote it."""

    text: str


@dataclass
class Document:
    """Plain data read from one YAML file, with where each piece stands.

    Attributes:
        data: dicts, lists, str, bool, None and Number, as YAML 1.2 reads them.
        where: path -> (line, column) of each value, 1-based.
        key_where: path -> (line, column) of the key that holds each mapping value.
        raw: path -> the scalar exactly as written, for scalars read as numbers.
        comments: line -> text of each comment, for per-line suppressions.
    """

    data: Any = None
    where: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_where: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)


def read_yaml(text: str, filename: str) -> tuple[Document, list[Problem]]:
    """Read YAML text into a located Document; every problem is returned, none is raised.

    Plain block YAML (nearly every plan) is read by fastyaml straight from its lines, which gives the same
    Document as the parser below would and no problems; anything it is not sure of goes to the parser.
    """
    if os.environ.get("SENDPLAN_YAML_PARSER") not in ("pure", "libyaml"):  # "libyaml": the parser only
        from sendplan.fastyaml import read_block_yaml

        block = read_block_yaml(text)
        if block is not None:
            return block, []
    return read_parsed(text, filename)


def read_parsed(text: str, filename: str) -> tuple[Document, list[Problem]]:
    """read_yaml by the parser alone: libyaml's events (or ruamel's) through the builder, every check made."""
    problems: list[Problem] = []
    doc = Document(comments=comments_of(text))
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        problems.append(
            Problem(filename, 1, 1, "SP009", "the file is empty", "start from a plan in plans/ or docs/plan-format.md")
        )
        return doc, problems
    deep = too_deep(text)
    if deep is not None:  # refused before any parser runs: deep nesting costs the parsers time out of all measure
        line, col = deep
        message = f"the data is nested more than {MAX_DEPTH} levels deep"
        hint = "a plan is at most a few levels deep: check the brackets and the indentation here"
        return doc, [Problem(filename, line, col, "SP007", message, hint)]
    directive = re.search(r"^%YAML[ \t]+(\S*)", text, re.MULTILINE)
    if directive and directive.group(1) not in ("1.1", "1.2"):  # ruamel's parser would fail an assertion on it
        line = text.count("\n", 0, directive.start()) + 1
        message = f"the file declares %YAML {directive.group(1)}; plans are YAML 1.2"
        return doc, [Problem(filename, line, 1, "SP006", message, "delete the %YAML line")]
    fast = _protect_colons(text) if _fast_parser() else None
    for pure in (False, True) if fast is not None else (True,):
        doc = Document(comments=doc.comments)
        found: list[Problem] = []
        builder = _Builder(filename, doc, found, text)
        try:
            _parse_into(builder, text if pure else fast, pure)  # type: ignore[arg-type]
            builder.finish()
        except MarkedYAMLError as error:
            if not pure:
                continue  # libyaml reads YAML 1.1 and refuses some 1.2 (a ':' inside a flow item): ask ruamel
            found.append(_syntax_problem(error, filename, text))
        except YAMLError as error:
            if not pure:
                continue
            found.append(Problem(filename, 1, 1, "SP001", f"YAML syntax error: {error}", "check the file is YAML"))
        problems.extend(found)
        break
    if "\t" in text and not problems:
        problems.extend(_tabs_the_editor_refuses(text, filename))
    return doc, problems


def _tabs_the_editor_refuses(text: str, filename: str) -> list[Problem]:
    """A tab that the fast reader passes but ruamel's round-trip reader (which `update` writes with) refuses:
    reported here, so that `validate` and `update` agree on every file. Only files holding a tab pay for it."""
    try:
        for _ in YAML(typ="rt").parse(io.StringIO(text)):
            pass
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in source:
            col = source.index("\t") + 1
        message = "a tab character in this line: plans use spaces (sendplan update cannot read the file otherwise)"
        return [Problem(filename, line, col, "SP002", message, "replace the tab with a space")]
    except YAMLError:
        return []
    return []


_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")
_ITEM = re.compile(r"(?:[-?:](?: +|$))")


_NESTED_FLOW = re.compile(r"[\[{][^\]}]*[\[{]")
_COMPACT = re.compile(r"^ *(?:[-?] +)(?:[-?](?: |$))", re.MULTILINE)
_INDENTS = re.compile(r"^ *(?=\S)", re.MULTILINE)


def too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """Line and column where the nesting first goes past `limit` levels, or None; one cheap pass, no parser.

    Counts open flow brackets ([ and {, outside quotes and comments) on top of the block levels (indentation,
    and each '- ' or '? ' that opens a nested item on one line). Inside text (a block scalar after | or >, a
    quoted string) nothing counts. It may count a level too few, never one too many: the builder refuses what
    it lets through, and what it lets through is shallow enough for the parser to read quickly.
    """
    if len(text) < 2 * limit:
        return None
    # The quick answer for nearly every file: no bracket opens inside another, no line opens two items, and
    # too few indentation columns for the blocks to nest past the limit (a column holds at most two levels:
    # a list under a key at the key's own indentation). Only files that fail it are scanned line by line.
    few_columns = 2 * len(set(_INDENTS.findall(text))) + 1 <= limit
    if few_columns and not _NESTED_FLOW.search(text) and not _COMPACT.search(text):
        return None
    indents: list[int] = []  # columns of the open block levels
    flow = 0  # open flow brackets
    quote = ""  # the quote open in a flow collection, across lines
    scalar_at = -1  # the indentation of the key of a block scalar being passed over, or -1
    base = 0  # the block levels around the open flow collection
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scalar_at >= 0:
            if not stripped.strip() or indent > scalar_at:
                continue
            scalar_at = -1
        if not flow and not quote:
            if not stripped or stripped[0] == "#":
                continue
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            column = indent
            rest = stripped
            while True:  # "- - - x" and "? - x": each indicator opens a level on this line
                match = _ITEM.match(rest)
                if match is None or rest[:1] == ":":
                    break
                if len(indents) > limit:
                    return number, column + 1
                column += match.end()
                rest = rest[match.end() :]
                if rest and rest[0] != "#":
                    indents.append(column)
            if len(indents) > limit:
                return number, indent + 1
            key_end = _value_start(rest)
            start = column + key_end
            rest = rest[key_end:]
            if _BLOCK_SCALAR.search(rest) and rest.lstrip()[:1] in "|>":
                scalar_at = indent
                continue
            if rest[:1] not in ("[", "{"):
                continue
            scan_from = start
            base = len(indents) - (key_end == 0)  # a flow collection as the line's node is that level
        else:
            scan_from = 0
        index = scan_from
        length = len(line)
        while index < length:
            char = line[index]
            if quote:
                if char == quote:
                    if quote == "'" and line[index + 1 : index + 2] == "'":
                        index += 1
                    else:
                        quote = ""
                elif char == "\\" and quote == '"':
                    index += 1
            elif char in "[{":
                flow += 1
                if flow + base > limit:
                    return number, index + 1
            elif char in "]}":
                flow = max(flow - 1, 0)
            elif char in "\"'":
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                break
            index += 1
    return None


def _value_start(rest: str) -> int:
    """Where the value starts in 'key: value' (0 when the line holds no plain key)."""
    if rest[:1] in ("[", "{", "'", '"'):
        return 0
    at = rest.find(": ")
    if at < 0:
        return 0
    return at + 2 + len(rest[at + 2 :]) - len(rest[at + 2 :].lstrip(" "))


_COLON = "\ue000"  # a private-use character standing in for ':' while libyaml reads the text


def _protect_colons(text: str) -> str | None:
    """Hide each ':' that YAML 1.2 reads as part of a word ("york-wsoa-2020:AFI3") from YAML 1.1's libyaml.

    libyaml refuses such a colon inside a flow list ("[plan:AFI3]") where YAML 1.2 allows it. One character
    stands in for one, so every line and column libyaml reports is still right; the builder puts ':' back.
    None when the stand-in already occurs in the text (then only the pure parser reads it).
    """
    if _COLON in text:
        return None
    if "[" not in text and "{" not in text:
        return text  # no flow collection: nothing libyaml would refuse
    lines = text.split("\n")
    for index, line in enumerate(lines):  # only lines with a flow collection need it (most lines have none)
        if "[" in line or "{" in line:
            lines[index] = _WORD_COLON.sub(_COLON, line)
    return "\n".join(lines)


_WORD_COLON = re.compile(r"(?<=[^\s\"'\]}]):(?=[^\s,\[\]{}])")


def _fast_parser() -> Any:
    """libyaml's event parser from ruamel.yaml.clib, unless missing or switched off (SENDPLAN_YAML_PARSER=pure)."""
    if os.environ.get("SENDPLAN_YAML_PARSER") == "pure":
        return None
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - the clib wheel is a dependency; pure Python is the fallback
        return None
    return CParser


def _parse_into(builder: _Builder, text: str, pure: bool) -> None:
    """Feed YAML events with marks to the builder: libyaml's parser when ruamel.yaml.clib is there (15x faster),
    else ruamel's own.

    ruamel's pure parser is the YAML 1.2 reference here: any file libyaml refuses is read again by it, so
    libyaml only ever speeds up files it reads without complaint. The loop is written out, not a generator:
    a plan set is millions of events.
    """
    feed = builder.feed
    if not pure:
        get = _fast_parser()(io.StringIO(text)).get_event
        end = events.StreamEndEvent
        while True:
            event = get()
            feed(event)
            if type(event) is end:
                return
    for event in YAML(typ="safe", pure=True).parse(io.StringIO(text)):  # "rt" would mark folds with \a
        feed(event)


def comments_of(text: str) -> dict[int, str]:
    """Line number -> comment text (after '#') of each line holding a comment."""
    found: dict[int, str] = {}
    if "#" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        if "#" not in line:
            continue
        match = re.search(r"(?:^|\s)#(.*)$", line)
        if match and ("'" not in line[: match.start()] and '"' not in line[: match.start()] or match.start() == 0):
            found[number] = match.group(1).strip()
    return found


# Parser words -> what an officer would write, and what to do. The parser's own words are kept in `detail`.
_PLAIN = [
    (
        "mapping values are not allowed",
        "this line holds ': ' inside text, which YAML reads as the start of a new key",
        "put the whole text in double quotes, or write the colon without the space after it",
    ),
    (
        "could not find expected ':'",
        "this line is not 'key: value' like the others in its block",
        "check the line above too: a key needs ': ' after it, and a quote or bracket opened there must be closed",
    ),
    (
        "did not find expected key",
        "this line does not line up with the keys of its block",
        "keys of one block start in the same column; list items start with '- ' in the same column",
    ),
    (
        "expected <block end>",
        "this line does not line up with the lines above it",
        "keys of one block start in the same column; list items start with '- ' in the same column",
    ),
    (
        "did not find expected '-'",
        "this line does not line up with the list items above it",
        "list items start with '- ' in the same column",
    ),
    (
        "expected ',' or ']'",
        "a list in [brackets] is not closed with ']' on this line",
        "close the list with ']' on the line it starts, or write each item on its own line starting with '- '",
    ),
    (
        "expected ',' or '}'",
        "a block in {braces} is not closed with '}' on this line",
        "close it with '}' on the line it starts, or write each key on its own line",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quote or bracket that was opened and never closed",
        "close the quote or bracket where the text ends",
    ),
    (
        "found undefined alias",
        "*name here is an alias, and plans do not use aliases",
        "write the value out in full; text starting with * must be quoted",
    ),
    ("found character '@'", "text cannot start with @ unless it is quoted", "put the whole text in double quotes"),
    ("found character '`'", "text cannot start with ` unless it is quoted", "put the whole text in double quotes"),
    (
        "unacceptable character",
        "this line holds a character that is not text",
        "the file holds bytes that are not text: save it as UTF-8 text",
    ),
    (
        "control characters are not allowed",
        "this line holds a control character, which is not text",
        "delete it: the file holds bytes that are not text (save it as UTF-8 text)",
    ),
]
_FALLBACK = ("YAML cannot read this line", "check the indentation and the quotes on this line and the line above it")
_TAB_HINT = "indent with spaces, not tabs; set your editor to insert spaces in YAML files"
_CURLY = "\u201c\u201d\u2018\u2019"
_KEY_LINE = re.compile(r"^(\s*)(?:- +)?([^\s#'\"\[{][^:#]*?):(?:\s|$)")
_QUOTED_START = re.compile(r"^\s*(?:- +)?(?:[^\s#'\"\[{][^:#]*?:\s+)?(['\"])")


def _syntax_problem(error: MarkedYAMLError, filename: str, text: str) -> Problem:
    """A syntax error put in plain words at the line to change; the parser's own words go in `detail`. A line
    holding a curly quote (Word's) says so in the hint, whatever else is wrong there: a straight quote closed by a
    curly one ('cyc-lb’) reads as text never closed."""
    problem = _syntax_problem_alone(error, filename, text)
    lines = text.splitlines()
    source = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    curly = next((char for char in source if char in _CURLY), None)
    if curly is None or "curly" in problem.message:
        return problem
    hint = f"this line has a curly quote ({curly}), as Word types it, which YAML does not read as a quote: retype it"
    return dataclasses.replace(problem, hint=f"{hint}; {problem.hint}" if problem.hint else hint)


def _syntax_problem_alone(error: MarkedYAMLError, filename: str, text: str) -> Problem:
    """_syntax_problem's message and hint, before any word about curly quotes."""
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    words = " ".join(str(part) for part in (error.context, error.problem) if part)
    words = re.sub(r"\s+", " ", words).strip()
    detail = f"the YAML parser says: {words} (at line {line}, column {col})"
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())] or "'\\t'" in words:
        return Problem(
            filename, line, 1, "SP002", "a tab is used for indentation on this line", _TAB_HINT, detail=detail
        )
    opened = _unclosed_quote(lines, line)
    if opened is not None:
        at, column, quote = opened
        name = "an apostrophe (')" if quote == "'" else 'a double quote (")'
        message = f"the text on this line opens with {name} that is not closed on this line"
        hint = f"end the text with {quote} on this line, or delete the opening {quote}"
        if quote == "'":
            hint += "; an apostrophe inside '...' is written twice (''), or use double quotes around the text"
        return Problem(filename, at, column, "SP001", message, hint, detail=detail)
    early = _closed_early(source)
    if early is not None:
        column, quote = early
        name = "apostrophe (')" if quote == "'" else 'double quote (")'
        message = (
            f"the quoted text on this line ends early: the {name} at column {column} closes it, "
            "and YAML cannot read the rest of the line"
        )
        inside = "''" if quote == "'" else '\\"'
        other = '"' if quote == "'" else "'"
        hint = f"write a {name} inside the text as {inside}, or put the whole text in {other}...{other} instead"
        return Problem(filename, line, column, "SP001", message, hint, detail=detail)
    if any(char in source for char in _CURLY):
        message = "this line uses curly quotes (\u201c \u201d \u2018 \u2019), as Word types them; YAML does not read them as quotes"
        hint = "retype them as straight quotes (\" or '), or turn off smart quotes in your editor"
        return Problem(filename, line, col, "SP001", message, hint, detail=detail)
    if "mapping values are not allowed" in words:
        misaligned = _misaligned_key(lines, line, col)
        if misaligned is not None:
            key, spaces, above, above_line, above_spaces = misaligned
            message = (
                f"the indentation does not match the keys above: '{key}' is {spaces} spaces in, "
                f"'{above}' on line {above_line} is {above_spaces}"
            )
            hint = f"start '{key}:' in the same column as '{above}:' ({above_spaces} spaces in)"
            return Problem(filename, line, above_spaces + 1, "SP001", message, hint, detail=detail)
    # A key with no ': ' is noticed a line late: at the key below an item "- id x", or where the key's own line
    # ran into the next one (the parser's context mark is where that key starts).
    key_at = None
    if "mapping values are not allowed" in words:
        key_at = _item_without_colon(lines, line)
    elif "could not find expected ':'" in words and error.context_mark is not None:
        key_at = error.context_mark.line + 1, error.context_mark.column + 1
    missing = _missing_colon(lines, *key_at) if key_at is not None else None
    if missing is not None:
        at, column, message, hint = missing
        return Problem(filename, at, column, "SP001", message, hint, detail=detail)
    if "while parsing a flow" in words and error.context_mark is not None:  # report where the bracket opened
        line, col = error.context_mark.line + 1, error.context_mark.column + 1
    message, hint = next(((m, h) for needle, m, h in _PLAIN if needle in words), _FALLBACK)
    return Problem(filename, line, col, "SP001", message, hint, detail=detail)


def _item_without_colon(lines: list[str], line: int) -> tuple[int, int] | None:
    """(line, column) of the text of a list item "- id x" just above `line`, when `line` is a key lined up with
    that text: the item was meant to open a block of keys, and the parser read "id x" and the key below as one
    text, failing only at the key's ': '."""
    if not 1 < line <= len(lines):
        return None
    below = lines[line - 1]
    indent = len(below) - len(below.lstrip(" "))
    above = line - 1
    while above > 0 and (not lines[above - 1].strip() or lines[above - 1].lstrip().startswith("#")):
        above -= 1
    if above == 0:
        return None
    source = lines[above - 1]
    dash = len(source) - len(source.lstrip(" "))
    if not source.lstrip().startswith("- ") or dash + 2 != indent or not _KEY_LINE.match(below):
        return None
    text = source[dash + 2 :].rstrip().lstrip(" ")
    key, _, value = text.partition(" ")
    value = value.strip()
    # Only "key value" with one word or one quoted text after a lower-case key: "- Children are safe" over
    # "  and well: always" is a text that goes on, with a ': ' inside it, and is left to the plain message.
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
    if not re.fullmatch(r"[a-z_]+", key) or not value or (" " in value and not quoted):
        return None
    return above, len(source) - len(text) + 1


def _missing_colon(lines: list[str], line: int, col: int) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) for a key line with no ': ' after its key ("title Do the thing", or
    "title:Do" with no space), which the parser reads with the lines after it as one long key until it gives up;
    None when the line the parser names as the key's start does not look like that."""
    if not 0 < line <= len(lines):
        return None
    source = lines[line - 1]
    text = source[col - 1 :].rstrip()
    if not text or text[0] in "#'\"[{-" or ": " in text or text.endswith(":"):
        return None
    if ":" in text and " " not in text.split(":", 1)[0]:
        key, rest = text.split(":", 1)
        message = f"this line has no space after the colon, so '{key}' is not read as a key"
        fixed = f"{key}: {rest}"
    else:
        key, _, rest = text.partition(" ")
        message = f"this line has no ': ' after its key '{key}', so YAML reads it and the line after as one long key"
        fixed = f"{key}: {rest}" if rest else f"{key}:"
    shown = fixed if len(fixed) <= 50 else fixed[:49] + "\u2026"
    return line, col, message, f"write a colon and a space after the key: {shown}"


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first quoted value, at or before line `upto`, whose quote is not closed on
    its own line and whose text then runs over lines that look like keys or list items: a forgotten closing
    quote, which the parser only notices lines later (at the next apostrophe, or the end of the file)."""
    number = 0
    while number < min(upto, len(lines)):
        line = lines[number]
        number += 1
        match = _QUOTED_START.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        quote = match.group(1)
        end = _closing(line, match.end(), quote)
        if end is not None:
            continue
        for later in range(number, min(upto, len(lines))):  # lines the open quote swallows, up to the error
            following = lines[later]
            if _KEY_LINE.match(following) or following.lstrip().startswith("- "):
                return number, match.end(), quote
            if _closing(following, 0, quote) is not None:
                number = later + 1  # a quoted text over several lines, closed: go on after it
                break
        else:
            if upto >= len(lines) or number == upto:
                return number, match.end(), quote
    return None


def _closed_early(line: str) -> tuple[int, str] | None:
    """(column, quote) of a quote that closes a quoted value with more text after it on the line: an apostrophe
    inside '...' or a double quote inside "...", the commonest quoting mistake."""
    match = _QUOTED_START.match(line)
    if match is None or line.lstrip().startswith("#"):
        return None
    quote = match.group(1)
    end = _closing(line, match.end(), quote)
    if end is None:
        return None
    rest = line[end + 1 :].strip()
    if not rest or rest.startswith("#"):
        return None
    return end + 1, quote


def _closing(line: str, start: int, quote: str) -> int | None:
    """Where `quote` closes in `line` after `start` ('' and \\" are not closings), or None."""
    index = start
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _misaligned_key(lines: list[str], number: int, col: int) -> tuple[str, int, str, int, int] | None:
    """A 'key:' line indented more than the 'key: value' line above it (so YAML read it as more text of that
    value): (key, its indentation, the key above, that key's line, its indentation)."""
    if not 0 < number <= len(lines):
        return None
    here = _KEY_LINE.match(lines[number - 1])
    if here is None or here.end(2) != col - 1:  # the parser stopped at this key's own colon
        return None
    spaces = here.start(2)
    for above_line in range(number - 1, 0, -1):
        text = lines[above_line - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        above = _KEY_LINE.match(text)
        if above is None or spaces <= above.start(2) or not text[above.end() :].split("#")[0].strip():
            return None  # only a key under 'key: value' is read as more of that value
        return here.group(2).strip(), spaces, above.group(2).strip(), above_line, above.start(2)
    return None


@dataclass
class _Mark:
    line: int
    column: int


class _Builder:
    """Turns parser events into plain data, recording marks and refusing what plans must not hold."""

    def __init__(self, filename: str, doc: Document, problems: list[Problem], text: str) -> None:
        self.filename = filename
        self.doc = doc
        self.problems = problems
        self.stack: list[list[Any]] = []  # open collections: [container, path, pending key, key mark]
        self.documents = 0
        self.skip = 0  # nesting depth of a collection being skipped (too deep, or a second document)
        self.aliases = 0
        self.more_aliases_at = (1, 1)
        match = re.search(r"^%YAML", text, re.MULTILINE)
        self.directive_mark = _Mark(text.count("\n", 0, match.start()), 0) if match else None
        self.text = text

    def _problem(self, mark: Any, code: str, message: str, hint: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if code == "SP004":  # an alias bomb would give thousands: three, then one line counting the rest
            self.aliases += 1
            if self.aliases == 4:
                self.more_aliases_at = (line, col)
            if self.aliases > 3:
                return
        self.problems.append(Problem(self.filename, line, col, code, message, hint))

    def finish(self) -> None:
        """Close the reading: count the anchors and aliases not listed one by one."""
        if self.aliases > 3:
            line, col = self.more_aliases_at
            more = self.aliases - 3
            message = f"{more} more anchor{'s' * (more != 1)} or alias{'es' * (more != 1)} from here on"
            self.problems.append(Problem(self.filename, line, col, "SP004", message, "write every value out in full"))

    def feed(self, event: Any) -> None:
        """Take one parser event."""
        kind = type(event)
        if kind is events.ScalarEvent and not self.skip and event.anchor is None and event.tag is None:
            self._scalar(event, None)  # the common case, kept short
            return
        if kind is events.DocumentStartEvent:
            self._document(event)
        elif kind in (events.StreamStartEvent, events.StreamEndEvent, events.DocumentEndEvent):
            return
        elif self.documents > 1 or self.skip:
            if kind in (events.MappingStartEvent, events.SequenceStartEvent):
                self.skip += 1
            elif kind in (events.MappingEndEvent, events.SequenceEndEvent):
                self.skip = max(self.skip - 1, 0)
        elif kind is events.AliasEvent:
            if self._complex_key(event, "an alias"):
                return
            self._problem(
                event.start_mark,
                "SP004",
                f"alias *{event.anchor} is not allowed in a plan",
                "write the value out in full, so the plan reads top to bottom",
            )
            self._add(None, event.start_mark)
        elif kind in (events.MappingEndEvent, events.SequenceEndEvent):
            self.stack.pop()
        else:
            self._node(event, kind)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if getattr(event, "version", None) and tuple(event.version) != (1, 2):
            version = ".".join(str(part) for part in event.version)
            self._problem(
                self.directive_mark or event.start_mark,
                "SP006",
                f"the file declares %YAML {version}; plans are YAML 1.2",
                "delete the %YAML line",
            )
        if self.documents == 2:
            self._problem(
                event.start_mark, "SP010", "the file holds more than one YAML document", "put each plan in its own file"
            )

    def _node(self, event: Any, kind: type) -> None:
        """A scalar with an anchor or tag, or the start of a mapping or list."""
        if event.anchor:
            self._problem(
                event.start_mark,
                "SP004",
                f"anchor &{event.anchor} is not allowed in a plan",
                "delete the &name; write each value out in full",
            )
        tag = event.tag
        if tag:  # every tag, !!str and a bare ! too: plans hold no tags
            self._problem(
                event.start_mark,
                "SP005",
                f"tag {self._typed_tag(event.start_mark, tag)} is not allowed in a plan",
                "delete the tag; plans hold plain text, lists and keys",
            )
            tag = None
        if kind is events.ScalarEvent:
            self._scalar(event, tag)
            return
        if self._complex_key(event, "a list" if kind is events.SequenceStartEvent else "a block of keys"):
            self.skip = 1  # the key's own contents are passed over
            return
        if len(self.stack) >= MAX_DEPTH:
            self._problem(
                event.start_mark,
                "SP007",
                f"the data is nested more than {MAX_DEPTH} levels deep",
                "a plan is at most a few levels deep; check the indentation",
            )
            self.skip = 1
            self._add(None, event.start_mark)
            return
        value: Any = {} if kind is events.MappingStartEvent else []
        path = self._add(value, event.start_mark)
        self.stack.append([value, path, None, None])  # container, its path, pending key, the key's mark

    def _typed_tag(self, mark: Any, tag: str) -> str:
        """The tag as the officer typed it (!!timestamp), found on its line; the parser's full name if not found."""
        lines = self.text.split("\n", mark.line + 1)
        line = lines[mark.line] if mark.line < len(lines) else ""
        typed = re.search(r"!\S*", line[mark.column :])
        return (typed.group(0) if typed else tag).replace(_COLON, ":")

    def _complex_key(self, event: Any, what: str) -> bool:
        """Refuse a key that is a list, a block of keys or an alias (`[a]: b`, `? {a: b}`, `*k : v`); its value
        is dropped. True when `event` is such a key."""
        top = self.stack[-1] if self.stack else None
        if top is None or type(top[0]) is not dict or top[2] is not None:
            return False
        self._problem(
            event.start_mark,
            "SP011",
            f"a key here is {what}, not a word",
            "a key is a plain word followed by ': ' (title: ...); quote text that starts with [ { * or ?",
        )
        top[2] = f"\u0000duplicate{event.start_mark.line}:{event.start_mark.column}"
        top[3] = event.start_mark
        return True

    def _scalar(self, event: Any, tag: str | None) -> None:
        text = event.value
        if _COLON in text:
            text = text.replace(_COLON, ":")
        stack = self.stack
        if stack:
            top = stack[-1]
            if top[2] is None and type(top[0]) is dict:  # a key
                if not text and not event.style:
                    self._problem(
                        event.start_mark,
                        "SP011",
                        "there is no key before the ':' here",
                        "write the key before the colon (title: ...), or put text holding ': ' in quotes",
                    )
                    text = f"\u0000duplicate{event.start_mark.line}:{event.start_mark.column}"
                elif text in top[0]:
                    self._problem(
                        event.start_mark,
                        "SP003",
                        f"key '{text}' appears twice in the same block",
                        "delete or rename one of them; YAML would silently keep only the last",
                    )
                    text = f"{text}\u0000duplicate{event.start_mark.line}"  # keep the first value, drop the second
                top[2] = text
                top[3] = event.start_mark
                return
        value: Any = text
        if not event.style and tag != "!" and text[:1] in _SPECIAL_START:
            value = _resolve(text)
        path = self._add(value, event.start_mark)
        if type(value) is Number:
            self.doc.raw[path] = text

    def _add(self, value: Any, mark: Any) -> Path:
        here = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.doc.data = value
            self.doc.where[()] = here
            return ()
        top = self.stack[-1]
        container = top[0]
        if type(container) is dict:
            key = top[2]
            path = (*top[1], key)
            if "\u0000duplicate" not in key:
                container[key] = value
            top[2] = None
            key_mark = top[3]
            self.doc.key_where[path] = (key_mark.line + 1, key_mark.column + 1)
        else:
            path = (*top[1], len(container))
            container.append(value)
        self.doc.where[path] = here
        return path


# Only plain scalars starting with one of these can be anything but text in the YAML 1.2 core schema.
_SPECIAL_START = frozenset("~nNtTfF0123456789+-.")


def _resolve(text: str) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) or _FLOAT.match(text):
        number = Number(_number_value(text))
        number.text = text
        return number
    return text


def _number_value(text: str) -> float:
    """The value of a YAML 1.2 core-schema number: 0o17 and 0x1F, 0123 (decimal), .inf, -.inf, .nan, 1e400."""
    body = text.lstrip("+-")
    sign = -1.0 if text.startswith("-") else 1.0
    try:
        if body[:2] in ("0o", "0x"):
            return float(int(body[2:], 8 if body[1] == "o" else 16))
        if body.isdigit():
            return sign * float(int(body, 10))
        if body.lower() in (".inf", ".nan"):
            return sign * float(body[1:])
        return float(text)
    except (ValueError, OverflowError):  # too large to be a float: it is an error in a plan either way
        return sign * float("inf")


def edit_yaml(text: str, change: Any) -> str:
    """Apply `change` to the round-trip data of `text` and return the new text, comments, order and quotes kept.

    `change` receives ruamel's CommentedMap of the whole file and edits it in place. Files whose layout the
    round trip would not reproduce byte for byte are refused (ValueError): an edit must change only what it
    says it changes.
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an officer's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # "actions:\n  - id: ..." as the shipped plans write it
    data = yaml.load(text)
    unchanged = io.StringIO()
    yaml.dump(data, unchanged)
    if unchanged.getvalue() != text:
        raise ValueError("the file's layout would not survive a round trip (indentation or line breaks differ)")
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_block(pairs: dict[str, Any]) -> Any:
    """A mapping to insert into round-trip data, written in block style."""
    from ruamel.yaml.comments import CommentedMap

    block = CommentedMap(pairs)
    block.fa.set_block_style()
    return block
