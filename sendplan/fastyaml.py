"""The fast path for plain block YAML: the common shape of a plan read straight from its lines, or None."""

from __future__ import annotations

import re
from typing import Any

from sendplan.positions import _SHIFT
from sendplan.yamlio import _COMPACT, _NESTED_FLOW, MAX_DEPTH, Document, Number, Path, _resolve, too_deep

Group = tuple[list[Path], list[int], list[int]]  # the paths within a top-level entry, their places, their keys'
Groups = dict[Path, Group]
_MASK = (1 << _SHIFT) - 1

# Anything this reader is not certain to read exactly as libyaml and the builder would make it gives up: tabs,
# carriage returns, control characters, YAML 1.1's other line breaks (NEL, LS, PS), a byte-order mark and the
# stand-in for ':' (yamlio._COLON). Only text that str.isprintable() refuses is searched for them.
_REFUSE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue001-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_MARKERS = ("%", "---", "...")  # a directive, a document start or end, at the start of a line
# Characters that may not open a plain scalar, or open something this reader leaves to the parser.
_NOT_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_VALUE_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")  # a value opening with one of these is not read inline
_SPECIAL_START = frozenset("~nNtTfF0123456789+-.")  # only these can resolve to anything but text (yamlio)
_NUMBER_START = frozenset("0123456789+-.")  # the rest of _SPECIAL_START resolves only the null and bool words
_WORDS = frozenset(["~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"])
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#]*")
# A flow list of words that start with a letter, hold only letters, digits and ._- and are parted by ", ": each
# is text as written (none resolves to a number; the null and bool words are checked apart).
_WORDS_LIST = re.compile(r"[A-Za-z][A-Za-z0-9._-]*(?:, [A-Za-z][A-Za-z0-9._-]*)*")
_WORD_COLON = re.compile(r"(?<=[^\s\"'\]}]):(?=[^\s,\[\]{}])")  # the colons yamlio._protect_colons hides
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "/": "/"}
_MAX_LEVELS = MAX_DEPTH // 2  # far below the limit: a deeper file is the builder's to read or refuse
_MAX_KEY = 1000  # libyaml refuses a key over 1024 characters
_COMMENT = re.compile(r"(?:^|\s)#(.*)$")  # as yamlio.comments_of reads a line


class _GiveUp(Exception):
    """Raised inside the reader for anything it is not certain of."""


def read_block_yaml(text: str) -> Document | None:
    """The located Document of `text` when it is plain block YAML this reader is sure of, else None.

    The result (data, where, key_where, raw and comments) is the one yamlio.read_yaml makes from libyaml's events,
    and such a file has no problems: not empty, no directive, no tab, not too deep. Anything else (flow mappings,
    anchors, tags, documents, duplicate or empty keys, odd indentation, multi-line quotes, text on the line after
    its key ...) gives None, and the parser reads it.
    """
    if not text.replace("\n", "").isprintable() and _REFUSE.search(text):
        return None
    if text.startswith(_MARKERS) or "\n%" in text or "\n---" in text or "\n..." in text:
        return None
    try:
        reader = _Reader(text)
        doc = reader.read()
    except (_GiveUp, IndexError):
        return None
    if doc is None or not reader.shallow(text):
        return None
    doc.comments = comments(text)
    return doc


def comments(text: str) -> dict[int, str]:
    """yamlio.comments_of for text whose only line break is \\n, visiting only the lines holding a '#'."""
    found: dict[int, str] = {}
    at = text.find("#")
    number = 1
    counted = 0  # the line start `number` was counted up to
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        number += text.count("\n", counted, start)
        counted = start
        line = text[start:end]
        match = _COMMENT.search(line)
        if match and ("'" not in line[: match.start()] and '"' not in line[: match.start()] or match.start() == 0):
            found[number] = match.group(1).strip()
        at = text.find("#", end)
    return found


