"""Where each part of a plan stands in its file: line and column by path, kept packed until a position is asked for."""

from __future__ import annotations

import marshal
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendplan.yamlio import Document, Path

_SHIFT = 32  # line << 32 | column: one int per place instead of a tuple of two
_KEEP = 16  # how many files' indexes stay unpacked at once: problems and rows come file by file


class Positions:
    """The line and column of every value (and of the key holding it) in one file.

    A national set has about two million located places; held as dicts of tuples they took more memory than the
    plans. Here they are grouped by top-level entry (an action with its steps, the plan block), each group a
    marshalled string, and the groups one compressed string per file. A lookup unpacks the file's index of groups
    (kept for the last few files asked about) and the one group the path is in.
    """

    __slots__ = ("_packed", "_groups")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._groups: tuple[dict[Path, bytes], dict[Path, tuple[dict[Path, int], dict[Path, int]]]] | None = None

    @classmethod
    def of(cls, doc: Document) -> Positions:
        """Pack the positions of a located document (fastyaml's come grouped already)."""
        groups = getattr(doc, "groups", None)
        if groups is None:
            groups = _grouped(doc)
        packed = {group: marshal.dumps(entry) for group, entry in groups.items()}
        positions = cls(zlib.compress(marshal.dumps(packed), 1))
        positions._opened(packed)  # the checks that follow ask about this file first: no need to unpack it again
        return positions

    def __reduce__(self) -> tuple[type[Positions], tuple[bytes]]:
        return Positions, (self._packed,)

    def get(self, path: Path, key: bool = False) -> tuple[int, int] | None:
        """Line and column of the value at `path` (of its key, when `key`), or None when not located."""
        group = _group(path)
        opened = self._unpacked()[1]
        tables = opened.get(group)
        if tables is None:
            packed_group = self._unpacked()[0].get(group)
            if packed_group is None:
                return None
            suffixes, where, keys = marshal.loads(packed_group)
            tables = opened[group] = (dict(zip(suffixes, where, strict=True)), dict(zip(suffixes, keys, strict=True)))
        packed = tables[1 if key else 0].get(path[len(group) :])
        if not packed:
            return None
        return packed >> _SHIFT, packed & ((1 << _SHIFT) - 1)

    def _unpacked(self) -> tuple[dict[Path, bytes], dict[Path, tuple[dict[Path, int], dict[Path, int]]]]:
        """The file's groups, packed, and those unpacked so far."""
        if self._groups is None:
            self._opened(marshal.loads(zlib.decompress(self._packed)))
        assert self._groups is not None
        return self._groups

    def _opened(self, groups: dict[Path, bytes]) -> None:
        """Keep the file's index of groups unpacked, among the last few files'."""
        self._groups = (groups, {})
        _RECENT.append(self)
        if len(_RECENT) > _KEEP:
            _RECENT.pop(0)._groups = None


def _group(path: Path) -> Path:
    """The top-level entry a path lies in: ("actions", 3) for an action and its steps, ("plan",) for the plan block."""
    if len(path) >= 2 and type(path[1]) is int:
        return path[:2]
    return path[:1]


def _grouped(doc: Document) -> dict[Path, tuple[list[Path], list[int], list[int]]]:
    """The places of a document's `where` and `key_where`, grouped by top-level entry: per group, the paths within
    it, their places and their keys' places (0 for none), each place one int."""
    groups: dict[Path, tuple[list[Path], list[int], list[int]]] = {}
    key_where = doc.key_where
    find_key = key_where.get
    # The keys come in the order of their values, each path often the same object as its value's: walked
    # alongside, most keys are found without hashing their path; any other is looked up.
    keyed = iter(key_where.items())
    next_path, next_key = next(keyed, (None, (0, 0)))
    last: Path | None = None
    suffixes: list[Path] = []
    places: list[int] = []
    keys: list[int] = []
    for path, (line, col) in doc.where.items():  # a loop per located place: written out, no helpers
        cut = 2 if len(path) >= 2 and type(path[1]) is int else 1
        group = path[:cut]
        if group != last:  # the places of one entry come together: its lists are looked up once
            last = group
            entry = groups.get(group)
            if entry is None:
                entry = groups[group] = ([], [], [])
            suffixes, places, keys = entry
        suffixes.append(path[cut:])
        places.append(line << _SHIFT | col)
        if path is next_path:
            keys.append(next_key[0] << _SHIFT | next_key[1])
            next_path, next_key = next(keyed, (None, (0, 0)))
        else:
            key = find_key(path)
            keys.append(key[0] << _SHIFT | key[1] if key else 0)
    return groups


_RECENT: list[Positions] = []
