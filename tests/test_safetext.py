"""sendplan/safetext.py: control characters made visible, Markdown and rich markup escaped, JSON kept exact."""

from __future__ import annotations

import json

from markupsafe import Markup

from sendplan.safetext import json_text, markdown_text, rich_text, visible, visible_any


def test_every_control_character_but_tab_and_newline_is_made_visible() -> None:
    controls = [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\t\n"]
    shown = visible("".join(controls))
    assert not any(c in shown for c in controls)
    assert visible("\x1b]0;pwned\x07") == "\u241b]0;pwned\u2407"
    assert visible("a\x9bb") == "a<U+009B>b"
    assert visible("line\n\tindented") == "line\n\tindented"
    assert visible("line\n\tindented", newlines=False) == "line\u240a\u2409indented"
    assert visible("plain text, é and \u2019") == "plain text, é and \u2019"


def test_markup_safe_text_stays_markup_safe() -> None:
    marked = visible_any(Markup("<b>\x1b</b>"))
    assert isinstance(marked, Markup) and marked == Markup("<b>\u241b</b>")
    assert visible_any(3) == 3 and visible_any(None) is None


def test_markdown_text_never_makes_a_link_or_html() -> None:
    assert markdown_text("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert markdown_text("![i](u) <b> a|b \\") == "!\\[i\\](u) &lt;b&gt; a\\|b \\\\"
    assert markdown_text("two\nlines\x1b") == "two lines\u241b"


def test_rich_markup_in_plan_text_is_shown_not_applied() -> None:
    from rich.console import Console

    console = Console(record=True, width=200, force_terminal=True)
    console.print(rich_text("[bold red]x[/] [link=http://e.invalid]y[/link]\x1b[2J"))
    text = console.export_text()
    assert "[bold red]x[/] [link=http://e.invalid]y[/link]\u241b[2J" in text


def test_json_keeps_the_data_and_sends_no_control_character() -> None:
    data = {"title": "a\x1b[2J\x07\x7f\x9b z"}
    dumped = json_text(json.dumps(data, ensure_ascii=False))
    assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in dumped)
    assert json.loads(dumped) == data