class FastDocument(Document):
    """A Document from the fast reader, its places held as Positions packs them: `groups` maps each top-level entry
    (("actions", 3), ("plan",) ...) to the paths within it, their places and their keys' places, each place one int
    (line << 32 | column). `where` and `key_where` are made from the groups when first asked for: only a file with
    schema errors, or one being edited, needs them, and a file read for checking gives its positions straight to
    Positions.of without a dict of paths being built and walked again (about a fifth of reading a file)."""

    def __init__(self) -> None:  # not Document's: where and key_where are made on first use (__getattr__)
        self.data: Any = None
        self.raw: dict[Path, str] = {}
        self.comments: dict[int, str] = {}
        self.groups: Groups = {}

    def __getattr__(self, name: str) -> Any:
        if name not in ("where", "key_where"):
            raise AttributeError(name)
        where: dict[Path, tuple[int, int]] = {}
        key_where: dict[Path, tuple[int, int]] = {}
        for group, (suffixes, places, keys) in self.__dict__["groups"].items():
            for suffix, place, key in zip(suffixes, places, keys, strict=True):
                path = group + suffix
                where[path] = (place >> _SHIFT, place & _MASK)
                if key:
                    key_where[path] = (key >> _SHIFT, key & _MASK)
        self.where = where
        self.key_where = key_where
        return where if name == "where" else key_where


