"""Write tests/data/invalid/: each file named CODE-LLINE-what.yaml for the finding it must produce.

Run from the repository root: `.venv/bin/python tests/make_invalid_corpus.py`, then read `git diff`. Each case
says what it expects; tests/test_corpus.py checks that `validate` reports exactly that code on that line.
"""

import codecs
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import MINIMAL  # noqa: E402

BASE = (
    MINIMAL
    + """    steps:
      - id: A
        title: First step
        due: Jun-23
    updates:
      - date: 01/06/2023
        status: On track
"""
)
OUT = Path(__file__).resolve().parent / "data" / "invalid"
cases = []


def line_of(text, needle):
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    at = text.index(needle)
    return text[:at].count("\n") + 1


def add(slug, content, code, where=1):
    if not isinstance(where, int):
        where = line_of(content, where)
    cases.append((f"{code}-L{where}-{slug}.yaml", content, code, where))


def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)


def after(anchor, extra):
    assert anchor in BASE, anchor
    return BASE.replace(anchor, anchor + extra, 1)


# --- empty and not text
add("empty", "", "SP009")
add("whitespace-only", "   \n\n  \n", "SP009")
add("comments-only", "# a plan\n# to come\n", "SP009")
add("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "SP008", 3)
add("latin-1-title", sub("title: Do the thing", "title: Caf\xe9 the thing").encode("latin-1"), "SP008", "title: Caf")
add("utf-16-le-bom", codecs.BOM_UTF16_LE + BASE.encode("utf-16-le"), "SP008")
add("utf-16-be", BASE.encode("utf-16-be"), "SP008")
add("utf-32", BASE.encode("utf-32"), "SP008")
add("nul-in-title", sub("title: Do the thing", "title: Do\x00 the thing").encode(), "SP008", "title: Do\x00")
add(
    "surrogate-bytes",
    sub("title: Do the thing", "title: Do SURR").encode().replace(b"SURR", b"\xed\xa0\x80"),
    "SP008",
    "title: Do SURR".replace("SURR", "\xed"),
)
add(
    "cp1252-quotes", sub("title: Do the thing", "title: \x93Do\x94 the thing").encode("latin-1"), "SP008", "title: \x93"
)
# --- line ends, BOM, tabs (the finding after them is on the right line)
add("bom-then-unknown-key", ("\ufeff" + after("  area: Demo\n", "  areas: Demo\n")).encode(), "SP101", "  areas:")
crlf = after("    title: Do the thing\n", "    titel: typo\n")
add("crlf-unknown-key", crlf.replace("\n", "\r\n").encode(), "SP101", "    titel:")
add("cr-only-unknown-key", crlf.replace("\n", "\r").encode(), "SP101", 1 + crlf[: crlf.index("    titel:")].count("\n"))
mixed = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(crlf.split("\n")[:-1]))
add("mixed-ends-unknown-key", mixed.encode(), "SP101", "    titel:")
add("tab-indent-plan", sub("  title: Demo plan", "\ttitle: Demo plan"), "SP002", "\ttitle")
add("tab-indent-step", sub("      - id: A", "\t  - id: A"), "SP002", "\t  - id: A")
add("tab-in-plain-title", sub("title: Do the thing", "title: Do\tthe thing"), "SP002", "title: Do\t")
add("tab-before-value", sub("    due: Nov-23", "    due:\tNov-23"), "SP002", "    due:\t")
# --- nesting
add("deep-flow-lists", "[" * 10000, "SP007")
add("deep-flow-maps", "{a: " * 3000, "SP007")
add("deep-flow-under-title", sub("title: Do the thing", "title: " + "[" * 5000), "SP007", "title: [[")
add("deep-compact-items", "- " * 5000 + "x\n", "SP007")
add("deep-block-keys", "".join(" " * i + f"k{i}:\n" for i in range(200)), "SP007", 17)
add("deep-block-items", "".join(" " * (2 * i) + "-\n" for i in range(200)), "SP007", 17)
add(
    "deep-note-in-action",
    after("    sources: [SEF]\n", "    note:\n" + "".join(" " * (6 + 2 * i) + "-\n" for i in range(30))),
    "SP007",
    37 + 13,
)
# --- anchors, aliases, merge keys
bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)
add("alias-bomb", bomb, "SP004", 1)
add("anchor-on-owner", sub("  - id: M.S\n", "  - &who id: M.S\n"), "SP004", "&who")
add("alias-for-owners", sub("    owners: [M.S]", "    owners: *who"), "SP004", "*who")
add("merge-key", after("    sources: [SEF]\n", '  - <<: *base\n    id: "1.2"\n'), "SP004", "<<: *base")
add("anchor-and-alias-in-steps", sub("      - id: A\n", "      - &step id: A\n"), "SP004", "&step")
# --- duplicate keys at every level
add("duplicate-top-key", BASE + "plan:\n  id: again\n", "SP003", BASE.count("\n") + 1)
add("duplicate-plan-key", after("  title: Demo plan\n", "  title: Demo plan again\n"), "SP003", 4)
add("duplicate-action-key", after("    due: Nov-23\n", "    due: Dec-23\n"), "SP003", "    due: Dec-23")
add("duplicate-owner-key", after("    name: Maxine Squire\n", "    name: M Squire\n"), "SP003", "    name: M Squire")
add("duplicate-status-word", after("  Done: complete\n", "  Done: embedded\n"), "SP003", "  Done: embedded")
add(
    "duplicate-step-key",
    after("        title: First step\n", "        title: Second\n"),
    "SP003",
    "        title: Second",
)
add(
    "duplicate-update-key",
    after("        status: On track\n", "        status: Done\n"),
    "SP003",
    "        status: Done",
)
add("duplicate-key-in-flow", sub("    owners: [M.S]", "    owners: {a: 1, a: 2}"), "SP003", "{a: 1")
# --- complex keys at every level
add("list-key-top", "[a]: b\n" + BASE, "SP011", 1)
add("list-key-plan", after("  area: Demo\n", "  [a]: b\n"), "SP011", "[a]: b")
add("map-key-action", after("    due: Nov-23\n", "    {id: x}: v\n"), "SP011", "{id: x}")
add("question-key-owner", after("    name: Maxine Squire\n", "    ? [a, b]\n    : c\n"), "SP011", "? [a, b]")
add("alias-key-step", after("        title: First step\n", "        *k : v\n"), "SP011", "*k : v")
add("empty-key-update", after("        status: On track\n", "        : v\n"), "SP011", "        : v")
add("question-map-key-statuses", after("  Done: complete\n", "  ? {a: b}\n  : c\n"), "SP011", "? {a: b}")
add("null-key-is-unknown", after("  area: Demo\n", "  ~: v\n"), "SP101", "  ~: v")
# --- directives, tags, documents
add("yaml-1-1-directive", "%YAML 1.1\n---\n" + BASE, "SP006", 1)
add("yaml-1-3-directive", "%YAML 1.3\n---\n" + BASE, "SP006", 1)
add("python-object-tag", sub("  id: demo", "  id: !!python/object:os.system demo"), "SP005", "!!python")
add("binary-tag", sub("title: Do the thing", "title: !!binary RG8gdGhlIHRoaW5n"), "SP005", "!!binary")
add("local-tag", sub("    due: Nov-23", "    due: !date Nov-23"), "SP005", "!date")
add("int-tag-on-id", sub('  - id: "1.1"', "  - id: !!int 11"), "SP005", "!!int")
add(
    "tag-directive",
    "%TAG !x! tag:example.com,2000:\n---\n" + sub("  area: Demo", "  area: !x!place Demo"),
    "SP005",
    4 + 2,
)
add("set-tag", sub("    owners: [M.S]", "    owners: !!set {M.S}"), "SP005", "!!set")
add("two-documents", BASE + "---\nplan:\n  id: second\n", "SP010", BASE.count("\n") + 1)
add("three-documents", BASE + "---\na: 1\n---\nb: 2\n", "SP010", BASE.count("\n") + 1)
# --- characters in ids
add("zero-width-space-in-action-id", sub('  - id: "1.1"', '  - id: "1.\u200b1"'), "SP104", '"1.\u200b1"')
add("zero-width-joiner-in-owner-id", sub("  - id: M.S\n", "  - id: M\u200d.S\n"), "SP104", "M\u200d.S")
add("bidi-override-in-plan-id", sub("  id: demo", "  id: de\u202emo"), "SP104", "de\u202emo")
add("bidi-isolate-in-finding-id", sub("  - id: AFI1", "  - id: AFI\u20661"), "SP104", "AFI\u2066")
add("bom-inside-id", sub("  id: demo", "  id: demo\ufeff"), "SP104", "  id: demo\ufeff")
add("space-in-id", sub("  - id: M.S\n", "  - id: M S\n"), "SP104", "  - id: M S")
add("escape-char-in-id", sub("  id: demo", '  id: "de\\emo"'), "SP104", '"de\\emo"')
# --- ids YAML reads as numbers, booleans, null
add("id-read-as-float", sub('  - id: "1.1"', "  - id: 1.1"), "SP105", "  - id: 1.1")
add("id-1-10-read-as-1-1", sub('  - id: "1.1"', "  - id: 1.10"), "SP105", "  - id: 1.10")
add("id-leading-zero", sub('  - id: "1"', "  - id: 01"), "SP105", "  - id: 01")
add("id-hex", sub("  id: demo", "  id: 0x1F"), "SP105", "0x1F")
add("id-octal", sub("  id: demo", "  id: 0o17"), "SP105", "0o17")
add("id-inf", sub("  - id: AFI1", "  - id: .inf"), "SP105", ".inf")
add("id-nan", sub("  - id: safe", "  - id: .nan"), "SP105", ".nan")
add("id-exponent", sub("  - id: A\n", "  - id: 1e3\n"), "SP105", "1e3")
add("id-true", sub("  id: demo", "  id: true"), "SP103", "  id: true")
add("id-false-owner", sub("  - id: M.S\n", "  - id: false\n"), "SP103", "id: false")
add("id-null", sub('  - id: "1.1"', "  - id: null"), "SP103", "id: null")
add("id-tilde", sub("  id: demo", "  id: ~"), "SP103", "  id: ~")
add("status-read-as-number", sub("    status: On track\n", "    status: 1\n"), "SP209", "    status: 1\n")
# --- wrong types at every level
add("top-level-list", "- plan\n- actions\n", "SP103")
add("top-level-text", "just some text\n", "SP103")
add(
    "plan-is-a-list",
    sub(
        "plan:\n  id: demo\n  title: Demo plan\n  area: Demo\n  kind: strategic plan\n  years: financial\n",
        "plan:\n  - demo\n",
    ),
    "SP103",
    2,
)
add(
    "plan-is-text",
    sub(
        "plan:\n  id: demo\n  title: Demo plan\n  area: Demo\n  kind: strategic plan\n  years: financial\n",
        "plan: demo\n",
    ),
    "SP103",
    1,
)
add("actions-is-a-block", BASE[: BASE.index("actions:")] + "actions:\n  one: two\n", "SP103", "  one: two")
add("actions-is-text", BASE[: BASE.index("actions:")] + "actions: all of them\n", "SP103", "actions: all")
add("action-is-text", after("actions:\n", "  - just a line\n"), "SP103", "just a line")
add(
    "owners-is-text",
    sub("owners:\n  - id: M.S\n    name: Maxine Squire\n    initials: M.S\n", "owners: Maxine\n"),
    "SP103",
    "owners: Maxine",
)
add("owner-is-a-list", after("owners:\n", "  - [a, b]\n"), "SP103", "  - [a, b]")
add(
    "statuses-is-a-list",
    sub("statuses:\n  On track: on track\n  Done: complete\n", "statuses:\n  - On track\n"),
    "SP103",
    "  - On track",
)
add("action-owners-is-a-block", sub("    owners: [M.S]", "    owners: {M.S: lead}"), "SP103", "{M.S: lead}")
add(
    "steps-is-text",
    BASE.replace(
        "    steps:\n      - id: A\n        title: First step\n        due: Jun-23\n", "    steps: three of them\n"
    ),
    "SP103",
    "steps: three",
)
add(
    "step-is-a-list",
    sub("      - id: A\n        title: First step\n        due: Jun-23\n", "      - [A, First step]\n"),
    "SP103",
    "[A, First",
)
add("title-is-a-list", sub("title: Do the thing", "title: [Do, the, thing]"), "SP103", "title: [Do")
add(
    "title-is-a-block",
    sub("    title: Do the thing\n", "    title:\n      text: Do the thing\n"),
    "SP103",
    "      text: Do",
)
add("due-is-a-list", sub("    due: Nov-23", "    due: [Nov-23, Dec-23]"), "SP103", "due: [Nov")
add(
    "updates-is-text",
    BASE.replace("    updates:\n      - date: 01/06/2023\n        status: On track\n", "    updates: none yet\n"),
    "SP103",
    "updates: none",
)
add(
    "findings-is-text",
    sub("findings:\n  - id: AFI1\n    text: Leaders should do better.\n", "findings: see the letter\n"),
    "SP103",
    "findings: see",
)
add(
    "priorities-is-a-block",
    sub('priorities:\n  - id: "1"\n    title: Voice\n', "priorities:\n  one: Voice\n"),
    "SP103",
    "  one: Voice",
)
add("sources-is-a-list", sub("sources:\n  SEF: self-evaluation\n", "sources:\n  - SEF\n"), "SP103", "  - SEF")
add("addresses-is-a-block", sub("    addresses: [AFI1]", "    addresses: {AFI1: yes}"), "SP103", "{AFI1")
# --- unknown keys at every level
add("unknown-top-key", BASE + "actoins: []\n", "SP101", "actoins")
add("unknown-plan-key", after("  area: Demo\n", "  aera: Demo\n"), "SP101", "  aera")
add("unknown-action-key", after("    due: Nov-23\n", "    deu: Nov-23\n"), "SP101", "    deu")
add("unknown-step-key", after("        title: First step\n", "        owner: M.S\n"), "SP101", "        owner: M.S")
add("unknown-owner-key", after("    name: Maxine Squire\n", "    email: m@example.org\n"), "SP101", "    email")
add("unknown-priority-key", after("    title: Voice\n", "    colour: red\n"), "SP101", "    colour")
add("unknown-finding-key", after("    text: Leaders should do better.\n", "    txt: more\n"), "SP101", "    txt")
add("unknown-outcome-key", after("    text: I am safe\n", "    who: M.S\n"), "SP101", "    who: M.S")
add("unknown-update-key", after("        status: On track\n", "        comment: fine\n"), "SP101", "        comment")
# --- missing keys
add("no-plan-block", BASE[BASE.index("statuses:") :], "SP102", 1)
add("plan-without-id", sub("  id: demo\n", ""), "SP102", 1)
add(
    "owner-without-id",
    sub("  - id: M.S\n    name: Maxine Squire\n", "  - name: Maxine Squire\n"),
    "SP102",
    "  - name: Maxine",
)
add(
    "action-without-id",
    sub('  - id: "1.1"\n    priority: "1"\n', '  - priority: "1"\n'),
    "SP102",
    '  - priority: "1"\n    title: Do',
)
# --- syntax
add(
    "unclosed-apostrophe",
    sub("    status: On track\n", "    status: 'On track\n").replace(
        "    sources: [SEF]\n", "    sources: [SEF]\n    note: the board's view\n"
    ),
    "SP001",
    "status: 'On",
)
add("unclosed-double-quote", sub("    status: On track\n", '    status: "On track\n'), "SP001", 'status: "On')
add("unclosed-bracket", sub("    owners: [M.S]", "    owners: [M.S"), "SP001", "owners: [M.S")
add("unclosed-brace", sub("    owners: [M.S]", "    owners: {M.S"), "SP001", "owners: {M.S")
add("key-indented-one-too-far", sub("    owners: [M.S]", "     owners: [M.S]"), "SP001", "     owners")
add("key-indented-one-too-few", sub("    owners: [M.S]", "   owners: [M.S]"), "SP001", "   owners")
add("colon-space-in-text", sub("title: Do the thing", "title: Note: do the thing"), "SP001", "title: Note:")
add("curly-quotes", sub("title: Do the thing", "title: \u201cNote: do the thing\u201d"), "SP001", "title: \u201c")
add("at-sign-start", sub("title: Do the thing", "title: @team do the thing"), "SP001", "title: @team")
add("backtick-start", sub("title: Do the thing", "title: `code` the thing"), "SP001", "title: `code")
add("item-dash-misaligned", sub("  - id: M.S\n", "   - id: M.S\n"), "SP001", "    name: Maxine")
add("text-after-closing-quote", sub("title: Do the thing", "title: 'Do' the thing"), "SP001", "title: 'Do'")
add("line-without-colon", after("    due: Nov-23\n", "    just words here\n"), "SP001", "    just words")
add("item-key-without-colon", sub('  - id: "1.1"\n', '  - id "1.1"\n'), "SP001", '  - id "1.1"')
add("key-without-space-after-colon", sub("    due: Nov-23\n", "    due:Nov-23\n"), "SP001", "    due:Nov")
# --- values (later checks: the file reads, the finding is in its content)
add("unknown-status-word", sub("    status: On track\n", "    status: Green\n"), "SP209", "    status: Green")
add("impossible-date", sub("    due: Nov-23", "    due: 31/11/2023"), "SP302", "31/11/2023")
add("unreadable-date", sub("    due: Nov-23", "    due: sometime soon"), "SP301", "sometime soon")
add(
    "duplicate-action-id",
    BASE
    + '  - id: "1.1"\n    priority: "1"\n    title: Again\n    owners: [M.S]\n    due: Nov-23\n    addresses: [AFI1]\n',
    "SP201",
    BASE.count("\n") + 1,
)
add("unknown-owner", sub("    owners: [M.S]", "    owners: [Q.Z]"), "SP202", "[Q.Z]")
add("unknown-kind", sub("  kind: strategic plan", "  kind: wish list"), "SP104", "wish list")
add("empty-title", sub("    title: Do the thing", '    title: ""'), "SP104", '    title: ""')
add("unknown-finding-ref", sub("    addresses: [AFI1]", "    addresses: [AFI9]"), "SP207", "[AFI9]")

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.yaml"):
        old.unlink()
    names = set()
    for name, content, _code, _line in cases:
        assert name not in names, name
        names.add(name)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (OUT / name).write_bytes(data)
    print(len(cases))
