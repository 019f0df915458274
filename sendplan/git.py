"""The one module that runs `git`: fixed argument lists, never a shell, nothing that reaches the network."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sendplan.files import MAX_BYTES
from sendplan.problems import SendplanError

_TIMEOUT = 60


@dataclass(frozen=True)
class Commit:
    """A commit a revision names.

    Attributes:
        rev: the revision as the user wrote it ("board-2024-06", "HEAD", "--since 2024-03-31").
        sha: the full commit id.
        when: the commit's date (committer date, in its own time zone).
        subject: the first line of its message.
    """

    rev: str
    sha: str
    when: date
    subject: str

    @property
    def label(self) -> str:
        """ "board-2024-06 (1a2b3c4)", as messages name a revision."""
        short = self.sha[:7]
        return short if self.rev in (short, self.sha) else f"{self.rev} ({short})"


def _run(
    args: list[str], cwd: Path | str, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git with these arguments; no shell, no prompts, no pager, no configured helpers that fetch."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    env["GIT_NO_LAZY_FETCH"] = "1"  # a partial clone must not fetch a missing object from its remote
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            env=env,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise SendplanError(
            "git is not installed (or not on PATH); sendplan needs it to read earlier revisions"
        ) from None
    except subprocess.TimeoutExpired:
        raise SendplanError(
            f"git {args[0]} took more than {_TIMEOUT} seconds; is the repository on a slow disk?"
        ) from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SendplanError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return done


def find_root(start: Path | str = ".") -> Path:
    """The top folder of the git repository holding `start`; SendplanError outside one."""
    done = _run(["rev-parse", "--show-toplevel"], start, check=False)
    if done.returncode != 0:
        raise SendplanError(
            f"{Path(start).resolve()} is not inside a git repository; sendplan diff compares revisions of plans "
            "kept in git: run it in the repository's folder (or `git init` and commit the plans first)"
        )
    return Path(done.stdout.decode("utf-8", "replace").strip())


def _commit(root: Path, rev: str, sha: str) -> Commit:
    done = _run(["show", "-s", "--format=%H%x00%cs%x00%s", sha, "--"], root)
    full, day, subject = done.stdout.decode("utf-8", "replace").rstrip("\n").split("\x00", 2)
    return Commit(rev, full, date.fromisoformat(day), subject)


def resolve(root: Path, rev: str) -> Commit:
    """The commit a tag, branch, commit id or expression such as HEAD~2 names; SendplanError if none."""
    if not rev or rev.startswith("-") or "\x00" in rev:
        raise SendplanError(f"{rev!r} is not a revision: name a tag, a branch or a commit id")
    done = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root, check=False)
    if done.returncode != 0:
        head = _run(["rev-parse", "--verify", "--quiet", "HEAD"], root, check=False)
        if rev == "HEAD" and head.returncode != 0:
            raise SendplanError(
                "this repository has no commits yet: commit the plans first (git add plans; git commit)"
            )
        raise SendplanError(
            f"{rev!r} names no commit in this repository: give a tag, a branch or a commit id "
            "(`git tag` and `git log --oneline` list them), or --since DATE"
        )
    return _commit(root, rev, done.stdout.decode().strip())


def last_commit_before(root: Path, day: date, rev: str) -> Commit:
    """The newest commit on HEAD's history made on or before `day` (committer date); SendplanError if none."""
    before = datetime(day.year, day.month, day.day, 23, 59, 59).isoformat()
    done = _run(["rev-list", "-1", f"--before={before}", "HEAD", "--"], root, check=False)
    sha = done.stdout.decode().strip()
    if done.returncode != 0 or not sha:
        raise SendplanError(f"--since {rev}: no commit was made on or before {day.isoformat()} in this repository")
    return _commit(root, f"--since {rev}", sha)


def list_files(root: Path, commit: Commit, paths: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """Files with these suffixes at `commit` under `paths` (repository-relative), skipping hidden folders."""
    done = _run(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit.sha, "--", *paths], root)
    names = [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\x00") if n]
    return [n for n in names if n.endswith(suffixes) and not any(part.startswith(".") for part in Path(n).parts[:-1])]


def working_files(root: Path, suffixes: tuple[str, ...]) -> list[str]:
    """Files with these suffixes in the working tree, tracked or not (ignored files left out), repository-relative."""
    done = _run(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"], root)
    names = dict.fromkeys(n for n in done.stdout.decode("utf-8", "surrogateescape").split("\x00") if n)
    return [n for n in names if n.endswith(suffixes) and (root / n).is_file()]


def exists(root: Path, commit: Commit, path: str) -> bool:
    """Whether `path` (a file or folder, repository-relative) is in `commit`."""
    done = _run(["cat-file", "-e", f"{commit.sha}:{path}"], root, check=False)
    return done.returncode == 0


def read(root: Path, commit: Commit, path: str, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes at `commit` (`git show REV:path`); SendplanError if it is not there or is too large."""
    spec = f"{commit.sha}:{path}"
    size = _run(["cat-file", "-s", spec], root, check=False)
    if size.returncode != 0:
        raise SendplanError(f"{path} is not in {commit.label}")
    if int(size.stdout.decode().strip() or 0) > limit:
        raise SendplanError(f"{path} in {commit.label} is larger than {limit // 1024 // 1024} MB")
    return _run(["show", "--no-textconv", spec], root).stdout


def read_many(root: Path, commit: Commit, paths: list[str], limit: int = MAX_BYTES) -> dict[str, bytes]:
    """Several files' bytes at `commit`, read by one `git cat-file --batch`; SendplanError for one that is not
    there or is too large."""
    if not paths:
        return {}
    if any("\n" in p for p in paths):
        return {p: read(root, commit, p, limit) for p in paths}  # a name with a newline cannot go in a batch
    request = "".join(f"{commit.sha}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    out = _run(["cat-file", "--batch"], root, stdin=request).stdout
    found: dict[str, bytes] = {}
    at = 0
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise SendplanError(f"{path} is not in {commit.label}")
        size = int(header[2])
        if size > limit:
            raise SendplanError(f"{path} in {commit.label} is larger than {limit // 1024 // 1024} MB")
        found[path] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return found