class _Reader:
    """One pass over the lines, with a stack of the open blocks.

    Each open block is [column, container, path, is a mapping, suffixes, places, keys, suffix]: the last four are
    the lists of the group its children's places join and its own path within that group, or (None, None, None, ())
    for the root and a top-level list, whose children each begin a group of their own (positions._group)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.ends_in_newline = text.endswith("\n")
        self.doc = FastDocument()
        self.groups = self.doc.groups
        self.cols: set[int] = set()  # the indentation of every line holding a non-space (too_deep's quick answer)
        self.blocks = 0  # block scalars read
        self.flows = 0  # flow lists read

    def shallow(self, text: str) -> bool:
        """True when yamlio.too_deep finds nothing: its quick answer, from what the reading saw, else its own."""
        if len(text) < 2 * MAX_DEPTH:
            return True
        quick = 2 * len(self.cols) + 1 <= MAX_DEPTH
        # Every '[' opened a flow list of words closed on its line, so no bracket opens inside another; and the
        # lines read hold no "- - " (it gives up on those), except perhaps inside a block scalar.
        if quick and ("{" in text or text.count("[") != self.flows) and _NESTED_FLOW.search(text):
            quick = False
        if quick and self.blocks and _COMPACT.search(text):
            quick = False
        return quick or too_deep(text) is None

    def read(self) -> Document | None:
        """Read every line; the Document, or None for a file of comments and blank lines."""
        lines = self.lines
        count = len(lines)
        doc = self.doc
        raw = doc.raw
        cols = self.cols
        not_plain = _NOT_PLAIN
        value_start = _VALUE_START
        special = _SPECIAL_START
        numeric = _NUMBER_START
        words = _WORDS
        shift = _SHIFT
        stack: list[list[Any]] = []  # the open blocks (see the class)
        top: list[Any] = []
        # The innermost open block, unpacked: its column, container, path, whether it is a mapping, and the group
        # its children's places join (suffixes, places, keys: None when each begins its own) with its own suffix.
        top_col: int = -1
        container: Any = None
        top_path: Path = ()
        is_map = False
        suffixes: Any = None
        places: Any = None
        keys: Any = None
        suffix: Path = ()
        # A key or item with nothing after it on its line: (its block, key or None, the key's place or 0, the
        # empty value's place). An empty value reads as "" (libyaml's empty plain scalar, not null).
        pending: tuple[list[Any], str | None, int, int] | None = None
        # The plain scalar just read, which more-indented lines continue: (its block, key or index, text, next line)
        last: tuple[list[Any], str | int, str, int] | None = None
        last_col = -1
        comment = False  # a comment line since the last value
        index = 0
        while index < count:
            line = lines[index]
            index += 1
            stripped = line.lstrip(" ")
            if not stripped:
                continue
            col = len(line) - len(stripped)
            if col != last_col:
                cols.add(col)
                last_col = col
            first = stripped[0]
            if first == "#":
                comment = True
                continue
            dash = first == "-" and (len(stripped) == 1 or stripped[1] == " ")
            if pending is not None:
                block, key, key_place, place = pending
                pending = None
                at: str | int = len(block[1]) if key is None else key
                if col > block[0] or (col == block[0] and dash and block[3]):
                    if len(stack) >= _MAX_LEVELS:
                        raise _GiveUp
                    value: Any = [] if dash else {}
                    if key is None:
                        block[1].append(value)
                    else:
                        block[1][key] = value
                    top = self._opened(block, at, value, index << _SHIFT | col + 1, key_place, col, not dash)
                    stack.append(top)
                    top_col, container, top_path, is_map, suffixes, places, keys, suffix = top
                else:
                    if key is None:
                        block[1].append("")
                    else:
                        block[1][key] = ""
                    self._put(block, at, place, key_place)
            elif not stack:
                if self.groups:
                    raise _GiveUp  # more after the root node
                value = [] if dash else {}
                doc.data = value
                self._begin((), index << _SHIFT | col + 1, 0)
                top = [col, value, (), not dash, None, None, None, ()]
                stack.append(top)
                top_col, container, top_path, is_map, suffixes, places, keys, suffix = top
            elif col > top_col:
                if last is None or last[0] is not top or comment:
                    raise _GiveUp
                index = self._continued(last, index)
                last = None
                continue
            if col != top_col or (not dash and not is_map):
                while stack and (col < stack[-1][0] or (col == stack[-1][0] and not dash and not stack[-1][3])):
                    stack.pop()
                if not stack:
                    raise _GiveUp
                top = stack[-1]
                top_col, container, top_path, is_map, suffixes, places, keys, suffix = top
                if top_col != col:
                    raise _GiveUp
            last = None
            comment = False
            if not is_map:  # an item of a list
                if not dash:
                    raise _GiveUp
                content = stripped[1:].lstrip(" ")
                number = len(container)
                if not content or content[0] == "#":
                    pending = (top, None, 0, index << _SHIFT | col + 2)
                    continue
                item_col = col + len(stripped) - len(content)  # the item's column
                if not _is_key_line(content):
                    group, item_suffix = self._put(top, number, index << _SHIFT | item_col + 1, 0)
                    value, index, plain = self._value(content, item_col, col, index, top, number, group, item_suffix)
                    container.append(value)
                    if plain is not None:
                        last = (top, number, plain, index)
                    continue
                if len(stack) >= _MAX_LEVELS:
                    raise _GiveUp
                value = {}
                container.append(value)
                top = self._opened(top, number, value, index << _SHIFT | item_col + 1, 0, item_col, True)
                stack.append(top)
                top_col, container, top_path, is_map, suffixes, places, keys, suffix = top
                stripped, col, first, dash = content, item_col, content[0], False  # the rest of the line: a key line
            elif dash:
                raise _GiveUp
            # The common line, "key: plain text", read here; every other key line by _key.
            colon = stripped.find(": ")
            if colon > 0 and first not in not_plain and "#" not in stripped:
                key = stripped[:colon]
                text = stripped[colon + 2 :]
                if text and key[-1] not in " :" and ": " not in text:
                    if key in container or colon > _MAX_KEY:
                        raise _GiveUp
                    start = text[0]
                    if start not in value_start:
                        if text[-1] == " ":
                            text = text.rstrip(" ")
                        if text[-1] == ":":
                            raise _GiveUp
                        row = index << shift
                        if suffixes is not None:
                            suffixes.append(suffix + (key,))
                            places.append(row | col + colon + 3)
                            keys.append(row | col + 1)
                        else:
                            self._put(top, key, row | col + colon + 3, row | col + 1)
                        if start in special and (start in numeric or text in words):
                            value = _resolve(text)
                            if type(value) is Number:
                                raw[top_path + (key,)] = text
                            container[key] = value
                        else:
                            container[key] = text
                        last = (top, key, text, index)
                        continue
                    if start == '"' and text[-1] == '"' and text.count('"') == 2 and "\\" not in text:
                        self._put(top, key, index << _SHIFT | col + colon + 3, index << _SHIFT | col + 1)
                        container[key] = text[1:-1]
                        continue
                    if start == "[":
                        group, list_suffix = self._put(
                            top, key, index << _SHIFT | col + colon + 3, index << _SHIFT | col + 1
                        )
                        container[key] = self._flow(text, col + colon + 2, index, top, key, group, list_suffix)
                        continue
            elif stripped[-1] == ":" and first not in not_plain and "#" not in stripped:
                key = stripped[:-1]
                if key and key[-1] not in " :" and ": " not in key:
                    if key in container or len(key) > _MAX_KEY:
                        raise _GiveUp
                    pending = (top, key, index << _SHIFT | col + 1, index << _SHIFT | col + len(stripped) + 1)
                    continue
            index, pending, last = self._key(top, stripped, col, index)
        if pending is not None:
            block, key, key_place, place = pending
            at = len(block[1]) if key is None else key
            if key is None:
                block[1].append("")
            else:
                block[1][key] = ""
            self._put(block, at, place, key_place)
        return doc if self.groups else None

    def _begin(self, group: Path, place: int, key: int) -> Group:
        """A new group, holding the place of the value at its own path (suffix ()) and of its key."""
        if group in self.groups:
            raise _GiveUp  # never: each path is placed once (duplicate keys give up before)
        lists: Group = ([()], [place], [key])
        self.groups[group] = lists
        return lists

    def _put(self, block: list[Any], at: str | int, place: int, key: int) -> tuple[Group, Path]:
        """Place the value of `block`'s key or item `at` (and its key's place, or 0): its group and suffix."""
        suffixes = block[4]
        if suffixes is None:
            return self._begin(block[2] + (at,), place, key), ()
        suffix = block[7] + (at,)
        suffixes.append(suffix)
        block[5].append(place)
        block[6].append(key)
        return (suffixes, block[5], block[6]), suffix

    def _opened(
        self, block: list[Any], at: str | int, value: Any, place: int, key: int, col: int, is_map: bool
    ) -> list[Any]:
        """Place a block (mapping or list) opened as `block`'s key or item `at`: the stack entry for it."""
        path = block[2] + (at,)
        group, suffix = self._put(block, at, place, key)
        if len(path) == 1 and not is_map:  # a top-level list: each of its items is a group of its own
            return [col, value, path, is_map, None, None, None, ()]
        return [col, value, path, is_map, *group, suffix]

    def _key(self, top: list[Any], content: str, col: int, index: int) -> tuple[int, Any, Any]:
        """A 'key: value' line in the mapping `top` (the key at column `col`): (next line index, a pending empty
        value, the plain scalar read)."""
        first = content[0]
        if first == '"' or first == "'":
            key, colon = _quoted(content, 0)
            if content[colon : colon + 1] != ":":
                raise _GiveUp
        else:
            if first in _NOT_PLAIN:
                raise _GiveUp
            colon = content.find(": ")
            if colon < 0:
                if not content.endswith(":"):
                    raise _GiveUp
                colon = len(content) - 1  # "key:" at the end of the line
            key = content[:colon].rstrip(" ")
            if " #" in key or key.endswith(":"):
                raise _GiveUp
        container = top[1]
        if not key or key in container or colon > _MAX_KEY:
            raise _GiveUp
        key_place = index << _SHIFT | col + 1
        rest = content[colon + 1 :]
        text = rest.lstrip(" ")
        if not text or text[0] == "#":
            if text and not rest.startswith(" "):
                raise _GiveUp
            return index, (top, key, key_place, index << _SHIFT | col + colon + 2), None
        if rest[0] != " ":
            raise _GiveUp
        at = col + len(content) - len(text)
        group, suffix = self._put(top, key, index << _SHIFT | at + 1, key_place)
        value, index, plain = self._value(text, at, top[0], index, top, key, group, suffix)
        container[key] = value
        return index, None, (top, key, plain, index) if plain is not None else None

    def _value(
        self,
        text: str,
        at: int,
        block_col: int,
        index: int,
        block: list[Any],
        name: str | int,
        group: Group,
        suffix: Path,
    ) -> tuple[Any, int, Any]:
        """A value on its key's or item's line from column `at` (`block`'s key or item `name`, placed already in
        `group` at `suffix`): (value, next line, its text if plain and open to continuation lines)."""
        first = text[0]
        value: Any
        if first == '"' or first == "'":
            value, end = _quoted(text, 0)
            _comment_only(text[end:])
            return value, index, None
        if first == "[":
            return self._flow(text, at, index, block, name, group, suffix), index, None
        if first == "|" or first == ">":
            value, index = self._block_scalar(text, block_col, index)
            return value, index, None
        if first in _NOT_PLAIN and (first not in "-?:" or text[1:2] in ("", " ")):
            raise _GiveUp
        hash_at = text.find(" #")
        if hash_at >= 0:
            text = text[:hash_at]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _GiveUp
        value = text
        if first in _NUMBER_START or text in _WORDS:
            value = _resolve(text)
            if type(value) is Number:
                self.doc.raw[block[2] + (name,)] = text
        return value, index, text if hash_at < 0 else None

    def _continued(self, last: tuple[list[Any], str | int, str, int], index: int) -> int:
        """Fold the lines indented past its block into the plain scalar `last`: the line index to go on from."""
        block, name, text, scan = last
        lines = self.lines
        count = len(lines)
        cols = self.cols
        block_col = block[0]
        parts = [text]
        blank = 0
        while scan < count:
            line = lines[scan]
            stripped = line.strip(" ")
            if not stripped:
                blank += 1
                scan += 1
                continue
            col = len(line) - len(line.lstrip(" "))
            if col <= block_col:
                break
            cols.add(col)
            if stripped[0] in _NOT_PLAIN or ": " in stripped or " #" in stripped or stripped.endswith(":"):
                raise _GiveUp
            parts.append("\n" * blank if blank else " ")
            parts.append(stripped)
            blank = 0
            scan += 1
            index = scan
        text = "".join(parts)
        value: Any = text
        raw = self.doc.raw
        path = block[2] + (name,)
        raw.pop(path, None)
        if text[0] in _NUMBER_START or text in _WORDS:
            value = _resolve(text)
            if type(value) is Number:
                raw[path] = text
        block[1][name] = value
        return index

    def _flow(
        self, text: str, at: int, line: int, block: list[Any], name: str | int, group: Group, suffix: Path
    ) -> list[Any]:
        """A one-line flow list of plain or quoted words, starting at column `at` of line `line`: `block`'s key or
        item `name`, placed already in `group` at `suffix`."""
        self.flows += 1
        # The items' places: in the list's group, or (a top-level list) each in a group of its own.
        alone = not block[2]
        base = (name,)
        suffixes, places, keys = group
        if text[-1] == "]" and _WORDS_LIST.fullmatch(text, 1, len(text) - 1):  # "[SEF]", "[AFI1, AFI2]": text only
            words = text[1:-1].split(", ")
            if _WORDS.isdisjoint(words):  # no null, true or false among them (those are resolved below)
                pos = at + 2
                for number, word in enumerate(words):
                    if alone:
                        self._begin(base + (number,), line << _SHIFT | pos, 0)
                    else:
                        suffixes.append(suffix + (number,))
                        places.append(line << _SHIFT | pos)
                        keys.append(0)
                    pos += len(word) + 2
                return words
        items: list[Any] = []
        pos = 1
        length = len(text)
        while True:
            while pos < length and text[pos] == " ":
                pos += 1
            if pos >= length:
                raise _GiveUp
            char = text[pos]
            if char == "]" and not items:
                pos += 1
                break
            number = len(items)
            if char == '"' or char == "'":
                value, end = _quoted(text, pos)
            else:
                match = _FLOW_ITEM.match(text, pos)
                if match is None:
                    raise _GiveUp
                word = match.group().rstrip(" ")
                end = match.end()
                if ":" in word and (
                    word.endswith(":") or ": " in word or len(_WORD_COLON.findall(word)) != word.count(":")
                ):
                    raise _GiveUp
                if " #" in word:
                    raise _GiveUp
                value = word
                if word[0] in _NUMBER_START or word in _WORDS:
                    value = _resolve(word)
                    if type(value) is Number:
                        self.doc.raw[block[2] + (name, number)] = word
            items.append(value)
            if alone:
                self._begin(base + (number,), line << _SHIFT | at + pos + 1, 0)
            else:
                suffixes.append(suffix + (number,))
                places.append(line << _SHIFT | at + pos + 1)
                keys.append(0)
            pos = end
            while pos < length and text[pos] == " ":
                pos += 1
            if pos >= length:
                raise _GiveUp
            if text[pos] == ",":
                pos += 1
                continue
            if text[pos] == "]":
                pos += 1
                break
            raise _GiveUp
        _comment_only(text[pos:])
        return items

    def _block_scalar(self, text: str, block_col: int, index: int) -> tuple[str, int]:
        """A literal (|) or folded (>) block scalar, clipped or stripped: its text and the next line index."""
        self.blocks += 1
        header = text[:2] if text[1:2] == "-" else text[:1]
        _comment_only(text[len(header) :])
        lines = self.lines
        count = len(lines)
        cols = self.cols
        scan = index
        indent = -1
        leading = 0
        while scan < count:
            line = lines[scan]
            stripped = line.lstrip(" ")
            if stripped:
                indent = len(line) - len(stripped)
                break
            leading = max(leading, len(line))
            scan += 1
        if indent <= block_col or leading > indent:
            raise _GiveUp
        body: list[str] = []
        blanks: list[int] = []  # the blank lines before each line of text
        blank = scan - index
        while scan < count:
            line = lines[scan]
            stripped = line.lstrip(" ")
            if not stripped:
                if len(line) > indent:
                    raise _GiveUp
                blank += 1
                scan += 1
                continue
            if len(line) - len(stripped) < indent:
                break
            cols.add(len(line) - len(stripped))
            body.append(line[indent:])
            blanks.append(blank)
            blank = 0
            scan += 1
        if scan >= count - 1 and not self.ends_in_newline:
            raise _GiveUp  # the last line has no line break: the chomping is left to the parser
        out = ["\n" * blanks[0] + body[0]]
        if header[0] == "|":
            for lead, part in zip(blanks[1:], body[1:], strict=True):
                out.append("\n" * (lead + 1) + part)
        else:
            if any(part[0] == " " or part[-1] == " " for part in body):
                raise _GiveUp  # more-indented lines keep their line breaks, and trailing spaces: left to the parser
            for lead, part in zip(blanks[1:], body[1:], strict=True):
                out.append(("\n" * lead if lead else " ") + part)
        value = "".join(out)
        if len(header) == 1:
            value += "\n"
        return value, scan


