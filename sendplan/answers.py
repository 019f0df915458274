"""Whole answers of the list commands, kept in the cache by every file's contents and the question asked."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from sendplan.files import read_plan_bytes, walk_plan_files
from sendplan.listing import Listing, Row
from sendplan.problems import Problem, SendplanError

if TYPE_CHECKING:
    from sendplan.cache import Cache

Answer = tuple[Listing, list[Problem]]  # the list, and the problems of the files left out of it


def kept_answer(
    cache: Cache | None, paths: list[str], question: str, make: Callable[[], tuple[Answer, dict[str, str]]]
) -> Answer:
    """The answer for the plans under `paths`, from the cache when the same files, with the same contents, were
    asked the same `question` before: then no plan is read and the plan model is never imported. Otherwise
    `make` gives it (with the cache key of each file as it read it) and it is kept, when those are the keys
    it was looked for under (a file changed while it was read is not kept). `question` holds everything besides
    the files that changes the answer."""
    files, key = _key(cache, paths, question) if cache is not None else ({}, None)
    if cache is not None and key is not None:
        kept = cache.get(key)
        if _is_answer(kept):
            return kept
    answer, read = make()
    if cache is not None and key is not None and all(read.get(file) == k for file, k in files.items()):
        cache.put(key, pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
    return answer


def _key(cache: Cache, paths: list[str], question: str) -> tuple[dict[str, str], str | None]:
    """Each file's cache key and the answer's; no answer key when a path or file cannot be read (`make` then
    says so, in the order it always has) or a file is too large (the answer says so)."""
    try:
        found, skipped = walk_plan_files(paths)
        keys: dict[str, str] = {}
        for file in found:
            data = read_plan_bytes(file)
            if isinstance(data, Problem):
                return {}, None
            keys[file] = cache.key(file, data)
    except SendplanError:
        return {}, None
    # Each key names its file and is of one length, so the list reads one way only; the folders skipped count too.
    named = "\0".join(keys[file] for file in found)
    named += "\2" + "\0".join(f"{p.file}\1{p.code}\1{p.message}" for p in skipped) + "\2" + question
    return keys, cache.key("<answer>", named.encode("utf-8", "surrogatepass"))


def _is_answer(value: Any) -> TypeGuard[Answer]:
    """Whether an unpickled entry has the shape of an answer (a signed entry of an old layout might not)."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Listing)):
        return False
    listing, problems = value
    rows = [*listing.rows, *listing.undated, *listing.unreadable]
    return (
        all(isinstance(r, Row) for r in rows)
        and isinstance(problems, list)
        and all(isinstance(p, Problem) for p in problems)
    )
