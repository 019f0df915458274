"""The content cache: each file's located plan and own problems, kept in .sendplan_cache/ by a hash of its bytes."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendplan.problems import Problem

try:  # BLAKE2 itself: hashlib and hmac would also load OpenSSL (2-3 ms of a warm run of 80)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
try:  # the C unpickler itself: the pickle module around it costs more to import than a warm answer takes to read
    from _pickle import Unpickler, UnpicklingError
except ImportError:  # pragma: no cover
    from pickle import Unpickler, UnpicklingError
try:
    from _operator import _compare_digest as compare_digest  # what hmac.compare_digest is, without OpenSSL
except ImportError:  # pragma: no cover
    from hmac import compare_digest  # type: ignore[no-redef]

FOLDER = ".sendplan_cache"
_MAGIC = b"sendplan-cache 2\n"  # entries of another layout are not ours: ignored and rebuilt
_SIGNATURE = 32  # bytes of keyed BLAKE2b (a MAC by design, as HMAC is) after the magic
_KEY_FILE = "key"
_OURS = frozenset({_KEY_FILE, "entries", ".gitignore", "CACHEDIR.TAG"})
# An entry no run has read or written for this long is removed, at most once a day, by a run that writes to the
# cache: old versions of edited plans and entries of an older sendplan would otherwise pile up for ever.
KEEP_DAYS = 30
_DAY = 24 * 60 * 60
# Entries sit in 16 folders by the first hex digit of their name: a folder made costs as much as an entry written
# (about 1 ms on the benchmark machine), and 256 of them cost a fifth of a cold run's writes at 450 plans.
_FAN = 1
_PRUNED = ".pruned"  # in entries/: its modification time is when the cache was last pruned
_GITIGNORE = "# Created by sendplan: nothing in this folder belongs in git.\n*\n"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# sendplan's cache: see https://bford.info/cachedir/\n"


class Cache:
    """Per-file results in a folder, each signed with a key kept in the folder and checked before it is read.

    An entry is written by sendplan alone: a pickle of (LoadedPlan | None, problems), behind a magic line and an
    HMAC of its key and body. A file that is truncated, corrupted, copied from another cache or written by
    anything else fails the check and is never unpickled; it is rebuilt from the plan file. Entries are written
    to a temporary file and renamed into place, so a concurrent run sees a whole entry or none.
    """

    def __init__(self, folder: Path, settings: bytes = b"") -> None:
        self.folder = folder
        self.fingerprint = _fingerprint(settings)
        self._secret: bytes | None = None
        self.writable = True
        self.failed: str | None = None  # why a write failed, for the command to say (once writable is False)
        self._pruned = False  # whether this run has looked at pruning already
        self._made: set[str] = set()  # the entries' folders this process has made or found (a mkdir costs ~0.3 ms)
        # The files read and keyed in this run before its reading starts (answers.Asked, looking for a kept answer):
        # file -> key, and the bytes of those whose reading this cache does not hold, for the reading to take
        # rather than read and hash each file a second time (a tenth of a second at 450 files).
        self.keyed: dict[str, str] = {}
        self.unheld: dict[str, bytes] = {}

    def key(self, file: str, data: bytes) -> str:
        """The entry name for `file` holding `data`: its bytes, its name (problems carry it) and sendplan's make."""
        digest = blake2b(self.fingerprint, digest_size=20)
        digest.update(file.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def holds(self, key: str) -> bool:
        """Whether there is an entry under `key` (not whether it is sound: `get` checks that)."""
        return os.path.exists(f"{self.folder}/entries/{key[:_FAN]}/{key}")

    def get(self, key: str) -> Any | None:
        """The result kept under `key`, or None when there is none or it is not a whole, signed entry of ours."""
        path = self.folder / "entries" / key[:_FAN] / key
        try:
            with open(path, "rb") as stream:
                blob = stream.read()
                used = os.fstat(stream.fileno()).st_mtime
        except OSError:
            return None
        head = len(_MAGIC)
        if not blob.startswith(_MAGIC) or len(blob) <= head + _SIGNATURE:
            return None
        secret = self._key(create=False)
        if secret is None:
            return None
        body = blob[head + _SIGNATURE :]
        if not compare_digest(_sign(secret, key, body), blob[head : head + _SIGNATURE]):
            return None
        try:
            value = _Unpickler(io.BytesIO(body)).load()
        except Exception:  # a signed entry from an older layout of the classes: rebuild it
            return None
        if used < time.time() - _DAY:  # its time of last use, for pruning: set at most once a day
            with contextlib.suppress(OSError):
                os.utime(path)
        return value

    def put(self, key: str, body: bytes) -> None:
        """Keep `body` (a pickle of a file's result) under `key`; a cache that cannot be written is left alone."""
        if not self.writable:
            return
        try:
            secret = self._key(create=True)
            assert secret is not None
            folder = self.folder / "entries" / key[:_FAN]
            if key[:_FAN] not in self._made:
                folder.mkdir(parents=True, exist_ok=True)
                self._made.add(key[:_FAN])
            entry = _MAGIC + _sign(secret, key, body) + body
            try:
                _write_atomic(folder / key, entry)
            except FileNotFoundError:  # its folder was removed since (pruning, or someone emptying the cache)
                folder.mkdir(parents=True, exist_ok=True)
                _write_atomic(folder / key, entry)
        except OSError as error:
            self.writable = False  # a read-only checkout still works, only without the cache
            self.failed = self.failed or f"it cannot be written ({error.strerror or error})"
            return
        if not self._pruned:  # once a run
            self._pruned = True
            prune_if_due(self.folder / "entries")

    def unusable(self) -> str | None:
        """Why this folder cannot hold the cache, or None: it is a file, it cannot be made, or it already holds
        files that are not a sendplan cache (the cache's `.gitignore` of `*` would hide them from git)."""
        folder = self.folder
        if folder.exists() and not folder.is_dir():
            return "it is not a folder"
        if not folder.exists():
            return None if _makeable(folder) else "it cannot be made here"
        try:
            names = {entry.name for entry in os.scandir(folder)}
        except OSError as error:
            return f"it cannot be read ({error.strerror or error})"
        foreign = {name for name in names if name not in _OURS and not name.startswith(".key-")}
        if foreign and _KEY_FILE not in names and "CACHEDIR.TAG" not in names:
            return "it holds other files and is not a sendplan cache; give the cache a folder of its own"
        return None

    def ready(self) -> None:
        """Make the folder and its key now, before worker processes start writing to it."""
        try:
            self._key(create=True)
        except OSError as error:
            self.writable = False
            self.failed = self.failed or f"it cannot be written ({error.strerror or error})"

    def _key(self, create: bool) -> bytes | None:
        """The folder's signing key: read, or made (with the .gitignore) when the folder is new."""
        if self._secret is not None:
            return self._secret
        path = self.folder / _KEY_FILE
        try:
            secret = path.read_bytes()
        except OSError:
            secret = b""
        if len(secret) != 32:
            if not create:
                return None
            secret = self._new_key(path)
        else:
            self._marked()  # a warm run too: its entries are there for git to see
        self._secret = secret
        return secret

    def _marked(self, strict: bool = False) -> None:
        """Write the .gitignore (and the cache-folder tag) when missing: put back when someone has deleted it, as
        without it git would offer to commit the key and every entry. With `strict` (a new cache), a failure raises:
        no key is made where no .gitignore can be."""
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _TAG)):
            if not (self.folder / name).exists():
                try:
                    _write_atomic(self.folder / name, text.encode())
                except OSError:
                    if strict:
                        raise

    def _new_key(self, path: Path) -> bytes:
        reason = self.unusable()
        if reason is not None:  # never write a .gitignore of `*` into a folder of someone else's files
            raise OSError(f"{self.folder}: {reason}")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._marked(strict=True)
        import tempfile

        secret = os.urandom(32)  # what secrets.token_bytes does
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".key-")
        try:
            os.write(fd, secret)
            os.close(fd)
            try:
                os.link(temporary, path)  # first run to make a key wins; the others read the winner's
            except FileExistsError:
                existing = path.read_bytes()
                if len(existing) == 32:
                    return existing
                os.replace(temporary, path)  # a damaged key: replace it (entries signed with it are rebuilt)
                return secret
            except OSError:  # no hard links on this file system
                os.replace(temporary, path)
                return secret
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return secret


