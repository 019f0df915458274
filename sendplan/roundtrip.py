"""Helpers for ruamel round-trip data: the blank lines and comments that follow a block move with the block's end."""

from __future__ import annotations

import copy
from typing import Any


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the lines after a block (blank lines, the next entry's heading comments): on the last
    key or item, as deep as the block goes. Returns (container, key or index, slot) or None."""
    found = None
    while isinstance(node, dict | list) and node and not _flow(node):
        key = next(reversed(node)) if isinstance(node, dict) else len(node) - 1
        found = (node, key, 2 if isinstance(node, dict) else 0)
        node = node[key]
    return found


def _flow(node: Any) -> bool:
    """A flow collection ([a, b] or {a: b}): the lines after it are kept on the key or item that holds it."""
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def slot_after(node: Any, key: Any) -> tuple[Any, Any, int]:
    """Where ruamel keeps the lines after the value of `key` in the mapping `node` (before the next key)."""
    value = node[key]
    if isinstance(value, dict | list) and value and not _flow(value):
        found = _last_slot(value)
        assert found is not None
        return found
    return (node, key, 2)


def take_tail(node: Any) -> Any:
    """Remove and return the lines that follow `node` (keeping the end-of-line comment of its last line)."""
    return take_tail_at(_last_slot(node))


def take_tail_at(slot: tuple[Any, Any, int] | None) -> Any:
    """Remove and return the lines kept at `slot` after its first line (see take_tail)."""
    if slot is None:
        return None
    container, key, position = slot
    entry = container.ca.items.get(key)
    token = entry[position] if entry and len(entry) > position else None
    if token is None or "\n" not in token.value[:-1]:
        return None
    cut = token.value.index("\n") + 1
    tail = copy.copy(token)
    tail.value = token.value[cut:]
    if token.value[: cut - 1].strip():
        token.value = token.value[:cut]
    else:
        entry[position] = None
    return tail


def give_tail(node: Any, tail: Any) -> None:
    """Put the lines taken by take_tail after the new last line of `node`."""
    give_tail_at(_last_slot(node), tail)


def give_tail_at(slot: tuple[Any, Any, int] | None, tail: Any) -> None:
    """Put lines taken by take_tail_at after the line that `slot` ends."""
    if tail is None or slot is None:
        return
    container, key, position = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    token = entry[position]
    if token is None:
        tail.value = "\n" + tail.value
        entry[position] = tail
    else:
        token.value = token.value.rstrip("\n") + "\n" + tail.value
