"""Generate large synthetic plan sets for benchmarks: N plans of M actions, shaped like the real ones."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

STATUSES = [
    "Not due yet",
    "On track no concerns",
    "On track some concerns",
    "Off track",
    "Completed Embedded Sustained",
]
DUES = [
    "Nov-24",
    "Jan-25",
    "31/03/2025",
    "September 2024 to March 2025",
    "2024/25",
    "Annually",
    "Ongoing",
    "TBC",
    "Jul-24",
]


def plan_text(index: int, actions: int, rng: random.Random) -> str:
    """One plan in the shipped format, with priorities, owners, findings and `actions` actions."""
    lines = [
        "# yaml-language-server: $schema=../../schema/plan.schema.json",
        "plan:",
        f"  id: synthetic-{index:04d}",
        f"  title: Synthetic SEND strategic plan {index}",
        f"  area: Area {index}",
        "  kind: strategic plan",
        "  years: financial",
        "  period: February 2023 to March 2027",
        "statuses:",
        "  Not due yet: not started",
        "  On track no concerns: on track",
        "  On track some concerns: at risk",
        "  Off track: off track",
        "  Completed Embedded Sustained: embedded",
        "sources:",
        "  SEF: self-evaluation framework",
        "  DBV: Delivering Better Value",
        "owners:",
    ]
    for o in range(12):
        lines += [
            f"  - id: lead-{o}",
            f"    role: Assistant Director number {o}",
            "    organisation: Synthetic Council",
        ]
    lines.append("priorities:")
    for p in range(1, 7):
        lines += [f'  - id: "{p}"', f"    title: Priority {p} for children and young people with SEND"]
    lines.append("findings:")
    for f in range(1, 6):
        lines += [f"  - id: AFI{f}", f"    text: Leaders should improve area {f} of the local partnership's work."]
    lines.append("actions:")
    for a in range(actions):
        priority = a % 6 + 1
        lines += [
            f'  - id: "{priority}.{a // 6 + 1}"',
            f'    priority: "{priority}"',
            f"    objective: Objective {a % 17} so that children's needs are met early and well",
            f"    title: Action {a}, to improve the graduated approach and the quality of EHC plans across the partnership",
            "    impact:",
            "      - Children and young people have their needs identified early and met in their local school.",
            "    measures:",
            "      - text: Improve 20 week timeline for new EHCPs from 28% to 50%",
            "        baseline: 28%",
            "        target: 50%",
            f"    owners: [lead-{rng.randrange(12)}]",
            "    start: Feb-23",
            f"    due: {rng.choice(DUES)}",
            f"    status: {rng.choice(STATUSES)}",
            f"    addresses: [AFI{a % 5 + 1}]",
            f"    sources: [{rng.choice(['SEF', 'DBV'])}]",
            "",
        ]
    return "\n".join(lines)


def generate(folder: Path, plans: int, actions: int, seed: int = 2026) -> None:
    """Write `plans` plan files of `actions` actions each into `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(plans):
        (folder / f"synthetic-{index:04d}.yaml").write_text(plan_text(index, actions, rng), encoding="utf-8")


def tracker(path: Path, rows: int, seed: int = 2026) -> Path:
    """An officer's Excel tracker of `rows` actions (merged priority headings, Excel dates, multi-line cells) at
    `path`, and the import map for it beside it (same name, .toml); returns the map's path."""
    from datetime import datetime

    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["SEND improvement tracker"])
    ws.append(["Ref", "Action", "Lead officer", "Start", "Due date", "RAG", "Impact", "Measures", "AFI", "Comments"])
    per = max(rows // 6, 1)
    for a in range(rows):
        if a % per == 0 and a // per < 6:
            ws.append([f"Priority {a // per + 1}: Priority {a // per + 1} for children and young people"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=10)
        due = datetime(2024, rng.randrange(1, 13), 1) if rng.random() < 0.5 else rng.choice(DUES)
        ws.append(
            [
                f"{min(a // per, 5) + 1}.{a % per + 1}",
                f"Action {a}, to improve the graduated approach\nand the quality of EHC plans",
                f"Assistant Director number {rng.randrange(12)}; Head of Service {rng.randrange(5)}",
                "Feb-23",
                due,
                rng.choice(STATUSES),
                "Needs are identified early.\nNeeds are met in the local school.",
                "Improve 20 week timeline for new EHCPs from 28% to 50%",
                f"AFI{a % 5 + 1}",
                "",
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    imap = path.with_suffix(".toml")
    imap.write_text(
        '[plan]\nid = "tracker"\ntitle = "Tracker"\narea = "Area"\nyears = "financial"\n\n[columns]\n'
        'id = "Ref"\ntitle = "Action"\nowners = "Lead officer"\nstart = "Start"\ndue = "Due date"\n'
        'status = "RAG"\nimpact = "Impact"\nmeasures = "Measures"\nfindings = "AFI"\nnotes = "Comments"\n',
        encoding="utf-8",
    )
    return imap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--actions", type=int, default=150)
    arguments = parser.parse_args()
    generate(arguments.folder, arguments.plans, arguments.actions)


if __name__ == "__main__":
    main()
