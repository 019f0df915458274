"""Calendar (iCalendar, RFC 5545) text: one all-day event per deadline, written by hand, no library needed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sendplan.export import Event


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n, control characters dropped."""
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " " and ch != "\x7f")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space), never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def as_ics(found: list[Event], stamp: datetime, name: str = "sendplan deadlines") -> str:
    """A VCALENDAR of all-day VEVENTs; `stamp` (UTC) is each event's DTSTAMP."""
    stamped = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sendplan//sendplan export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in found:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamped}",
            f"DTSTART;VALUE=DATE:{_day(event.day)}",
            f"DTEND;VALUE=DATE:{_day(event.day + timedelta(days=1))}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _day(day: date) -> str:
    return day.strftime("%Y%m%d") if day.year >= 1000 else f"{day.year:04d}{day.month:02d}{day.day:02d}"
