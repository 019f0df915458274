"""The fast path for plain block YAML: the common shape of a plan read straight from its lines, or None."""

from __future__ import annotations

import re
from typing import Any

from sendplan.yamlio import MAX_DEPTH, Document, Number, Path, _resolve

# Anything this reader is not certain to read exactly as libyaml and the builder would: then it gives up.
# Tabs, carriage returns, control characters, YAML 1.1's other line breaks (NEL, LS, PS), a byte-order mark, the
# stand-in for ':' (yamlio._COLON), and lines opening a directive or a document marker.
_REFUSE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue001-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|^(?:%|---|\\.\\.\\.)",
    re.MULTILINE,
)
# Characters that may not open a plain scalar (or that open something this reader leaves to the parser).
_NOT_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SPECIAL_START = frozenset("~nNtTfF0123456789+-.")
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#]*")
_WORD_COLON = re.compile(r"(?<=[^\s\"'\]}]):(?=[^\s,\[\]{}])")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "/": "/"}
_MAX_LEVELS = MAX_DEPTH // 2  # far below the limit: too deep a file is the builder's to refuse, with its message
_MAX_KEY = 1000  # libyaml refuses a key over 1024 characters


class _GiveUp(Exception):
    """Raised inside the reader for anything it is not certain of."""


def read_block_yaml(text: str) -> Document | None:
    """The located Document of `text` when it is plain block YAML this reader is sure of, else None.

    Its result (data, where, key_where and raw; comments are the caller's) is the one the builder makes from
    libyaml's events, and such a file has no problems. Anything else (flow mappings, anchors, tags, several
    documents, duplicate or empty keys, odd indentation, multi-line quotes ...) gives None: the parser reads it.
    """
    if _REFUSE.search(text):
        return None
    try:
        return _Reader(text).read()
    except (_GiveUp, IndexError):
        return None