def problems_kept(cache: Cache | None, key: str | None, make: Callable[[], list[Problem]]) -> list[Problem]:
    """The list of problems kept under `key`, or else `make()`, kept there for next time (made afresh and not kept
    without a cache or a key; an entry that is not a list of problems is made again)."""
    from sendplan.problems import problems_only

    if cache is None or key is None:
        return make()
    kept = cache.get(key)
    if problems_only(kept):
        return kept
    problems = make()
    import pickle  # here: reading a kept entry needs only the unpickler

    cache.put(key, pickle.dumps(problems, pickle.HIGHEST_PROTOCOL))
    return problems


def prune_if_due(entries: Path, now: float | None = None) -> None:
    """Remove the entries no run has used for KEEP_DAYS, and temporary files a stopped run left a day ago, unless
    that was done in the last day. Another run may be reading or writing at the same time: an entry removed under
    it is only one it has to make again."""
    now = time.time() if now is None else now
    marker = entries / _PRUNED
    try:
        if marker.stat().st_mtime > now - _DAY:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    unused, stale = now - KEEP_DAYS * _DAY, now - _DAY
    try:
        folders = [entry.path for entry in os.scandir(entries) if entry.is_dir(follow_symlinks=False)]
        for folder in folders:
            with os.scandir(folder) as found:
                for entry in found:
                    modified = entry.stat(follow_symlinks=False).st_mtime
                    if modified < (stale if entry.name.startswith(".") else unused):
                        os.unlink(entry.path)
        marker.touch()
        os.utime(marker, (now, now))
    except OSError:  # a file gone under us, or a folder we may not change: try again another day
        pass


