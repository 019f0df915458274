"""The board paper as a Word document (python-docx): real headings, tables whose header rows repeat, status words."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sendplan.problems import SendplanError
from sendplan.render.report import NAMES
from sendplan.report import Report
from sendplan.safetext import visible
from sendplan.template_filters import long_date, shorten

# What XML 1.0 forbids in text (C0 controls but tab, newline and return; lone surrogates; U+FFFE and U+FFFF), with
# DEL and the C1 controls, which it only discourages but Word shows as boxes: python-docx would refuse the first.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

PROPERTY_LIMIT = 255  # characters python-docx (and Word's dialog) allows in a core property such as the title

# Light fills beside a status word, never instead of it: the GOV.UK tag backgrounds of templates/report.css, on
# which black text has more than 4.5:1 contrast.
FILLS: dict[str, str] = {
    "not started": "EEEFEF",
    "on track": "CCE2D8",
    "at risk": "FFF7BF",
    "off track": "F4CDC6",
    "complete": "BBD4EA",
    "embedded": "DBD5E9",
    "overdue": "FCD6C3",
    "red": "F4CDC6",
    "amber": "FFF7BF",
    "green": "CCE2D8",
    "met": "CCE2D8",
    "not met": "F4CDC6",
    "gap": "F4CDC6",
}


def word_text(text: Any) -> str:
    """Plan text for a Word run: on one line, control characters shown as symbols as every renderer shows them, and
    nothing XML 1.0 forbids (python-docx escapes
    <, > and &, so `<script>` and `{{ x }}` stay literal text)."""
    return " ".join(_NOT_TEXT.sub("", visible("" if text is None else str(text))).split())


def _spaced(text: str) -> str:
    """word_text, keeping one space at either end where there was any (runs of a paragraph meet there)."""
    cleaned = _NOT_TEXT.sub("", visible(text))
    return re.sub(r"\s+", " ", cleaned)


@dataclass(frozen=True, slots=True)
class Tag:
    """A table cell holding a status word, with the light fill of `fill` (a key of FILLS) behind it."""

    text: str
    fill: str


Cell = str | int | Tag


def render(report: Report, template: str | None = None) -> bytes:
    """The report as a .docx file's bytes: the highlight paper or the full report, as the Markdown shows them."""
    name = template or ("highlight" if report.portfolio else "report")
    if name not in NAMES:
        raise SendplanError(
            f"--template {template}: Word output is sendplan's own layout and does not use templates of your own; "
            f"give --template {' or '.join(NAMES)}, or --format md or html for your templates"
        )
    from sendplan.render import docx_board, docx_plan

    kind = "highlight report" if name == "highlight" else "progress report"
    paper = Paper(f"{report.subject}: {kind}, {long_date(report.as_of)}", report)
    paper.title(paper.name)
    if name == "highlight":
        docx_board.highlight_paper(paper, report)
    else:
        docx_plan.full_report(paper, report)
    paper.footer(report)
    return paper.save()


