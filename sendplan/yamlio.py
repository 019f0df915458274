"""The only module that touches ruamel.yaml: YAML text -> plain data with the line and column of every node."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML, events
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sendplan.problems import Problem

Path = tuple[str | int, ...]

MAX_BYTES = 4 * 1024 * 1024  # a real plan is under 200 kB; national sets are many files, not one huge one
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
    """Read YAML text into a located Document; every problem is returned, none is raised."""
    problems: list[Problem] = []
    doc = Document(comments=comments_of(text))
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        problems.append(
            Problem(filename, 1, 1, "SP009", "the file is empty", "start from a plan in plans/ or docs/plan-format.md")
        )
        return doc, problems
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
    return doc, problems


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


_HINTS = [
    ("'\\t'", "indent with spaces, not tabs; set your editor to insert spaces in YAML files"),
    ("mapping values are not allowed", "text containing ': ' must be quoted: put the whole text in double quotes"),
    ("could not find expected ':'", "each line of a block is 'key: value'; check the indentation and quotes"),
    ("did not find expected key", "check the indentation: keys of one block start in the same column"),
    ("did not find expected '-'", "list items start with '- ' in the same column"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found undefined alias", "write the value out in full: aliases (*name) are not used in plans"),
    ("found character '@'", "text starting with @ or ` must be quoted"),
    ("found character '`'", "text starting with @ or ` must be quoted"),
    ("unacceptable character", "the file holds bytes that are not text: save it as UTF-8 text"),
    ("control characters are not allowed", "the file holds bytes that are not text: save it as UTF-8 text"),
]


def _syntax_problem(error: MarkedYAMLError, filename: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(str(part) for part in (error.context, error.problem) if part)
    what = re.sub(r"\s+", " ", what).strip()
    hint = next((h for needle, h in _HINTS if needle in what), "check the indentation and quoting around this place")
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in what:
        return Problem(filename, line, 1, "SP002", "a tab is used for indentation", _HINTS[0][1])
    return Problem(filename, line, col, "SP001", f"YAML syntax error: {what}", hint)


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
        if tag and tag not in ("!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            self._problem(
                event.start_mark,
                "SP005",
                f"tag {tag.replace(_COLON, ':')} is not allowed in a plan",
                "delete the tag; plans hold plain text, lists and keys",
            )
            tag = None
        if kind is events.ScalarEvent:
            self._scalar(event, tag)
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

    def _scalar(self, event: Any, tag: str | None) -> None:
        text = event.value
        if _COLON in text:
            text = text.replace(_COLON, ":")
        stack = self.stack
        if stack:
            top = stack[-1]
            if top[2] is None and type(top[0]) is dict:  # a key
                if text in top[0]:
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
        try:
            number = Number(int(text, 0) if _INT.match(text) and not text.lstrip("+-").startswith("0") else float(text))
        except ValueError:  # "0123": YAML 1.2 reads a decimal 123; keep it a number and the text for the message
            number = Number(float(text.lstrip("+-").lstrip("0") or "0"))
        number.text = text
        return number
    return text


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