def cache_folder(paths: list[str], option: str | None, settings_file: str | None) -> Path:
    """Where the cache lives: --cache-dir, else SENDPLAN_CACHE_DIR, else beside the settings file, else beside
    the nearest git repository above the plans, else the current folder.

    An empty --cache-dir is a mistake (`--cache-dir "$DIR"` with DIR unset), refused rather than read as the
    default; an empty SENDPLAN_CACHE_DIR is unset, as for any environment variable."""
    if option is not None:
        if not option.strip():
            from sendplan.problems import SendplanError

            raise SendplanError(f"--cache-dir {option!r} names no folder; give the folder to keep the cache in")
        return Path(option)
    named = cache_dir_named()
    if named:
        return Path(named)
    if settings_file:
        return Path(settings_file).parent / FOLDER
    start = Path(paths[0] if paths else ".").resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate / FOLDER
    return Path(FOLDER)


def cache_dir_named() -> str | None:
    """SENDPLAN_CACHE_DIR, or None when it is unset, empty or only spaces."""
    named = os.environ.get("SENDPLAN_CACHE_DIR", "")
    return named if named.strip() else None


def _makeable(folder: Path) -> bool:
    """Whether a folder could be made here: its nearest existing ancestor is a folder this process may write."""
    for parent in folder.absolute().parents:
        if parent.exists():
            return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    return False


def _fingerprint(settings: bytes) -> bytes:
    """What besides a file's bytes makes its result: sendplan's own code, Python, pydantic, the YAML parser and
    the settings. Each source file's size, inode, and modification and change times (to the nanosecond) mean any
    change to the model or the loader, released or not, leaves old entries unused, without reading the package's
    source on every run: a file rewritten with its old size and modification time put back still has a new change
    time, which nothing but the kernel sets."""
    digest = blake2b(digest_size=20)
    for name, stat in _sources(os.path.dirname(os.path.abspath(__file__)), ""):
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0".encode())
    from importlib.util import find_spec

    digest.update(f"{sys.version}\0{os.environ.get('SENDPLAN_YAML_PARSER', '')}".encode())
    # pydantic's core (it builds and pickles the models) and the parsers, by their files, without importing them:
    # a warm run that answers from the cache never imports pydantic.
    for module in ("pydantic_core", "pydantic", "ruamel.yaml", "_ruamel_yaml"):
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            digest.update(f"{spec.origin}\0{_stamp(Path(spec.origin))}".encode())
    digest.update(settings)
    return digest.digest()


def _sources(folder: str, prefix: str) -> list[tuple[str, os.stat_result]]:
    """Every .py file under `folder` (as a/b.py) with its stat, in name order; os.scandir, no Path per file."""
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py") and entry.is_file():
                found.append((prefix + entry.name, entry.stat()))
            elif entry.is_dir() and entry.name != "__pycache__":
                found += _sources(entry.path, f"{prefix}{entry.name}/")
    return found


def _sign(secret: bytes, key: str, body: bytes) -> bytes:
    return blake2b(key.encode() + body, key=secret, digest_size=_SIGNATURE).digest()


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"


def _write_atomic(path: Path, data: bytes) -> None:
    import tempfile

    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:8]}-")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


class _Unpickler(Unpickler):
    """Only sendplan's own classes, the pydantic machinery they rest on and plain data may come out of an entry."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        if module.split(".")[0] in ("sendplan", "pydantic", "pydantic_core"):
            found = super().find_class(module, name)
            if isinstance(found, type):  # a class, never a function: an entry can build data, not call code
                return found
        raise UnpicklingError(f"{module}.{name} is not allowed in a sendplan cache entry")


_PLAIN = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("datetime", "date"),  # made from its packed bytes alone (the overdue and upcoming lists' dates)
}