class _Reader:
    """One pass over the lines, with a stack of the open blocks."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.ends_in_newline = text.endswith("\n")
        self.doc = Document()

    def read(self) -> Document | None:
        lines = self.lines
        count = len(lines)
        doc = self.doc
        where = doc.where
        # An open block: [column, container, path, is a mapping]
        stack: list[list[Any]] = []
        # A key or item with nothing after it on its line: (its block, key or None, path, mark of the empty value)
        pending: tuple[list[Any], str | None, Path, tuple[int, int]] | None = None
        index = 0
        while index < count:
            line = lines[index]
            index += 1
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            col = len(line) - len(stripped)
            dash = stripped[0] == "-" and (len(stripped) == 1 or stripped[1] == " ")
            if pending is not None:
                top, key, path, mark = pending
                pending = None
                if col > top[0] or (col == top[0] and dash and top[3]):
                    if len(stack) >= _MAX_LEVELS:
                        raise _GiveUp
                    value: Any = [] if dash else {}
                    self._put(top, key, path, value, (index, col + 1))
                    stack.append([col, value, path, not dash])
                    if not dash:
                        if not self._is_key_line(stripped):
                            raise _GiveUp  # text on the line after its key: left to the parser
                        index, pending = self._key(stack[-1], stripped, col, index)
                        continue
                else:
                    self._put(top, key, path, None, mark)
            elif not stack:
                if where:
                    raise _GiveUp  # more after the root node
                value = [] if dash else {}
                doc.data = value
                where[()] = (index, col + 1)
                stack.append([col, value, (), not dash])
            while stack and (col < stack[-1][0] or (col == stack[-1][0] and not dash and not stack[-1][3])):
                stack.pop()
            if not stack:
                raise _GiveUp
            top = stack[-1]
            if top[0] != col:
                raise _GiveUp
            if not top[3]:
                if not dash:
                    raise _GiveUp
                index, pending = self._item(stack, top, stripped, col, index)
                continue
            if dash:
                raise _GiveUp
            index, pending = self._key(top, stripped, col, index)
        if pending is not None:
            top, key, path, mark = pending
            self._put(top, key, path, None, mark)
        return doc if where else None

    def _put(self, block: list[Any], key: str | None, path: Path, value: Any, mark: tuple[int, int]) -> None:
        """Store `value` at `path` in `block` (under `key` for a mapping)."""
        if key is None:
            block[1].append(value)
        else:
            block[1][key] = value
        self.doc.where[path] = mark

    def _item(self, stack: list[list[Any]], top: list[Any], stripped: str, col: int, index: int) -> tuple[int, Any]:
        """A '- ...' line in the list `top`: the line index to go on from, and a pending item if empty."""
        rest = stripped[1:]
        content = rest.lstrip(" ")
        at = col + len(stripped) - len(content)  # the item's column
        path = (*top[2], len(top[1]))
        if not content or content[0] == "#":
            if content and not rest.startswith(" "):
                raise _GiveUp
            return index, (top, None, path, (index, col + 2))
        if content[0] == "-" and (len(content) == 1 or content[1] == " "):
            raise _GiveUp  # "- - x": a list in a list on one line
        if self._is_key_line(content):
            if len(stack) >= _MAX_LEVELS:
                raise _GiveUp
            block: dict[str, Any] = {}
            self._put(top, None, path, block, (index, at + 1))
            stack.append([at, block, path, True])
            return self._key(stack[-1], content, at, index)
        value, mark, index = self._value(content, at, col, index, path)
        self._put(top, None, path, value, mark)
        return index, None

    @staticmethod
    def _is_key_line(content: str) -> bool:
        if content[0] in "\"'":
            end = _quoted(content, 0)[1]
            return content[end : end + 1] == ":"
        hash_at = content.find(" #")
        body = (content if hash_at < 0 else content[:hash_at]).rstrip(" ")
        return ": " in body or body.endswith(":")

    def _key(self, top: list[Any], content: str, col: int, index: int) -> tuple[int, Any]:
        """A 'key: value' line in the mapping `top` (content starts at column `col`)."""
        first = content[0]
        if first in "\"'":
            key, end = _quoted(content, 0)
            if content[end : end + 1] != ":":
                raise _GiveUp
            colon = end
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
        if not key or key in top[1] or colon > _MAX_KEY:
            raise _GiveUp
        path = (*top[2], key)
        self.doc.key_where[path] = (index, col + 1)
        rest = content[colon + 1 :]
        value_text = rest.lstrip(" ")
        if not value_text or value_text[0] == "#":
            if value_text and not rest.startswith(" "):
                raise _GiveUp
            return index, (top, key, path, (index, col + colon + 2))
        at = col + len(content) - len(value_text)
        value, mark, index = self._value(value_text, at, top[0], index, path)
        self._put(top, key, path, value, mark)
        return index, None

    def _value(self, text: str, at: int, block_col: int, index: int, path: Path) -> tuple[Any, tuple[int, int], int]:
        """A value that starts on its key's or item's line at column `at`: (value, mark, next line index)."""
        first = text[0]
        mark = (index, at + 1)
        if first == '"' or first == "'":
            value, end = _quoted(text, 0)
            _comment_only(text[end:])
            return value, mark, index
        if first == "[":
            return self._flow(text, at, index, path), mark, index
        if first == "|" or first == ">":
            value, index = self._block_scalar(text, block_col, index)
            return value, mark, index
        if first in _NOT_PLAIN and (first not in "-?:" or text[1:2] in ("", " ")):
            raise _GiveUp
        hash_at = text.find(" #")
        if hash_at >= 0:
            text = text[:hash_at]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _GiveUp
        lines = self.lines
        if index < len(lines):  # more lines indented past the block continue the text
            following = lines[index]
            if len(following) - len(following.lstrip(" ")) > block_col or not following.strip(" "):
                text, index = self._continued(text, block_col, index, hash_at >= 0)
        if text[:1] in _SPECIAL_START:
            value = _resolve(text)
            if type(value) is Number:
                self.doc.raw[path] = text
            return value, mark, index
        return text, mark, index

    def _continued(self, text: str, block_col: int, index: int, commented: bool) -> tuple[str, int]:
        """A plain scalar's text with its continuation lines folded in: the text and the next line index."""
        lines = self.lines
        count = len(lines)
        parts = [text]
        blank = 0
        scan = index
        while scan < count:
            line = lines[scan]
            stripped = line.strip(" ")
            if not stripped:
                blank += 1
                scan += 1
                continue
            if len(line) - len(line.lstrip(" ")) <= block_col:
                break
            if commented or stripped[0] in _NOT_PLAIN or ": " in stripped or " #" in stripped:
                raise _GiveUp
            if stripped.endswith(":"):
                raise _GiveUp
            parts.append("\n" * blank if blank else " ")
            parts.append(stripped)
            blank = 0
            scan += 1
            index = scan
        return "".join(parts), index

    def _flow(self, text: str, at: int, line: int, path: Path) -> list[Any]:
        """A one-line flow list of plain or quoted words, starting at column `at` of line `line`."""
        items: list[Any] = []
        where = self.doc.where
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
            item_path = (*path, len(items))
            if char == '"' or char == "'":
                value, end = _quoted(text, pos)
                items.append(value)
                where[item_path] = (line, at + pos + 1)
                pos = end
            else:
                match = _FLOW_ITEM.match(text, pos)
                if match is None:
                    raise _GiveUp
                word = match.group().rstrip(" ")
                end = match.end()
                if ":" in word:
                    if word.endswith(":") or ": " in word:
                        raise _GiveUp
                    if len(_WORD_COLON.findall(word)) != word.count(":"):
                        raise _GiveUp
                if " #" in word:
                    raise _GiveUp
                value = word
                if word[:1] in _SPECIAL_START:
                    value = _resolve(word)
                    if type(value) is Number:
                        self.doc.raw[item_path] = word
                items.append(value)
                where[item_path] = (line, at + pos + 1)
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
        header = text[:2] if text[1:2] == "-" else text[:1]
        _comment_only(text[len(header) :])
        lines = self.lines
        count = len(lines)
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
        blanks: list[int] = []  # blank lines before each body line
        blank = 0
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
            body.append(line[indent:])
            blanks.append(blank)
            blank = 0
            scan += 1
        if scan >= count - 1 and not self.ends_in_newline:
            raise _GiveUp  # the last line has no line break: leave the chomping to the parser
        if header[0] == "|":
            out = [("\n" * blanks[0]) + body[0]]
            for lead, part in zip(blanks[1:], body[1:], strict=True):
                out.append("\n" * (lead + 1) + part)
        else:
            if any(part[0] == " " for part in body):
                raise _GiveUp  # more-indented lines keep their breaks: left to the parser
            out = [("\n" * blanks[0]) + body[0]]
            for lead, part in zip(blanks[1:], body[1:], strict=True):
                out.append(("\n" * lead if lead else " ") + part)
        value = "".join(out)
        if len(header) == 1:
            value += "\n"
        return value, scan


def _comment_only(rest: str) -> None:
    """Give up unless `rest` (after a value) is spaces and at most a comment."""
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
