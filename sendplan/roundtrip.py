"""Helpers for ruamel round-trip data: the blank lines and comments that follow a block move with the block's end."""

from __future__ import annotations

import copy
from typing import Any


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the lines after a block (blank lines, the next entry's heading comments): on the last
    key or item, as deep as the block goes. Returns (container, key or index, slot) or None."""
    found = None
    while isinstance(node, dict | list) and node:
        key = next(reversed(node)) if isinstance(node, dict) else len(node) - 1
        found = (node, key, 2 if isinstance(node, dict) else 0)
        node = node[key]
    return found


def take_tail(node: Any) -> Any:
    """Remove and return the lines that follow `node` (keeping the end-of-line comment of its last line)."""
    slot = _last_slot(node)
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
    slot = _last_slot(node)
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
