"""The fast reader (fastyaml) against the parser's path: same Document and no problems, or it gives up.

Every YAML file in the repository, a generated set, hypothesis-made block YAML full of awkward scalars, and
shipped plans with one edit each. `derandomize` keeps CI runs repeatable; example counts are small on purpose.
"""

from __future__ import annotations

import importlib.util
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sendplan import yamlio
from sendplan.fastyaml import FastDocument, read_block_yaml
from sendplan.positions import Positions, _grouped
from sendplan.yamlio import MAX_DEPTH, Number, read_parsed, read_yaml
from tests.conftest import DATA, PLANS, ROOT, property_settings

EXAMPLES = {"trees": 200, "edits": 120}


def _settings(name: str) -> Any:
    return property_settings(EXAMPLES[name])


def _same(fast: Any, slow: Any) -> bool:
    """Equal data with equal types: a Number keeps its text, and NaN equals NaN."""
    if type(fast) is not type(slow):
        return False
    if type(fast) is dict:
        return list(fast) == list(slow) and all(_same(fast[key], slow[key]) for key in fast)
    if type(fast) is list:
        return len(fast) == len(slow) and all(_same(a, b) for a, b in zip(fast, slow, strict=True))
    if type(fast) is Number:
        return fast.text == slow.text and (fast == slow or (math.isnan(fast) and math.isnan(slow)))
    return bool(fast == slow)


def _agrees(text: str) -> bool:
    """Assert the fast reader gives up on `text` or reads it exactly as the parser does; True if it read it."""
    fast = read_block_yaml(text)
    if fast is None:
        return False
    slow, problems = read_parsed(text, "p.yaml")
    assert problems == [], text
    assert _same(fast.data, slow.data), text
    assert fast.where == slow.where, text
    assert fast.key_where == slow.key_where, text
    assert fast.raw == slow.raw, text
    assert fast.comments == slow.comments, text
    for name in ("where", "key_where", "raw"):  # in the same order too (the cache packs positions in order)
        assert list(getattr(fast, name)) == list(getattr(slow, name)), (name, text)
    # the places as the reader grouped them are those Positions would group from the parser's dicts
    assert list(fast.groups.items()) == list(_grouped(slow).items()), text
    again, none = read_yaml(text, "p.yaml")  # read_yaml takes the fast path
    assert none == [] and _same(again.data, fast.data) and again.where == fast.where
    return True


