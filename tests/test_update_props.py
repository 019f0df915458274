"""Property: `update` then `validate` on a generated valid plan stays valid and changes no byte outside the action."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sendplan.cli import app
from sendplan.load import load_file
from tests.conftest import MINIMAL

WORDS = ["On track", "Done"]
HEAD = MINIMAL[: MINIMAL.index("actions:\n")] + "actions:\n"
text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters='"\\'), max_size=40
).filter(lambda s: s.strip() == s and s != "")
day = st.dates(min_value=__import__("datetime").date(2023, 1, 1), max_value=__import__("datetime").date(2027, 3, 31))


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, int]:
    count = draw(st.integers(1, 5))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blocks = []
    for number in range(count):
        lines = [
            f'  - id: "1.{number + 1}"',
            '    priority: "1"',
            f"    title: {json.dumps(draw(text), ensure_ascii=False)}",  # as an officer types it, not \\u escapes
            "    owners: [M.S]",
            "    due: Nov-23",
            f"    status: {draw(st.sampled_from(WORDS))}",
        ]
        if draw(st.booleans()):
            lines += ["    updates:"]
            for when in sorted(draw(st.lists(day, min_size=1, max_size=3))):
                lines += [f"      - date: {when:%d/%m/%Y}", f"        status: {draw(st.sampled_from(WORDS))}"]
        if draw(st.booleans()):
            lines.append(f"    # note: {draw(text)}")  # a comment, never a (malformed) suppression
        lines += ["    addresses: [AFI1]", "    sources: [SEF]"]
        blocks.append(ending.join(lines) + ending)
    return HEAD.replace("\n", ending) + "".join(blocks), count


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=plans(), choice=st.integers(0, 4), word=st.sampled_from(["on track", "DONE", " Done "]), note=text, when=day
)
def test_update_keeps_the_plan_valid_and_other_bytes_unchanged(
    plan: tuple[str, int], choice: int, word: str, note: str, when: object
) -> None:
    source, count = plan
    index = choice % count
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_bytes(source.encode())
        loaded, problems = load_file(str(path))
        assert loaded is not None, problems
        first = loaded.at(("actions", index))[0]
        following = loaded.at(("actions", index + 1))[0] if index + 1 < count else None
        ident = loaded.plan.actions[index].id
        args = ["update", str(path), ident, "--status", word, "--note", note, "--date", f"{when:%d/%m/%Y}"]
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
        before = source.encode().splitlines(keepends=True)
        after = path.read_bytes().splitlines(keepends=True)
        assert after[: first - 1] == before[: first - 1]
        if following is not None:
            grown = len(after) - len(before)
            assert after[following - 1 + grown :] == before[following - 1 :]
        updated, _ = load_file(str(path))
        assert updated is not None
        notes = [u.note for u in updated.plan.actions[index].updates]
        assert note in notes  # the note as typed
