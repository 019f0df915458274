"""Reports through Jinja: the environment (package templates, overridable by name from a user folder) and errors."""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendplan.problems import SendplanError
from sendplan.report import Report

if TYPE_CHECKING:
    import jinja2

SUFFIXES = {"html": ".html.j2", "md": ".md.j2"}
NAMES = ("report", "highlight")  # the packaged reports --template can name
_ESCAPED = (".html.j2", ".html", ".htm", ".svg.j2", ".svg", ".xml.j2", ".xml")
_UNESCAPED = (".md.j2", ".md", ".css", ".txt")


def autoescape_for(format: str) -> Callable[[str | None], bool]:
    """Autoescape HTML templates by name (select_autoescape misses "*.html.j2"); others as the format is."""

    def autoescape(name: str | None) -> bool:
        lowered = (name or "").lower()
        if lowered.endswith(_ESCAPED):
            return True
        if lowered.endswith(_UNESCAPED):
            return False
        return format == "html"

    return autoescape


def choose(template: str | None, format: str, default: str = "report") -> tuple[str | None, str]:
    """The user's template folder (or None) and the name of the template to render, from --template."""
    main = default + SUFFIXES[format]
    if template is None:
        return None, main
    path = Path(template)
    if path.is_dir():
        return str(path), main
    if path.is_file():
        return str(path.parent), path.name
    if os.sep in template or "/" in template or template.endswith(".j2"):
        raise SendplanError(f"--template {template}: no such file or folder")
    if template not in NAMES:
        raise SendplanError(
            f"--template {template}: not a template; name one of {', '.join(NAMES)}, or a file or folder"
        )
    return None, template + SUFFIXES[format]


def _package_templates() -> jinja2.BaseLoader:
    """sendplan's own templates: installed as the package sendplan.templates, or in a source checkout ../templates."""
    import jinja2

    try:
        return jinja2.PackageLoader("sendplan.templates", ".")
    except (ModuleNotFoundError, ValueError):  # running from a checkout: templates/ sits beside sendplan/
        return jinja2.FileSystemLoader(Path(__file__).resolve().parents[2] / "templates")


def environment(
    format: str, folder: str | None = None, loaded: dict[str, str | None] | None = None
) -> jinja2.Environment:
    """A Jinja environment: the user's folder first, then the package's templates; strict and escaped. Each
    template it loads is noted in `loaded` (name -> its text, or None when it was looked for and not found)."""
    import jinja2

    from sendplan.report_board import RAG_RULE, TRAVEL_RULE
    from sendplan.safetext import visible_any
    from sendplan.template_filters import FILTERS, SPARK

    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(folder)] if folder else []
    loaders.append(_package_templates())
    loader: jinja2.BaseLoader = jinja2.ChoiceLoader(loaders)
    if loaded is not None:
        loader = _noting(loader, loaded)
    env = jinja2.Environment(
        loader=loader,
        autoescape=autoescape_for(format),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=visible_any,  # every {{ value }}: no control character from a plan reaches the page
    )
    env.filters.update(FILTERS)
    env.globals["spark"] = SPARK
    env.globals["rag_rule"] = RAG_RULE
    env.globals["travel_rule"] = TRAVEL_RULE
    return env


def _noting(inner: jinja2.BaseLoader, loaded: dict[str, str | None]) -> jinja2.BaseLoader:
    """`inner`, noting in `loaded` each template it is asked for and what it gave."""
    import jinja2

    class Noting(jinja2.BaseLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> Any:
            try:
                source, filename, uptodate = inner.get_source(environment, template)
            except jinja2.TemplateNotFound:
                loaded.setdefault(template, None)
                raise
            loaded.setdefault(template, source)
            return source, filename, uptodate

    return Noting()


def render(
    report: Report, format: str, template: str | None = None, loaded: dict[str, str | None] | None = None
) -> str:
    """The report as Markdown or HTML text; a template error names the template and line (SendplanError). Each
    template loaded is noted in `loaded`, as `environment` does."""
    import jinja2

    # A board reading several plans gets the highlight paper first; the full report is --template report.
    folder, name = choose(template, format, "highlight" if report.portfolio else "report")
    env = environment(format, folder, loaded)
    try:
        text = env.get_template(name).render(report=report, format=format)
    except jinja2.TemplateSyntaxError as error:
        raise SendplanError(f"{error.filename or error.name}:{error.lineno}: template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise SendplanError(f"template {error.name} not found (in {folder or 'sendplan'}'s templates)") from None
    except Exception as error:
        where = template_line(error)
        if where is None:
            raise
        raise SendplanError(f"{where}: template error: {error}") from None
    return tidy_markdown(text) if format == "md" else text


def tidy_markdown(text: str) -> str:
    """One blank line between blocks, none at the ends of lines or of the text: templates need not count them."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def template_line(error: BaseException) -> str | None:
    """ "FILE:LINE" of the innermost template frame in an error's traceback (Jinja rewrites frames to templates)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.endswith(".py") and not frame.filename.startswith("<frozen"):
            return f"{frame.filename}:{frame.lineno}"
    return None