@cache
def _generated() -> tuple[Path, ...]:
    """A small set from benchmarks/generate.py, as the benchmarks make it."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = Path(__import__("tempfile").mkdtemp(prefix="sendplan-fastyaml-"))
    module.generate(folder, 4, 30)
    return tuple(sorted(folder.glob("*.yaml")))


def _texts(paths: Any) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(paths):
        try:
            found.append((path, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:  # refused before any YAML is read
            continue
    return found


@cache
def _shipped() -> list[tuple[Path, str]]:
    return _texts([*PLANS.rglob("*.yaml"), *(DATA / "valid").rglob("*.yaml")])


def test_every_yaml_file_in_the_repository_reads_alike() -> None:
    files = _texts([*PLANS.rglob("*.y*ml"), *(ROOT / "tests").rglob("*.y*ml"), *_generated()])
    assert len(files) > 100
    read = sum(_agrees(text) for _, text in files)
    assert read > len(files) // 2


def test_it_reads_the_shipped_plans_and_the_generated_set() -> None:
    """Else it gains nothing: the shipped plans, the valid examples and generated plans all take the fast path."""
    files = _texts([*PLANS.rglob("*.yaml"), *(DATA / "valid").rglob("*.yaml"), *_generated()])
    refused = [str(path) for path, text in files if read_block_yaml(text) is None]
    assert refused == []


def test_it_gives_up_on_what_the_parser_reports() -> None:
    for text in (
        "a: 1\na: 2\n",  # duplicate key
        "a: &x 1\nb: *x\n",  # anchor, alias
        "a: !!str 1\n",  # tag
        "a: 1\n---\nb: 2\n",  # two documents
        "a:\tb\n",  # tab
        "a: b\n c: d\n",  # odd indentation
        ": b\n",  # no key
        "# only a comment\n",  # empty
        "%YAML 1.1\n---\na: b\n",  # directive
        "a: 'open\n",  # unclosed quote
        "a: {b: c}\n",  # flow mapping
        "a: [b, [c]]\n",  # nested flow
        'a: "\\x41"\n',  # an escape it leaves to the parser
    ):
        assert read_block_yaml(text) is None, text


def test_flow_lists_of_words_read_as_the_parser_reads_them() -> None:
    """The one-match reading of "[SEF]" and "[AFI1, AFI2]", and the words it leaves to the item-by-item reading."""
    for items in ("SEF", "AFI1, AFI2", "lead-5, a.b_c, Tbc", "null", "x, true, y", "x, False", "No, yes, off"):
        assert _agrees(f"a: [{items}]\nb:\n  - [{items}]\n  - [{items}]  # c\n"), items
    for spaced in ("x,y", "x ,y", "x,  y", " x", "x ", "x, 1", "x, .5", "x, -y"):
        _agrees(f"a: [{spaced}]\n")  # read item by item, or left to the parser: alike either way


def test_deep_nesting_is_left_to_the_parser() -> None:
    deep = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH + 2)) + f"{'  ' * 20}v: 1\n"
    assert read_block_yaml(deep) is None
    # Text continued on lines indented ever further: the depth pre-scan counts them as levels, so must this.
    stairs = "a: b\n" + "".join(f"{' ' * (step + 1)}w{step}\n" for step in range(2 * MAX_DEPTH))
    assert read_block_yaml(stairs) is None or yamlio.too_deep(stairs) is None
    assert _agrees("a: b\n  c\n\n  d\nе: f\n".replace("е", "e"))


NASTY = [
    *("null", "Null", "NULL", "~", "true", "True", "FALSE", "yes", "off", "1", "-1", "+1", "0x1F", "0o17"),
    *("1e3", "1_000", ".inf", "-.Inf", ".nan", "1.5", "12:30", "0123", "1e400", "-", "-x", "?x", ":x", "x:"),
    *("a: b", "a #b", "a#b", "#x", "- x", "? x", ": x", "'q'", '"q"', "it's", 'say "hi"', "trailing "),
    *(" leading", "\u00e9\u4e2d\U0001f600", "[a]", "{a}", "a,b", "*a", "&a", "!t", "%x", "@x", "`x", "|", ">"),
    *("a\\b", "http://x.org", "plan:AFI3", "1.1", "Feb-23", "a  b", "a\u00a0b", "\u2028", "x" * 40),
]
_ALPHABET = "ab :#'\"-?,[]{}\\|>&*!%@`\u00e9\u4e2d\U0001f600\u00a0 01.\t"
scalars = st.one_of(st.sampled_from(NASTY), st.text(alphabet=_ALPHABET, max_size=24))
keys = st.one_of(st.sampled_from(["id", "title", "a b", "1", "null", "k:v", "x", "é"]), scalars)


def _tree(depth: int) -> st.SearchStrategy[Any]:
    if depth <= 0:
        return scalars
    inner = _tree(depth - 1)
    return st.one_of(
        scalars,
        st.lists(st.tuples(keys, inner), min_size=1, max_size=4),  # a mapping (keys may repeat)
        st.lists(inner, min_size=1, max_size=4).map(tuple),  # a list
    )


def _scalar(text: str, style: int, indent: int) -> str:
    """`text` written plain (whatever it holds), quoted, as a block scalar or over several lines."""
    if style == 1:
        return "'" + text.replace("'", "''") + "'"
    if style == 2:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style in (3, 4) and text.strip():
        body = "".join(f"\n{' ' * indent}{line}" if line else "\n" for line in text.split(" "))
        return ("|" if style == 3 else ">-") + body
    if style == 5 and " " in text.strip():
        first, _, rest = text.strip().partition(" ")
        return f"{first}\n{' ' * indent}{rest}"
    if style == 6:
        return f"{text} # note: {text}"
    return text


def _block(node: Any, col: int, draw: Any, lines: list[str]) -> None:
    """Append the lines of the list or mapping `node`, its entries at column `col`."""
    if isinstance(node, tuple):
        for item in node:
            if isinstance(item, list) and draw(st.booleans()):  # "- key: value", the rest of the keys under it
                for number, (key, value) in enumerate(item):
                    lead = " " * col + ("- " if number == 0 else "  ") + _key(key, draw) + ": "
                    _entry(lead, value, col + 2, draw, lines)
            else:
                _entry(" " * col + "-" + " " * draw(st.sampled_from([1, 1, 1, 3])), item, col, draw, lines)
        return
    for key, value in node:
        space = " " * draw(st.sampled_from([1, 1, 1, 2]))
        _entry(
            " " * col + _key(key, draw) + draw(st.sampled_from(["", "", " "])) + ":" + space, value, col, draw, lines
        )


def _key(key: str, draw: Any) -> str:
    return _scalar(key, draw(st.sampled_from([0, 0, 0, 1, 2])), 0)


def _entry(lead: str, value: Any, col: int, draw: Any, lines: list[str]) -> None:
    """Append an entry of the block at column `col`: `lead` ('- ' or 'key: ') and its value."""
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["", "   ", "# a comment", f"{' ' * col}# an indented comment"])))
    step = draw(st.sampled_from([2, 2, 4, 1, 3]))
    if isinstance(value, str):
        lines.append(lead + _scalar(value, draw(st.integers(0, 7)), col + step))
        return
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value) and draw(st.booleans()):
        lines.append(lead + "[" + ", ".join(_scalar(item, draw(st.sampled_from([0, 1, 2])), 0) for item in value) + "]")
        return
    lines.append(lead.rstrip(" "))
    indentless = isinstance(value, tuple) and not lead.rstrip(" ").endswith("-") and draw(st.booleans())
    _block(value, col if indentless else col + step, draw, lines)


@_settings("trees")
@given(tree=_tree(3), data=st.data())
@example(tree=[("a", "b c d")], data=None)
def test_generated_block_yaml_reads_alike(tree: Any, data: Any) -> None:
    lines: list[str] = []
    if data is None:
        text = "a: b\n  c\n\n  d\n"
    else:
        _block(tree if not isinstance(tree, str) else [("k", tree)], 0, data.draw, lines)
        text = "\n".join(lines) + "\n"
    _agrees(text)


@_settings("edits")
@given(data=st.data())
def test_shipped_plans_with_one_edit_read_alike(data: Any) -> None:
    _, text = data.draw(st.sampled_from(_shipped()))
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    insert = data.draw(st.one_of(st.sampled_from(["", " ", "  ", "\n", ":", " #", "'", '"', "- ", "\n  "]), scalars))
    _agrees(text[:at] + insert + text[at + cut :])


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: -2.5\nc: 0x1F\nd: .nan\ne: null\nf: ~\ng: True\nh: yes\n",
        "a:\n- x\n- y\nb:\n  - - z\n",
        "a:\n  - k: v\n    l: [p, 'q r', \"s\"]\n  -\n  - \n",
        "note: >-\n  one\n  two\n\n  three\nlit: |\n  a\n\n   b\n  c\n",
        "a: 'it''s'\nb: \"say \\\"hi\\\" \\\\ \\n\"\nc: \"\"\n'd e': x\n",
        "a: b # c: d\n# e\nf:   # g\n",
        "a: b\n  c\n",
        "- a\n-\n- [1, -2, 0o17]\n",
    ],
)
def test_small_cases_read_alike(text: str) -> None:
    _agrees(text)


def test_its_places_are_made_into_dicts_only_when_asked_for_and_survive_pickling() -> None:
    import pickle

    text = (PLANS / "york-2023-25.yaml").read_text(encoding="utf-8")
    fast = read_block_yaml(text)
    assert isinstance(fast, FastDocument)
    assert "where" not in vars(fast) and "key_where" not in vars(fast)  # nothing built that checking does not need
    positions = Positions.of(fast)
    assert "where" not in vars(fast)
    again = pickle.loads(pickle.dumps(fast))
    slow, _ = read_parsed(text, "york.yaml")
    assert again.where == slow.where and again.key_where == slow.key_where
    for path, place in slow.where.items():
        assert positions.get(path) == place
        assert positions.get(path, key=True) == slow.key_where.get(path)
    with pytest.raises(AttributeError):
        _ = fast.no_such_field
