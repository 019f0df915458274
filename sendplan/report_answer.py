"""The report as written, kept whole in the cache with the templates it was rendered from.

Nothing here imports the plan model, the templates' engine or the report's sections until a report is made, so
a kept report is read back without them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeGuard

from sendplan.problems import Problem
from sendplan.report_templates import Sources, unchanged

if TYPE_CHECKING:
    from sendplan.parallel import Reading
    from sendplan.report_detail import Changes

# The report as written (text, or a Word file's bytes), the problems of the files left out, and the template
# folder and sources it was rendered from.
Shown = tuple[str | bytes, list[Problem], str | None, Sources]


def shown(
    paths: list[str],
    as_of: date,
    since: date | None,
    changes: dict[str, Changes] | None,
    format: str,
    template: str | None,
    reading: Reading,
) -> tuple[Shown, dict[str, str]]:
    """The report of the plans under `paths` in `format`, and the cache key of each file read for it; no keys (so
    it is not kept) when it rests on more than the files and the templates: changes since a git revision, or
    plans named outside the files given (which files those are rests on what else is in their folders)."""
    import os

    from sendplan.render.pages import pages_for
    from sendplan.report import build_report

    built = build_report(paths, as_of, since, changes, reading, pages_for(format, template))
    keys = reading.keys if built.closed and changes is None else {}
    if format == "docx":
        from sendplan.render.docx import render as render_docx

        return (render_docx(built, template), built.left_out, None, ()), keys
    from sendplan.render.report import choose, render
    from sendplan.report_templates import recorded

    loaded: dict[str, str | None] = {}
    text = render(built, format, template, loaded)
    folder, _ = choose(template, format, "highlight" if built.portfolio else "report")
    folder = os.path.abspath(folder) if folder is not None else None
    sources = recorded(loaded, folder)
    return (text, built.left_out, folder, sources or ()), (keys if sources is not None else {})


def template_kind(template: str | None) -> str:
    """What --template names, for the question a kept report answers: one of ours by name, or a file or folder
    where it is now (the same words name another file from another folder)."""
    import os

    if template is None:
        return ""
    kind = "folder" if os.path.isdir(template) else "file" if os.path.isfile(template) else "name"
    return f"{kind}\0{os.path.abspath(template)}"


def is_shown(value: Any) -> TypeGuard[Shown]:
    """Whether an unpickled entry has the shape of a written report, rendered from templates that still read the
    same."""
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and isinstance(value[0], str | bytes)
        and isinstance(value[1], list)
        and all(isinstance(p, Problem) for p in value[1])
        and (value[2] is None or isinstance(value[2], str))
        and isinstance(value[3], tuple)
        and all(isinstance(s, tuple) and len(s) == 2 and isinstance(s[0], str) for s in value[3])
        and unchanged(value[2], value[3])
    )
