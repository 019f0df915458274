"""sendplan chase: per-owner messages and the update sheet with the plan's own status words as a drop-down."""

from __future__ import annotations

from pathlib import Path

from sendplan.chase import chase
from sendplan.load import load_readable
from sendplan.overdue import Filters, overdue
from sendplan.render.chase import file_names
from sendplan.render.xlsx import UPDATE_SHEET_COLUMNS
from tests.conftest import PLANS

PLAN = """\
plan:
  id: demo
  title: Demo plan
  area: Demo
  kind: improvement plan
  review_points: [March 2024, June 2024, September 2024]
statuses:
  On track: on track
  Done: complete
owners:
  - id: A
    name: Ann Lee
  - id: B
    name: Bob Roe
  - id: C
    role: "../../etc/passwd"
  - id: D
    role: CON
actions:
  - id: "1.1"
    title: "Late one [click](http://x) <b>bold</b>"
    owners: [A]
    due: Jan-24
    status: On track
  - id: "1.2"
    title: Due soon
    owners: [A, B]
    due: 31/08/2024
  - id: "1.3"
    title: Not updated since the last review
    owners: [B]
    due: Dec-25
    updates:
      - date: April 2024
        status: On track
  - id: "1.4"
    title: Updated at the last review
    owners: [B]
    due: Dec-25
    updates:
      - date: June 2024
        status: On track
  - id: "1.5"
    title: Finished
    owners: [A]
    due: Jan-24
    status: Done
  - id: "1.6"
    title: Nobody's
    due: Jan-24
  - id: "1.7"
    title: Odd owners
    owners: [C, D]
    due: Jan-24
"""


def test_a_message_per_owner_and_an_update_sheet(cli, write_plan, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = write_plan(PLAN)
    out = tmp_path / "chase"
    result = cli("chase", str(plan), "--as-of", "2024-07-15", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "ann-lee.md",
        "bob-roe.md",
        "chase-updates.xlsx",
        "con-owner.md",
        "etc-passwd.md",
        "no-owner-named.md",
    ]
    ann = (out / "ann-lee.md").read_text()
    assert "## Overdue (1)" in ann and "**demo 1.1**" in ann and "due soon" not in ann.lower().split("## overdue")[0]
    assert r"Late one \[click\](http://x) \<b\>bold\</b\>" in ann  # a title cannot become a link or HTML
    assert "## Due by 30 September 2024 (1)" in ann and "demo 1.2" in ann
    assert "1.5" not in ann  # complete: nothing to chase
    bob = (out / "bob-roe.md").read_text()
    assert "## No update since the June 2024 review (1)" in bob and "demo 1.3" in bob and "1.4" not in bob
    assert "last update April 2024" in bob
    assert "demo 1.6" in (out / "no-owner-named.md").read_text()

    wb = load_workbook(out / "chase-updates.xlsx")
    ws = wb["Updates"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == UPDATE_SHEET_COLUMNS
    assert [(r[0], r[2]) for r in rows[1:]] == [("demo", i) for i in ("1.1", "1.2", "1.3", "1.6", "1.7")]
    assert rows[3][7:9] == ("On track", "April 2024")
    assert all(r[9] is None and r[10] is None and r[11] is None for r in rows[1:])
    (check,) = ws.data_validations.dataValidation
    assert check.type == "list" and str(check.sqref) == "J2:J6"
    words = wb["Status words"]
    assert words.sheet_state == "hidden"
    column = check.formula1.split("!")[1].replace("$", "")
    assert [row[0].value for row in words[column]] == ["On track", "Done"]


def test_before_narrows_what_is_due_soon_and_txt_is_plain(cli, write_plan, tmp_path: Path) -> None:
    plan = write_plan(PLAN)
    out = tmp_path / "c"
    result = cli("chase", str(plan), "--as-of", "2024-07-15", "--before", "2024-07-31", "-o", str(out), "-f", "txt")
    assert result.exit_code == 0
    ann = (out / "ann-lee.txt").read_text()
    assert "Due by" not in ann and "Overdue (1)\n-----------" in ann and "**" not in ann
    assert "No update since the June 2024 review (1)" in ann.split("demo 1.2")[0]  # not due by then, but not updated
    assert "Late one [click](http://x) <b>bold</b>" in ann


def test_chase_is_overdue_own_lateness(tmp_path: Path) -> None:
    plans, _ = load_readable([str(PLANS)])
    from datetime import date

    day = date(2024, 6, 30)
    found = chase(plans, day, date(2024, 9, 30))
    chased = {(i.standing.lp.plan.plan.id, i.standing.item_id) for i in found.items if i.standing.overdue}
    late = {(r.plan, r.id) for r in overdue(plans, day, Filters()).rows}
    assert chased == late and late


def test_file_names_are_safe_and_distinct() -> None:
    from sendplan.chase import OwnerChase

    owners = [OwnerChase(n) for n in ("Ann Lee", "ann  lee", "...", "nul", "Chase updates.xlsx")]
    assert file_names(owners, "md") == [
        "ann-lee.md",
        "ann-lee-2.md",
        "owner.md",
        "nul-owner.md",
        "chase-updates-xlsx.md",
    ]


def test_bad_options_are_plain_errors(cli, write_plan, tmp_path: Path) -> None:
    plan = write_plan(PLAN)
    assert cli("chase", str(plan), "--as-of", "2024-07-15").exit_code == 2
    result = cli("chase", str(plan), "--as-of", "2024-07-15", "--before", "2024-01-01", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "before the as-of date" in result.stderr
    (tmp_path / "f").write_text("")
    assert cli("chase", str(plan), "--as-of", "2024-07-15", "-o", str(tmp_path / "f")).exit_code == 2
