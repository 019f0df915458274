"""KPIs: figures read as numbers, which way is better, latest against target, trend and sparkline contrast."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sendplan.report import build_report
from sendplan.report_kpi import MET, NO_DATA, NOT_MET, Figure, read_figure
from sendplan.report_travel import BETTER, UNKNOWN, WORSE
from sendplan.template_filters import SPARK, spark_points, spark_target
from tests.conftest import MINIMAL
from tests.test_report import AS_OF, contrast, run_report


@pytest.mark.parametrize(
    ("text", "value", "unit", "sense"),
    [
        ("90%", 90.0, "%", ""),
        ("28 %", 28.0, "%", ""),
        ("85 of 120", 70.8, "%", ""),
        ("12 out of 20", 60.0, "%", ""),
        ("4.2 weeks", 4.2, "weeks", ""),
        ("1,200", 1200.0, "", ""),
        ("at least 93%", 93.0, "%", "higher"),
        ("above 75%", 75.0, "%", "higher"),
        ("no more than 5 days", 5.0, "days", "lower"),
    ],
)
def test_numbers_and_percentages_are_read(text: str, value: float, unit: str, sense: str) -> None:
    assert read_figure(text) == Figure(text, value, unit, sense)


@pytest.mark.parametrize(
    "text", ["no CYP waiting greater than 52 weeks", "60% reduction", "doubles", "90% of pre-16 plans; 95% of post 16"]
)
def test_anything_else_stays_text_as_written(text: str) -> None:
    assert read_figure(text) == Figure(text, None)


def measure(baseline: str, target: str, actuals: list[tuple[str, str]] | None = None, actual: str = "") -> str:
    """MINIMAL with one measure."""
    lines = "    measures:\n      - text: Plans issued in 20 weeks\n"
    lines += (f"        baseline: '{baseline}'\n" if baseline else "") + f"        target: '{target}'\n"
    if actual:
        lines += f"        actual: '{actual}'\n"
    if actuals:
        lines += "        actuals:\n" + "".join(f"          - {{date: {d}, value: '{v}'}}\n" for d, v in actuals)
    return MINIMAL.replace("    sources: [SEF]\n", "    sources: [SEF]\n" + lines)


def kpi_of(write_plan, text: str, since: date | None = None):  # type: ignore[no-untyped-def]
    (plan,) = build_report([str(write_plan(text))], date(2024, 6, 30), since).plans
    (k,) = plan.kpis
    return k


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "against", "lower"),
    [
        ("28%", "50%", "50%", MET, False),  # reaching the target exactly meets it
        ("28%", "50%", "49.9%", NOT_MET, False),
        ("12 weeks", "6 weeks", "6 weeks", MET, True),  # the target is below the baseline: lower is better
        ("12 weeks", "6 weeks", "7 weeks", NOT_MET, True),
        ("28%", "60 of 100", "61%", MET, False),
    ],
)
def test_latest_against_target_with_the_sense_from_baseline_and_target(  # type: ignore[no-untyped-def]
    write_plan, baseline: str, target: str, latest: str, against: str, lower: bool
) -> None:
    k = kpi_of(write_plan, measure(baseline, target, actual=latest))
    assert (k.against, k.lower_better, k.sense_stated) == (against, lower, True)


def test_a_qualifier_says_which_way_is_better_and_no_figure_is_no_data(write_plan) -> None:  # type: ignore[no-untyped-def]
    k = kpi_of(write_plan, measure("10%", "no more than 5%", actual="6%"))
    assert (k.against, k.lower_better) == (NOT_MET, True)
    k = kpi_of(write_plan, measure("10%", "20%"))
    assert (k.against, k.reason) == (NO_DATA, "no figure recorded")
    k = kpi_of(write_plan, measure("10%", "20%", actual="15 weeks"))
    assert k.against == NO_DATA and "not numbers in the same unit" in k.reason
    k = kpi_of(write_plan, measure("", "doubles", actual="12"))
    assert (k.against, k.target.text if k.target else None) == (NO_DATA, "doubles")


def test_actuals_over_time_give_the_trend_latest_and_direction(write_plan) -> None:  # type: ignore[no-untyped-def]
    actuals = [("June 2024", "41%"), ("March 2024", "35%"), ("December 2023", "30%"), ("July 2024", "99%")]
    k = kpi_of(write_plan, measure("28%", "50%", actuals, actual="1%"))
    assert [p.when for p in k.trend] == ["December 2023", "March 2024", "June 2024"]  # sorted; July is after the date
    assert (k.latest.text if k.latest else None, k.latest_when, k.against) == ("41%", "June 2024", NOT_MET)
    assert (k.travel.direction, k.travel.before, k.travel.now) == (BETTER, "35%", "41%")
    since = kpi_of(write_plan, measure("28%", "50%", actuals), since=date(2024, 1, 31))
    assert (since.travel.before, since.travel.now) == ("30%", "41%")  # the last figure on or before --since
    falling = kpi_of(write_plan, measure("12 weeks", "6 weeks", [("May 2024", "8 weeks"), ("June 2024", "9 weeks")]))
    assert falling.travel.direction == WORSE  # lower is better and it rose
    single = kpi_of(write_plan, measure("28%", "50%", [("May 2024", "40%")]))
    assert single.travel.direction == UNKNOWN


def test_sparkline_points_span_the_box_and_the_target_line_sits_between(write_plan) -> None:  # type: ignore[no-untyped-def]
    k = kpi_of(write_plan, measure("28%", "50%", [("May 2024", "30%"), ("June 2024", "40%")]))
    (x1, y1), (x2, y2) = spark_points(k)
    assert (x1, x2) == (SPARK["pad"], SPARK["width"] - SPARK["pad"])
    assert y1 == SPARK["height"] - SPARK["pad"] and y2 > SPARK["pad"]  # 30% is the floor, 50% the ceiling
    assert spark_target(k) == SPARK["pad"]


def test_the_sparkline_has_a_title_description_table_and_3_to_1_contrast(cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    for colour in (SPARK["line"], SPARK["target"]):
        assert contrast(colour, "#ffffff") >= 3, colour
    text = measure("28%", "50%", [("May 2024", "30%"), ("June 2024", "40%")])
    html = run_report(cli, str(write_plan(text)), "--format", "html", "--as-of", AS_OF)
    (svg,) = [s for s in re.findall(r"<svg.*?</svg>", html, re.S) if "polyline" in s]
    assert "<title id=" in svg and "May 2024: 30%. June 2024: 40%. Target: 50%." in svg
    strokes = set(re.findall(r'stroke="(#[0-9a-f]{6})"', svg))
    assert strokes == {SPARK["line"], SPARK["target"]}
    table = html.split("The figures behind each trend line", 1)[1].split("</table>", 1)[0]
    assert "<td>May 2024</td><td>30%</td>" in table and "<td>June 2024</td><td>40%</td>" in table
