"""The date-phrase grammar, table-driven: every phrase in the seeds, and those that must be findings."""

from __future__ import annotations

from datetime import date

import pytest

from sendplan import dates
from sendplan.dates import DateError, parse

D = date

# phrase, years setting, kind, start, deadline (end)
READABLE = [
    # exact days
    ("2024-03-31", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("31/03/2024", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("31/3/24", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("31.03.2024", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("31 March 2024", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("31st March 2024", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("1st of April 2024", None, "fixed", D(2024, 4, 1), D(2024, 4, 1)),
    ("March 31, 2024", None, "fixed", D(2024, 3, 31), D(2024, 3, 31)),
    ("29/02/2024", None, "fixed", D(2024, 2, 29), D(2024, 2, 29)),
    # the Ambition Plan's days (seed 004)
    ("01/11/2022", None, "fixed", D(2022, 11, 1), D(2022, 11, 1)),
    ("30/11/2022", None, "fixed", D(2022, 11, 30), D(2022, 11, 30)),
    ("15/12/2022", None, "fixed", D(2022, 12, 15), D(2022, 12, 15)),
    # months
    ("July 2024", None, "fixed", D(2024, 7, 1), D(2024, 7, 31)),
    ("Jul 2024", None, "fixed", D(2024, 7, 1), D(2024, 7, 31)),
    ("Sept 2024", None, "fixed", D(2024, 9, 1), D(2024, 9, 30)),
    ("Feb-23", None, "fixed", D(2023, 2, 1), D(2023, 2, 28)),
    ("Feb-24", None, "fixed", D(2024, 2, 1), D(2024, 2, 29)),
    ("Nov-24", None, "fixed", D(2024, 11, 1), D(2024, 11, 30)),
    ("Apr-24", None, "fixed", D(2024, 4, 1), D(2024, 4, 30)),
    ("Jan-23", None, "fixed", D(2023, 1, 1), D(2023, 1, 31)),
    ("December 2023", None, "fixed", D(2023, 12, 1), D(2023, 12, 31)),
    ("January 2024", None, "fixed", D(2024, 1, 1), D(2024, 1, 31)),
    ("Oct 2020", None, "fixed", D(2020, 10, 1), D(2020, 10, 31)),
    ("May 2020", None, "fixed", D(2020, 5, 1), D(2020, 5, 31)),
    ("Jan 2021", None, "fixed", D(2021, 1, 1), D(2021, 1, 31)),
    ("end of March 2025", None, "fixed", D(2025, 3, 1), D(2025, 3, 31)),
    ("by July 2024", None, "fixed", D(2024, 7, 1), D(2024, 7, 31)),
    # calendar years
    ("2023", None, "fixed", D(2023, 1, 1), D(2023, 12, 31)),
    # ranges
    ("September – December 2023", None, "range", D(2023, 9, 1), D(2023, 12, 31)),
    ("September - December 2023", None, "range", D(2023, 9, 1), D(2023, 12, 31)),
    ("November - February 2024", None, "range", D(2023, 11, 1), D(2024, 2, 29)),
    ("September 2023 to March 2025", None, "range", D(2023, 9, 1), D(2025, 3, 31)),
    ("Feb 2023 - Jan 2024", None, "range", D(2023, 2, 1), D(2024, 1, 31)),
    ("between April 2024 and June 2024", None, "range", D(2024, 4, 1), D(2024, 6, 30)),
    ("from May 2024 until July 2024", None, "range", D(2024, 5, 1), D(2024, 7, 31)),
    ("2023-2025", None, "range", D(2023, 1, 1), D(2025, 12, 31)),
    ("April 2023 to March 2025", None, "range", D(2023, 4, 1), D(2025, 3, 31)),
    ("February 2020 to September 2021", None, "range", D(2020, 2, 1), D(2021, 9, 30)),
    # financial years: April to March
    ("Financial years 2023/24 and 2024/25", None, "range", D(2023, 4, 1), D(2025, 3, 31)),
    ("financial year 2023/24", None, "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("FY 2023-24", None, "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023/24 financial year", None, "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023/24", "financial", "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023-24", "financial", "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("2023/2024", "financial", "fixed", D(2023, 4, 1), D(2024, 3, 31)),
    ("throughout 2023-24 and 2024-25", "financial", "range", D(2023, 4, 1), D(2025, 3, 31)),
    # academic years: September to August
    ("academic year 2023-24", None, "fixed", D(2023, 9, 1), D(2024, 8, 31)),
    ("AY 2023/24", None, "fixed", D(2023, 9, 1), D(2024, 8, 31)),
    ("academic years 2023-24 and 2024-25", None, "range", D(2023, 9, 1), D(2025, 8, 31)),
    ("2023-24", "academic", "fixed", D(2023, 9, 1), D(2024, 8, 31)),
    ("academic year 2024-25", "financial", "fixed", D(2024, 9, 1), D(2025, 8, 31)),
    # terms and quarters
    ("autumn term 2023", None, "fixed", D(2023, 9, 1), D(2023, 12, 31)),
    ("Spring term 2024", None, "fixed", D(2024, 1, 1), D(2024, 4, 30)),
    ("Summer 2024", None, "fixed", D(2024, 4, 1), D(2024, 8, 31)),
    ("Q3 2023", None, "fixed", D(2023, 7, 1), D(2023, 9, 30)),
    ("Q1 2024/25", None, "fixed", D(2024, 4, 1), D(2024, 6, 30)),
    ("Q4 2024-25", None, "fixed", D(2025, 1, 1), D(2025, 3, 31)),
    # council wording seen in other plans
    ("end March 2024", None, "fixed", D(2024, 3, 1), D(2024, 3, 31)),
    ("March-2024", None, "fixed", D(2024, 3, 1), D(2024, 3, 31)),
    ("w/c 4 March 2024", None, "range", D(2024, 3, 4), D(2024, 3, 10)),
    ("Q4 23/24", None, "fixed", D(2024, 1, 1), D(2024, 3, 31)),
    ("September-December 2023", None, "range", D(2023, 9, 1), D(2023, 12, 31)),
    # review dates read as their date, flagged
    ("Review August 2024", None, "fixed", D(2024, 8, 1), D(2024, 8, 31)),
]

OPEN_ENDED = [
    ("Ongoing", "open"),
    ("On-going", "open"),
    ("on going", "open"),
    ("Ongoing 2023-2025", "open"),
    ("TBC", "unknown"),
    ("TBA", "unknown"),
    ("To be confirmed", "unknown"),
]

RECURRING = [
    ("Annually", 12, 0),
    ("Quarterly", 3, 0),
    ("Monthly", 1, 0),
    ("Termly", 4, 0),
    ("Weekly", 0, 7),
    ("Fortnightly", 0, 14),
    ("Every 6 weeks", 0, 42),
    ("every 2 months", 2, 0),
    ("Every two weeks", 0, 14),
    ("Six-monthly", 6, 0),
    ("Bi-annually", 6, 0),
    ("half-yearly", 6, 0),
]

# phrase, years setting, code: each a finding, never a guess
FINDINGS = [
    ("31/11/2022", None, "SP302"),
    ("31/06/2023", None, "SP302"),
    ("29/02/2023", None, "SP302"),
    ("30 February 2024", None, "SP302"),
    ("12/13/2024", None, "SP302"),
    ("24-Apr", None, "SP303"),
    ("24 Apr", None, "SP303"),
    ("May 20", None, "SP303"),
    ("Aug 21", None, "SP303"),
    ("March", None, "SP303"),
    ("2023/24", None, "SP304"),
    ("2023-24", None, "SP304"),
    ("Phase 1: Oct 2020", None, "SP301"),
    ("Phase 2: Jan 2021", None, "SP301"),
    ("Deadlines as set out in improvement plan.", None, "SP301"),
    ("soon", None, "SP301"),
    ("", None, "SP301"),
    ("March 2025 to September 2023", None, "SP301"),
    ("2024/26", "financial", "SP303"),
    ("2023-25", "financial", "SP303"),
]


@pytest.mark.parametrize(("phrase", "years", "kind", "start", "end"), READABLE)
def test_readable_phrases(phrase: str, years: dates.YearMode, kind: str, start: date, end: date) -> None:
    when = parse(phrase, years)
    assert (when.kind, when.start, when.end) == (kind, start, end)
    assert when.text == phrase
    assert when.deadline == end


@pytest.mark.parametrize(("phrase", "kind"), OPEN_ENDED)
def test_open_and_unknown_have_no_deadline(phrase: str, kind: str) -> None:
    when = parse(phrase)
    assert when.kind == kind
    assert when.deadline is None


@pytest.mark.parametrize(("phrase", "months", "days"), RECURRING)
def test_recurring(phrase: str, months: int, days: int) -> None:
    when = parse(phrase)
    assert (when.kind, when.every_months, when.every_days) == ("recurring", months, days)
    assert when.deadline is None


@pytest.mark.parametrize(("phrase", "years", "code"), FINDINGS)
def test_findings_not_guesses(phrase: str, years: dates.YearMode, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(phrase, years)
    assert caught.value.code == code
    assert caught.value.hint  # every finding says how to fix it


def test_counts_at_least_sixty_phrases() -> None:
    assert len(READABLE) + len(OPEN_ENDED) + len(RECURRING) + len(FINDINGS) >= 60


def test_irregular_space_is_read_with_a_warning() -> None:
    when = parse("May- 24")
    assert (when.start, when.end) == (D(2024, 5, 1), D(2024, 5, 31))
    assert when.note is not None and when.note.code == "SP305"
    assert "May-24" in when.note.hint


def test_tbc_and_review_carry_warnings() -> None:
    assert parse("TBC").note.code == "SP306"  # type: ignore[union-attr]
    review = parse("Review August 2024")
    assert review.review and review.note is not None and review.note.code == "SP307"


def test_messages_quote_the_phrase_as_written() -> None:
    with pytest.raises(DateError) as caught:
        parse("24-Apr")
    assert "'24-Apr'" in caught.value.message
    with pytest.raises(DateError) as caught:
        parse("31/11/2022")
    assert "November 2022 has 30 days" in caught.value.message
    assert "30/11/2022" in caught.value.hint


def test_phase_words_get_a_specific_hint() -> None:
    with pytest.raises(DateError) as caught:
        parse("Phase 1: Oct 2020")
    assert "'Oct 2020'" in caught.value.hint and "Phase 1" in caught.value.hint


def test_recurring_with_a_start() -> None:
    when = parse("Annually from April 2024")
    assert when.start == D(2024, 4, 1)


def test_occurrences_fall_at_the_end_of_each_interval() -> None:
    when = parse("Annually")
    assert dates.occurrences(when, D(2023, 4, 1), D(2025, 3, 31)) == [D(2024, 3, 31), D(2025, 3, 31)]
    quarterly = parse("Quarterly")
    assert dates.occurrences(quarterly, D(2024, 1, 1), D(2024, 9, 30)) == [
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
    ]
    weekly = parse("Weekly")
    assert dates.occurrences(weekly, D(2024, 1, 1), D(2024, 1, 14)) == [D(2024, 1, 7), D(2024, 1, 14)]


def test_add_months_clamps_to_month_end() -> None:
    assert dates.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert dates.add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)


def test_a_part_that_fails_is_reported_with_the_whole_phrase() -> None:
    with pytest.raises(DateError) as caught:
        parse("by Christmas")
    assert caught.value.message == "'by Christmas' is not a date sendplan can read"
    with pytest.raises(DateError) as caught:
        parse("31/11/2022 to Jan 2023")
    assert caught.value.message.startswith("in '31/11/2022 to Jan 2023': '31/11/2022' does not exist")
    with pytest.raises(DateError) as caught:
        parse("2024-13-01")
    assert "YYYY-MM-DD" in caught.value.hint


def test_ongoing_with_words_after_it_is_open_with_a_warning() -> None:
    when = dates.parse("Ongoing via 'Making York Home' Group")
    assert when.kind == "open" and when.deadline is None
    assert when.note is not None and when.note.code == "SP305"
    assert dates.parse("Ongoing from April 2024").start == date(2024, 4, 1)
    for phrase in ("Ongoing xyz 2024", "Ongoing from Blah"):
        with pytest.raises(dates.DateError):
            dates.parse(phrase)


@pytest.mark.parametrize("phrase", ["0000-01-01", "0024-03-31", "31/03/0024", "March 0024", "0024", "Q1 0024"])
def test_years_no_plan_can_have_are_not_read_as_this_century(phrase: str) -> None:
    with pytest.raises(dates.DateError) as raised:
        dates.parse(phrase)
    assert raised.value.code == "SP308"
