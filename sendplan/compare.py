"""Two versions of the plan files, read from git revisions or the working tree, and compared, top to bottom."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendplan import git
from sendplan.changes import Comparison, Snapshot, compare, snapshot
from sendplan.config import Config, find_config
from sendplan.load import PLAN_SUFFIXES, find_plan_files
from sendplan.problems import SendplanError

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Version:
    """Which version of the files to read: a commit, or the working tree when `commit` is None."""

    commit: git.Commit | None

    @property
    def label(self) -> str:
        """How a reader sees it named."""
        return self.commit.label if self.commit else WORKING_TREE


def pick(revisions: Revisions, revs: list[str], since: date | None, since_text: str = "") -> tuple[Version, Version]:
    """The two versions named: none is HEAD against the working tree, one is it against the working tree,
    two are the first against the second; --since DATE stands for the first."""
    if len(revs) > 2 or (since and len(revs) > 1):
        raise SendplanError("give at most two revisions (or --since DATE and one revision)")
    if since is not None:
        first = git.last_commit_before(revisions.root, since, since_text or since.isoformat())
        rest = revs
    else:
        first = revisions.resolve(revs[0] if revs else "HEAD")
        rest = revs[1:]
    second = Version(revisions.resolve(rest[0])) if rest else Version(None)
    return Version(first), second


def split_arguments(revisions: Revisions, arguments: list[str]) -> tuple[list[str], list[str]]:
    """Leading arguments that name revisions (and no file or folder here), then the paths."""
    revs: list[str] = []
    for argument in arguments:
        if len(revs) == 2 or Path(argument).exists() or not _is_revision(revisions, argument):
            break
        revs.append(argument)
    return revs, arguments[len(revs) :]


def _is_revision(revisions: Revisions, text: str) -> bool:
    try:
        revisions.resolve(text)
    except SendplanError:
        return False
    return True


class Revisions:
    """Revisions resolved in one repository, each once (arguments are resolved to tell them from paths, then used)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: dict[str, git.Commit] = {}

    def resolve(self, rev: str) -> git.Commit:
        """The commit `rev` names (see git.resolve)."""
        if rev not in self.seen:
            self.seen[rev] = git.resolve(self.root, rev)
        return self.seen[rev]


def _relative(root: Path, name: str) -> str:
    """A path as the user gave it, relative to the repository's top folder (as git names files)."""
    path = Path(name).absolute()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if path.exists() else _lexical(root, path)
    except ValueError:
        raise SendplanError(f"{name}: outside the git repository at {root}") from None


def _lexical(root: Path, path: Path) -> str:
    relative = Path(os.path.normpath(path)).relative_to(Path(os.path.normpath(root.resolve())))
    return relative.as_posix()


def read_version(root: Path, version: Version, paths: list[str]) -> dict[str, bytes]:
    """The plan files under `paths` in this version, by repository-relative name."""
    relative = [_relative(root, p) for p in paths]
    if version.commit is None:
        files = [name for p in paths if Path(p).exists() for name in _plan_files_here(p)]
        found: dict[str, bytes] = {}
        for name in files:
            try:
                found[_relative(root, name)] = Path(name).read_bytes()
            except OSError as error:
                raise SendplanError(f"{name}: cannot read: {error.strerror}") from None
        return found
    commit = version.commit
    wanted = [p for p in relative if p in ("", ".") or git.exists(root, commit, p)]
    names = git.list_files(root, commit, [p or "." for p in wanted], PLAN_SUFFIXES) if wanted else []
    return git.read_many(root, commit, names)


_PLAN_ID = re.compile(r"^plan:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n|#.*\n)*?[ \t]+id:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)


def find_moved(root: Path, version: Version, plan_ids: set[str], read: set[str]) -> dict[str, bytes]:
    """Files elsewhere in this version (not in `read`) whose plan block declares one of `plan_ids`: where a plan
    named on one side went (or came from) when its file was moved out of the paths compared."""
    if version.commit is None:
        names = git.working_files(root, PLAN_SUFFIXES)
    else:
        names = git.list_files(root, version.commit, ["."], PLAN_SUFFIXES)
    found: dict[str, bytes] = {}
    for name in names:
        if name in read:
            continue
        try:
            data = (root / name).read_bytes() if version.commit is None else git.read(root, version.commit, name)
        except (OSError, SendplanError):
            continue  # too large or unreadable: it is not what we are looking for
        match = _PLAN_ID.search(data[:8192].decode("utf-8", "replace"))
        if match and match.group(1) in plan_ids:
            found[name] = data
    return found


def _plan_files_here(path: str) -> list[str]:
    """Plan files under a path in the working tree; none for a folder emptied since (its plans were removed)."""
    if Path(path).is_dir() and not any(p.suffix in PLAN_SUFFIXES for p in Path(path).rglob("*")):
        return []
    return find_plan_files([path])


def _missing(root: Path, version: Version, path: str) -> bool:
    if version.commit is None:
        return not Path(path).exists()
    rel = _relative(root, path)
    return rel not in ("", ".") and not git.exists(root, version.commit, rel)


def _snapshot(version: Version, files: dict[str, bytes], config: Config) -> Snapshot:
    commit = version.commit
    return snapshot(version.label, commit.when if commit else None, files, config, commit.sha if commit else None)


def diff(arguments: list[str], since: date | None = None, since_text: str = "") -> Comparison:
    """Compare the plans under the paths in `arguments` (default ./plans) between the revisions it names."""
    root = git.find_root(".")
    revisions = Revisions(root)
    revs, paths = split_arguments(revisions, arguments)
    paths = paths or ["plans"]
    before, after = pick(revisions, revs, since, since_text)
    for path in paths:
        if _missing(root, before, path) and _missing(root, after, path):
            where = f"{before.label} nor in {'the ' * (after.commit is None)}{after.label}"
            raise SendplanError(f"{path}: names no revision, and no file or folder in {where}")
    config = find_config([p for p in paths if Path(p).exists()] or ["."])
    files_before, files_after = read_version(root, before, paths), read_version(root, after, paths)
    old, new = _snapshot(before, files_before, config), _snapshot(after, files_after, config)
    gone, came = set(old.plans) - set(new.plans), set(new.plans) - set(old.plans)
    if gone and (moved := find_moved(root, after, gone, set(files_after))):
        new = _snapshot(after, {**files_after, **moved}, config)
    if came and (moved := find_moved(root, before, came, set(files_before))):
        old = _snapshot(before, {**files_before, **moved}, config)
    return compare(old, new)
