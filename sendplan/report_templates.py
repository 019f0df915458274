"""Which templates a report was rendered from, read as Jinja reads them: a kept report is used only while every
template its rendering loaded still reads the same, and none it looked for and missed has appeared.

Nothing here imports Jinja, so a kept report is checked without it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
from pathlib import Path

Sources = tuple[tuple[str, str | None], ...]  # (template name, digest of what it resolves to, or None if nothing)


@functools.cache
def package_folder() -> str | None:
    """The folder of sendplan's own templates, as render/report.py's loader finds it (found once)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("sendplan.templates")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return os.path.join(list(spec.submodule_search_locations)[0], ".")
    checkout = Path(__file__).resolve().parents[1] / "templates"
    return str(checkout) if checkout.is_dir() else None


def _pieces(name: str) -> list[str] | None:
    """A template name's path pieces, as Jinja splits it; None for a name Jinja refuses (".." or a separator)."""
    pieces = []
    for piece in name.split("/"):
        if os.path.sep in piece or (os.path.altsep and os.path.altsep in piece) or piece == os.path.pardir:
            return None
        if piece and piece != ".":
            pieces.append(piece)
    return pieces


def resolve(name: str, folder: str | None) -> tuple[bool, bytes] | None:
    """What a template name loads: from the user's `folder` first (True), else sendplan's own (False), with the
    file's bytes; None when neither has it."""
    pieces = _pieces(name)
    if pieces is None:
        return None
    own = package_folder()
    for root, users in ((folder, True), (own, False)):
        if root is None:
            continue
        path = posixpath.join(root, *pieces)
        if not users:
            path = os.path.normpath(path)
        try:
            if os.path.isfile(path):
                return users, Path(path).read_bytes()
        except OSError:
            return None
    return None


def _digest(found: tuple[bool, bytes] | None) -> str | None:
    if found is None:
        return None
    return hashlib.blake2b(b"u" if found[0] else b"p", digest_size=20).hexdigest() + _hash(found[1])


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def recorded(loaded: dict[str, str | None], folder: str | None) -> Sources | None:
    """The sources of the templates a rendering loaded (name -> the text Jinja loaded, None when it found none),
    when each resolves here to the very text Jinja read; None when any does not (such a report is not kept)."""
    found: list[tuple[str, str | None]] = []
    for name, text in loaded.items():
        source = resolve(name, folder)
        if (source is None) != (text is None):
            return None
        if source is not None:
            try:
                ours = source[1].decode("utf-8")
            except UnicodeDecodeError:
                return None
            if source[0]:  # a folder loader reads text with universal newlines; the package loader reads bytes
                ours = ours.replace("\r\n", "\n").replace("\r", "\n")
            if ours != text:
                return None
        found.append((name, _digest(source)))
    return tuple(found)


def unchanged(folder: str | None, sources: Sources) -> bool:
    """Whether every template still resolves to what it did."""
    return all(_digest(resolve(name, folder)) == digest for name, digest in sources)


def library_stamp(modules: tuple[str, ...]) -> str:
    """The installed copies of the libraries that write the report (by their files' size and times, unimported):
    another version might write it otherwise."""
    from importlib.util import find_spec

    stamps = []
    for module in modules:
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            stamps.append(f"{module}\0{origin}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}")
        else:
            stamps.append(f"{module}\0-")
    return "\1".join(stamps)


@functools.cache
def package_stamp() -> str | None:
    """A digest of every one of sendplan's own templates (names and bytes), for what is kept of a rendering that
    rests on them; None when they cannot be read."""
    folder = package_folder()
    if folder is None:
        return None
    digest = hashlib.blake2b(digest_size=20)
    try:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith((".j2", ".css")) and entry.is_file():
                    digest.update(entry.name.encode() + b"\0" + _hash(Path(entry.path).read_bytes()).encode())
    except OSError:
        return None
    return digest.hexdigest()