class Paper:
    """A Word document being written: A4, British English, the built-in Title and Heading styles, and tables."""

    def __init__(self, name: str, report: Report) -> None:
        from docx import Document
        from docx.shared import Cm, Pt

        self.name = word_text(name)
        self.document: Any = Document()  # python-docx ships no type hints
        self._ids: dict[str, str] = {}
        self._end = self.document.element.body.sectPr  # the body's last child: new content goes before it
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        self.document.styles["Normal"].font.size = Pt(10)
        self._language("en-GB")
        when = datetime(report.as_of.year, report.as_of.month, report.as_of.day)
        props = self.document.core_properties
        props.title = shorten(self.name, PROPERTY_LIMIT)
        props.subject = shorten(word_text(report.subject), PROPERTY_LIMIT)
        props.keywords = "SEND; board paper; sendplan"
        props.author = props.last_modified_by = "sendplan"
        props.comments = shorten("Made by sendplan from " + word_text(", ".join(report.files)), PROPERTY_LIMIT)
        props.created = props.modified = when
        props.revision = 1

    def _language(self, tag: str) -> None:
        """Set the document's default language (spelling, screen readers) in its styles' run defaults."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if run is None:
            return
        lang = run.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run.append(lang)
        lang.set(qn("w:val"), tag)

    def _style(self, name: str) -> str:
        """A built-in style's id, looked up once (python-docx searches every style on each use of a name)."""
        if name not in self._ids:
            self._ids[name] = self.document.styles[name].style_id
        return self._ids[name]

    def _paragraph(self, style: str | None = None) -> Any:
        """A new paragraph at the end of the document, in the named style (or Normal).

        Placed just before the section properties directly: python-docx's add_paragraph searches the whole body
        for them each time, which grows with the square of the paper's length.
        """
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self.document._body)
        if style is not None:
            element.style = self._style(style)
        return paragraph

    def title(self, text: str) -> None:
        """The paper's title, in the Title style."""
        self._paragraph("Title").add_run(word_text(text))

    def heading(self, level: int, text: str) -> None:
        """A heading at a Markdown level (## is Heading 1: the paper's # is its Title)."""
        self._paragraph(f"Heading {max(1, min(level - 1, 9))}").add_run(word_text(text))

    def text(self, *parts: str | tuple[str, bool], style: str | None = None) -> None:
        """A paragraph of runs, each a string or a (text, bold) pair, joined as written; nothing when all are empty."""
        runs = [(p, False) if isinstance(p, str) else p for p in parts]
        runs = [(_spaced(t), bold) for t, bold in runs if word_text(t)]
        if not runs:
            return
        paragraph = self._paragraph(style)
        for index, (words, bold) in enumerate(runs):
            paragraph.add_run(words.lstrip() if index == 0 else words).bold = bold or None

    def label(self, text: str) -> None:
        """A bold line naming the table below it, kept on its page."""
        paragraph = self._paragraph()
        paragraph.add_run(word_text(text)).bold = True
        paragraph.paragraph_format.keep_with_next = True

    def bullets(self, rows: list[tuple[str, str]]) -> None:
        """A bulleted list of "Label: value" lines, the label bold."""
        for name, value in rows:
            paragraph = self._paragraph("List Bullet")
            paragraph.add_run(word_text(name) + ":").bold = True
            paragraph.add_run(" " + word_text(value))

    def table(self, headers: list[str], rows: list[list[Cell]], numbers: tuple[int, ...] = ()) -> None:
        """A table: a bold header row that repeats on every page, rows that never split across a page, numbers
        (the columns in `numbers`) aligned right, and status words with their light fill.

        The rows are written as XML text and parsed once: python-docx's cell objects take time that grows with
        the table, too slow for a plan set of thousands of actions.
        """
        from docx.oxml.parser import parse_xml

        width = str(TEXT_WIDTH // len(headers))
        xml = [
            f'<w:tbl {_NAMESPACE}><w:tblPr><w:tblStyle w:val="{self._style("Table Grid")}"/>',
            '<w:tblW w:type="auto" w:w="0"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" ',
            'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            f'<w:gridCol w:w="{width}"/>' * len(headers),
            "</w:tblGrid>",
            _row(headers, width, (), header=True),
            *(_row(row, width, numbers, header=False) for row in rows),
            "</w:tbl>",
        ]
        self._end.addprevious(parse_xml("".join(xml)))
        self._paragraph()  # Word runs adjacent tables together without a paragraph between them

    def footer(self, report: Report) -> None:
        """Where the paper came from, and how dates are read (as the Markdown report ends)."""
        context = report.context
        made = "Made by sendplan from " + ", ".join(report.files)
        if context:
            made += ", with the findings and outcomes they refer to in " + ", ".join(context)
        self.text(
            made + f". Statuses and lateness are as of {long_date(report.as_of)}. Due dates are shown as each plan "
            "writes them: a month is due on its last day, a financial year on 31 March, an academic year on "
            "31 August; an action is overdue from the day after its deadline until it is complete or embedded. "
            "Ongoing and to-be-confirmed dates are never overdue."
        )

    def save(self) -> bytes:
        """The document's bytes, the same for the same report: every part dated 1980-01-01 in the zip."""
        raw = io.BytesIO()
        self.document.save(raw)
        fixed = io.BytesIO()
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(zipfile.ZipInfo(info.filename), source.read(info.filename), zipfile.ZIP_DEFLATED)
        return fixed.getvalue()


_NAMESPACE = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH = 9638  # twentieths of a point: A4 less two 2 cm margins, 17 cm
_TABLE_TEXT = 17  # half-points: 8.5 pt


def _row(cells: list[Cell] | list[str], width: str, numbers: tuple[int, ...], header: bool) -> str:
    """One table row as WordprocessingML: kept on one page; the header row marked to repeat on each page."""
    from xml.sax.saxutils import escape

    parts = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if header else "", "</w:trPr>"]
    for column, value in enumerate(cells):
        text = escape(word_text(value.text if isinstance(value, Tag) else value))
        fill = FILLS.get(value.fill) if isinstance(value, Tag) else None
        parts.append("<w:tc><w:tcPr>")
        parts.append(f'<w:tcW w:w="{width}" w:type="dxa"/>')
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
        parts.append("</w:tcPr><w:p>")
        parts.append('<w:pPr><w:jc w:val="right"/></w:pPr>' if column in numbers else "")
        bold = "<w:b/>" if header else ""
        parts.append(
            f'<w:r><w:rPr>{bold}<w:sz w:val="{_TABLE_TEXT}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
        )
        parts.append("</w:p></w:tc>")
    parts.append("</w:tr>")
    return "".join(parts)


def left_out_note(paper: Paper, report: Any, what: str) -> None:
    """The paper's first words when plan files could not be read: how many, which, and what to run."""
    names = list(dict.fromkeys(p.file for p in report.left_out))
    paper.text(
        (f"{len(names)} plan file(s) could not be read and are not in this {what}: {', '.join(names)}.", True),
        " Run sendplan validate to see every problem.",
    )