def _is_key_line(content: str) -> bool:
    """True when a list item's text is 'key: ...' (a mapping), not a scalar."""
    if content[0] in "\"'":
        end = _quoted(content, 0)[1]
        return content[end : end + 1] == ":"
    hash_at = content.find(" #")
    body = (content if hash_at < 0 else content[:hash_at]).rstrip(" ")
    return ": " in body or body.endswith(":")


def _comment_only(rest: str) -> None:
    """Give up unless `rest` (after a value) is spaces and at most a comment after a space."""
    if not rest:
        return
    stripped = rest.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == rest):
        raise _GiveUp


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted scalar closed on its line: (its value, the index after the closing quote)."""
    quote = text[start]
    if quote == "'":
        parts = []
        pos = start + 1
        while True:
            end = text.find("'", pos)
            if end < 0:
                raise _GiveUp
            parts.append(text[pos:end])
            if text[end + 1 : end + 2] == "'":
                parts.append("'")
                pos = end + 2
                continue
            return "".join(parts), end + 1
    end = text.find('"', start + 1)
    if end < 0:
        raise _GiveUp
    body = text[start + 1 : end]
    if "\\" not in body:
        return body, end + 1
    parts = []
    pos = start + 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == '"':
            return "".join(parts), pos + 1
        if char == "\\":
            escaped = _ESCAPES.get(text[pos + 1 : pos + 2])
            if escaped is None:
                raise _GiveUp
            parts.append(escaped)
            pos += 2
            continue
        parts.append(char)
        pos += 1
    raise _GiveUp
