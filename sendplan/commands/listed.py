"""How overdue and upcoming print their list: as kept whole in the cache for the same question, else rendered."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from sendplan.commands.common import ListFormat, terminal_width, use_colour

if TYPE_CHECKING:
    from sendplan.answers import Asked
    from sendplan.listing import Listing
    from sendplan.problems import Problem


def show_list(
    asked: Asked, make: Callable[[], Any], format: ListFormat, include_undated: bool, colour: bool | None
) -> tuple[bool, list[Problem]]:
    """Print the list (rows whose due date cannot be read named on stderr first); whether it has any row, and
    the problems of the files left out of it. The text is kept for the format, the undated choice and the width
    it was made for; a table in colour is not (its text rests on the terminal)."""
    from sendplan.answers import kept_listing

    coloured = format is ListFormat.table and use_colour(colour)
    width = terminal_width() if format is ListFormat.table and not coloured else 0
    how = None if coloured else repr(("shown", format.value, include_undated, width))

    def render(listing: Listing) -> str:
        from sendplan.render import listing as text

        if format is ListFormat.json:
            return text.as_json(listing, include_undated)
        if format is ListFormat.csv:
            return text.as_csv(listing, include_undated)
        if format is ListFormat.markdown:
            return text.as_markdown(listing, include_undated)
        if coloured:
            return text.as_rich(listing, include_undated, width=terminal_width())
        return text.as_plain(listing, include_undated, width=width)

    shown, unreadable, any_rows, left_out = kept_listing(asked, how, make, render)
    for row in unreadable:  # never silently undated: these may be late
        from sendplan.render.listing import unreadable_line  # here: a warm answer with none needs no renderer

        typer.echo(unreadable_line(row, row.revised or row.due), err=True)
    typer.echo(shown, nl=False, color=coloured)
    return any_rows, left_out
