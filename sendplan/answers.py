"""Whole answers of the read commands, kept in the cache by every file's contents and the question asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from sendplan.files import file_keys, walk_plan_files
from sendplan.listing import Listing, Row
from sendplan.problems import Problem, SendplanError, problems_only

if TYPE_CHECKING:
    from sendplan.cache import Cache

Answer = tuple[Listing, list[Problem]]  # the list, and the problems of the files left out of it
Shown = tuple[
    str, list[Row], bool, list[Problem]
]  # a list as printed: text, rows undated as unreadable, any row?, left out
Made = tuple[Any, dict[str, str]]  # an answer, and the cache key of each file as it was read to make it


class Asked:
    """A question about the plans under `paths`, and where its answers are kept: by the cache key of each file as
    it is now and by `question`, which holds everything besides the files that changes the answer.

    There is no key without a cache, nor when a path or file cannot be read (the command then says so, in the
    order it always has) or a file is too large (the answer says so). A question may have several answers kept
    under it, one per `part` (the list itself, and the list as each format prints it)."""

    def __init__(self, cache: Cache | None, paths: list[str], question: str) -> None:
        self.cache = cache
        self.files: dict[str, str] = {}
        self.key: str | None = None
        if cache is not None:
            self.files, self.key = _key(cache, paths, question)

    def get(self, part: str, shape: Callable[[Any], bool]) -> Any | None:
        """The answer kept under `part`, when there is one of the right `shape` (a corrupt, foreign or old entry
        is never given)."""
        if self.cache is None or self.key is None:
            return None
        kept = self.cache.get(self._named(part))
        if kept is None or not shape(kept):
            return None
        self.cache.unheld.clear()  # answered: nothing is read
        return kept

    def put(self, part: str, value: Any, read: dict[str, str]) -> None:
        """Keep `value` under `part` when the files were read (`read`: file -> cache key) as they were keyed: an
        answer made from a file that changed while it was read is not kept (the reading takes the bytes this
        keyed, where the cache does not hold the file's reading, so only a file read again can differ). Made
        from no files (`read` empty: the answer rests on something besides them), it is not kept either."""
        if self.cache is None or self.key is None or not read:
            return
        if all(read.get(file) == key for file, key in self.files.items()):
            import pickle  # here: reading a kept answer needs only the cache's unpickler

            self.cache.put(self._named(part), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def answer(self, part: str, make: Callable[[], Made], shape: Callable[[Any], bool]) -> Made:
        """The answer under `part`, from the cache or else from `make` (and kept); with the keys of the files it
        stands for."""
        kept = self.get(part, shape)
        if kept is not None:
            return kept, self.files
        value, read = make()
        self.put(part, value, read)
        return value, read

    def _named(self, part: str) -> str:
        assert self.cache is not None and self.key is not None
        if not part:
            return self.key
        return self.cache.key("<part>", f"{self.key}\0{part}".encode("utf-8", "surrogatepass"))


def kept_listing(asked: Asked, how: str | None, make: Callable[[], Made], render: Callable[[Listing], str]) -> Shown:
    """The list as printed: kept whole under `how` (the format and everything else that changes the text), so
    a warm run neither unpickles the rows nor renders them again; else rendered from the kept list, or from
    `make`. With `how` None (a terminal in colour, whose text rests on the terminal) the text is not kept."""
    if how is not None:
        kept = asked.get(how, _is_shown)
        if kept is not None:
            return kept
    (listing, left_out), read = asked.answer("", make, _is_answer)
    shown: Shown = (render(listing), listing.unreadable, bool(listing.rows or listing.unreadable), left_out)
    if how is not None:
        asked.put(how, shown, read)
    return shown


def _key(cache: Cache, paths: list[str], question: str) -> tuple[dict[str, str], str | None]:
    """Each file's cache key and the answer's."""
    try:
        found, skipped = walk_plan_files(paths)
        keys = file_keys(found, cache.key, cache.unheld, lambda key: not cache.holds(key))
    except SendplanError:
        cache.unheld.clear()
        return {}, None
    if keys is None:
        cache.unheld.clear()
        return {}, None
    cache.keyed.update(keys)
    # Each key names its file and is of one length, so the list reads one way only; the folders skipped count too.
    named = "\0".join(keys.values())
    named += "\2" + "\0".join(f"{p.file}\1{p.code}\1{p.message}" for p in skipped) + "\2" + question
    return keys, cache.key("<answer>", named.encode("utf-8", "surrogatepass"))


def _is_answer(value: Any) -> TypeGuard[Answer]:
    """Whether an unpickled entry has the shape of an answer (a signed entry of an old layout might not)."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Listing)):
        return False
    listing, problems = value
    rows = [*listing.rows, *listing.undated, *listing.unreadable]
    return all(isinstance(r, Row) for r in rows) and problems_only(problems)


def _is_shown(value: Any) -> TypeGuard[Shown]:
    """Whether an unpickled entry has the shape of a printed list."""
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], list)
        and all(isinstance(r, Row) for r in value[1])
        and isinstance(value[2], bool)
        and problems_only(value[3])
    )
