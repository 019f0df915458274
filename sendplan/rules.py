"""Every rule code sendplan reports, with its default severity and what it means."""

from __future__ import annotations

from dataclasses import dataclass

from sendplan.problems import Severity


@dataclass(frozen=True)
class Rule:
    """A rule: its stable code, default severity, and a sentence saying what it finds.

    Attributes:
        code: SP0xx syntax, SP1xx schema, SP2xx references and orphans, SP3xx dates, SP4xx configuration.
        severity: the default severity.
        summary: what the rule finds.
    """

    code: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("SP001", "error", "YAML syntax error: the file cannot be read as YAML"),
        Rule("SP002", "error", "a tab is used for indentation, or where YAML needs a space"),
        Rule("SP003", "error", "the same key appears twice in one block"),
        Rule("SP004", "error", "anchors (&name) and aliases (*name) are not allowed"),
        Rule("SP005", "error", "tags (!tag) are not allowed"),
        Rule("SP006", "error", "a %YAML directive other than 1.2"),
        Rule("SP007", "error", "the file is too large or nested too deep"),
        Rule("SP008", "error", "the file is not UTF-8 text"),
        Rule("SP009", "error", "the file is empty"),
        Rule("SP010", "error", "the file holds more than one YAML document"),
        Rule("SP011", "error", "a key that is not a plain word: a list, a block, an alias or nothing before the ':'"),
        Rule(
            "SP012",
            "error",
            "a path in a plans folder cannot be read (a named pipe, a device, a looping link): left out",
        ),
        Rule("SP101", "error", "a key the plan format does not know (often a misspelling)"),
        Rule("SP102", "error", "a required key is missing"),
        Rule("SP103", "error", "a value of the wrong kind: a list where a block belongs, text where a list belongs"),
        Rule("SP104", "error", "a value that is not allowed: not one of the listed words, not an id, empty"),
        Rule("SP105", "error", "an id or text YAML reads as a number (0123, 1.10): quote it"),
        Rule("SP201", "error", "two entries of one kind share an id"),
        Rule("SP202", "error", "an owner that is not in the owners list"),
        Rule("SP203", "error", "an owner reference (initials or alias) that could name two owners"),
        Rule("SP204", "warning", "two owners share initials, so initials alone cannot name either"),
        Rule("SP205", "error", "a priority that does not exist"),
        Rule("SP206", "error", "an outcome statement that does not exist"),
        Rule("SP207", "error", "a finding that does not exist"),
        Rule("SP208", "error", "a reference to a plan that is not among the plans checked"),
        Rule("SP209", "error", "a status word that is not in the plan's statuses"),
        Rule("SP210", "error", "a source tag that is not in the plan's sources"),
        Rule("SP211", "error", "an action linked to no priority and no finding"),
        Rule("SP212", "error", "a finding that no action addresses"),
        Rule("SP213", "warning", "an outcome statement that no action serves"),
        Rule("SP214", "warning", "an owner's initials do not match their name"),
        Rule("SP215", "warning", "an action with no owner"),
        Rule("SP216", "error", "two files declare the same plan id"),
        Rule("SP217", "warning", "numbered actions skip a number (4.3 then 4.5)"),
        Rule("SP220", "error", "a risk or ask linked to an action that is not in the plan"),
        Rule("SP218", "error", "an action that addresses no finding (required of written statements of action)"),
        Rule("SP219", "warning", "an owner named by name or role rather than by id"),
        Rule("SP301", "error", "a date phrase sendplan cannot read"),
        Rule("SP302", "error", "a date that does not exist (31/11/2022)"),
        Rule("SP303", "error", "an ambiguous date (24-Apr, May 20, a month with no year)"),
        Rule(
            "SP304",
            "error",
            "a bare year pair (2023/24) in a plan that does not say whether its years are financial or academic",
        ),
        Rule("SP305", "warning", "a date written irregularly (May- 24) but readable"),
        Rule("SP306", "warning", "a due date to be confirmed (TBC)"),
        Rule("SP307", "warning", "a review date given where a due date belongs"),
        Rule("SP308", "error", "a year no plan can have (0000-01-01, 0024-03-31)"),
        Rule("SP310", "error", "an action or step due before it starts"),
        Rule("SP311", "warning", "status updates out of date order"),
        Rule("SP312", "warning", "status: is not the word of the newest update"),
        Rule("SP313", "warning", "a due date before the plan was published or before its period starts"),
        Rule("SP314", "warning", "an action with no date: no due date, no dated step, no ongoing or recurring phrase"),
        Rule("SP315", "warning", "dated steps of one action that run backwards (step 2 due before step 1)"),
        Rule(
            "SP316",
            "warning",
            "a status that contradicts the calendar (only with --as-of, or `calendar = true` in the settings)",
        ),
        Rule(
            "SP317", "warning", "a due date more than a year after the plan's period ends (Nov 2042 in a 2024-27 plan)"
        ),
        Rule("SP401", "error", "a malformed suppression comment (not ignore[CODE] reason, unknown code, no reason)"),
        Rule("SP402", "warning", "a suppression comment that silences nothing"),
    )
}
