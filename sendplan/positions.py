"""Where each part of a plan stands in its file: line and column by path, kept packed until a position is asked for."""

from __future__ import annotations

import marshal
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendplan.yamlio import Document, Path

_SHIFT = 32  # line << 32 | column: one int per place instead of a tuple of two
_KEEP = 8  # how many files' tables stay unpacked at once: problems and rows come file by file


class Positions:
    """The line and column of every value (and of the key holding it) in one file.

    A national set has about two million located places; held as dicts of tuples they took more memory than the
    plans. Here they stay one compressed string per file, unpacked for the few files whose positions are asked for
    (a problem to report, a row to print), and packed again when other files are asked about.
    """

    __slots__ = ("_packed", "_tables")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._tables: tuple[dict[Path, int], dict[Path, int]] | None = None

    @classmethod
    def of(cls, doc: Document) -> Positions:
        """Pack the positions of a located document."""
        paths = list(doc.where)
        where = [line << _SHIFT | col for line, col in doc.where.values()]
        key_where = doc.key_where
        keys = [line << _SHIFT | col for line, col in (key_where.get(path, (0, 0)) for path in paths)]
        return cls(zlib.compress(marshal.dumps((paths, where, keys)), 1))

    def __reduce__(self) -> tuple[type[Positions], tuple[bytes]]:
        return Positions, (self._packed,)

    def get(self, path: Path, key: bool = False) -> tuple[int, int] | None:
        """Line and column of the value at `path` (of its key, when `key`), or None when not located."""
        packed = self._unpacked()[1 if key else 0].get(path)
        if not packed:
            return None
        return packed >> _SHIFT, packed & ((1 << _SHIFT) - 1)

    def _unpacked(self) -> tuple[dict[Path, int], dict[Path, int]]:
        if self._tables is None:
            paths, where, keys = marshal.loads(zlib.decompress(self._packed))
            self._tables = (dict(zip(paths, where, strict=True)), dict(zip(paths, keys, strict=True)))
            _RECENT.append(self)
            if len(_RECENT) > _KEEP:
                _RECENT.pop(0)._tables = None
        return self._tables


_RECENT: list[Positions] = []
