"""The plan as typed data: pydantic models for plans, actions, findings, outcomes and owners; no I/O."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetJsonSchemaHandler, StringConstraints

from sendplan.compact import EMPTY, FrozenNames, shared_dict, shared_fields_set


def _number_as_written(value: Any) -> Any:
    """A year or a figure written without quotes (due: 2024, target: 90) is text as written, not a number.

    The loader gives numbers a `text` attribute holding the digits as typed; ids are not eased this way,
    since "1.10" read as a number would become "1.1".
    """
    if value.__class__ is str:  # nearly every value: answered before the checks below (a tenth of a millisecond a file)
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return getattr(value, "text", str(value))
    return value


AsWritten = BeforeValidator(_number_as_written)


class NumberAllowedInSchema:
    """In the JSON Schema, a number is allowed where `AsWritten` takes one as text, so an editor agrees with the
    loader about `due: 2024` (string-length limits still apply to strings only)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        schema = handler(core_schema)
        if schema.get("type") == "string":
            schema["type"] = ["string", "number"]
        return schema


# An id is a short token an officer can type and other entries can point at: "1.1", "AFI3", "K.McN".
# No spaces and no colon: the colon is kept for ids qualified by plan, "york-wsoa-2020:AFI3".
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._'&+-]*$", max_length=80),
    Field(description="A short id without spaces, e.g. 1.1, AFI3 or K.McN. Quote ids that look like numbers."),
]
# A reference to an id of this plan, or "plan-id:ID" for one in another plan or reference list.
Ref = Annotated[str, StringConstraints(min_length=1, max_length=160)]
# Free text as the source document writes it. AsWritten stands after the length limits so that pydantic-core checks
# them itself (AsWritten still runs first); after it they would be one more Python call per value (measured:
# about 0.25 ms of 1.5 ms validating a file of 100 actions).
Text = Annotated[str, StringConstraints(min_length=1), AsWritten, NumberAllowedInSchema()]
# A date phrase exactly as written: "Nov-24", "31/03/2024", "Financial years 2023/24 and 2024/25", "Ongoing".
DatePhrase = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AsWritten,
    Field(description="A date as people write it: 31 March 2024, Nov-24, 2023/24, Annually, Ongoing, TBC."),
    NumberAllowedInSchema(),
]


def _empty_as_none(value: Any) -> Any:
    """`due:` left empty is no due date, reported once by the checks, not a schema error."""
    return None if value == "" else value


# A due date that may be left empty (`due:` or `due: ~`): the same as no due date.
OptionalDue = Annotated[DatePhrase | None, BeforeValidator(_empty_as_none)]

State = Literal["not started", "on track", "at risk", "off track", "complete", "embedded"]
"""The canonical states every plan's own status words map to."""

STATES: tuple[str, ...] = get_args(State)
CLOSED_STATES: frozenset[str] = frozenset({"complete", "embedded"})

PlanKind = Literal[
    "operational plan",
    "strategic plan",
    "written statement of action",
    "improvement plan",
    "reference list",
    "other",
]
FindingKind = Literal[
    "area for improvement",
    "area for priority action",
    "area of weakness",
    "ofsted action",
    "priority area",
    "recommendation",
    "heading",
]
LinkField = Literal["priority", "outcomes", "addresses", "owners", "sources", "mitigation", "recovery"]
AskKind = Literal["decision", "support", "note"]
RiskField = Literal["owner", "rating", "actions", "mitigation"]


def _empty() -> list[Any]:
    """The default of every list field: the one read-only empty list (compact.EMPTY), not a new list per model."""
    return EMPTY


class Strict(BaseModel):
    """Base of every plan model: a key the model does not know is an error, not silently dropped.

    Lists and mappings default through `Field(default_factory=...)`: a plain `= []` is deep-copied by pydantic for
    every model built, hundreds of thousands of calls in a national set. A list left out is the one shared empty
    list (_empty), so no model needs its empty lists replaced after it is built.
    """

    # defer_build: the validators are built when a file is first validated, not at import; a run that takes
    # every plan from the cache never needs them.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    # A national set holds about 100,000 of these. Each is kept lighter than pydantic makes it (sendplan/compact.py):
    # its attributes in a dict sharing its keys with the others of its class, one shared empty list (read-only)
    # for every list field left out, and one shared read-only set of the fields given for each combination. Nothing in
    # sendplan changes a model once built; a change to a shared part raises rather than spreading.
    def model_post_init(self, context: Any, /) -> None:
        if COMPACT:
            _compact(self)

    def __getstate__(self) -> Any:
        values = self.__dict__
        if self.__pydantic_extra__ or self.__pydantic_private__ or tuple(values) != _names(type(self)):
            return super().__getstate__()
        return tuple(values.values()), shared_fields_set(self.__pydantic_fields_set__)  # pickled once a combination

    def __setstate__(self, state: Any) -> None:
        if type(state) is not tuple:  # pydantic's own form
            super().__setstate__(state)
            _compact(self)
            attributes = self.__dict__
            for name, value in attributes.items():  # its empty lists are its own, not the shared one
                if value.__class__ is list and not value:
                    attributes[name] = EMPTY
            return
        values, fields_set = state
        names, template = _shape(type(self))
        attributes = template.copy()
        attributes.update(zip(names, values, strict=True))  # the same keys, in the same order: the dict stays split
        if type(fields_set) is not FrozenNames:
            fields_set = shared_fields_set(fields_set)
        object.__setattr__(self, "__pydantic_fields_set__", fields_set)
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)
        object.__setattr__(self, "__dict__", attributes)


# Whether models are compacted as they are built. A reading that is only pickled, or looked at once and dropped (a
# worker's, or validate's facts of a file), needs none of it: unpickled, a model is compacted anyway (__setstate__).
COMPACT = True


@contextmanager
def uncompacted() -> Iterator[None]:
    """Models built in the block are left as pydantic makes them (each compaction costs about 5 microseconds,
    a millisecond a plan of 100 actions): for readings no one keeps in memory."""
    global COMPACT
    previous, COMPACT = COMPACT, False
    try:
        yield
    finally:
        COMPACT = previous


_SHAPES: dict[type, tuple[tuple[str, ...], dict[str, Any]]] = {}
_set = object.__setattr__  # pydantic's own __setattr__ would validate and record the field as given


def _shape(cls: type[BaseModel]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The model's field names in the order pydantic sets them, and the template its attribute dicts copy."""
    shape = _SHAPES.get(cls)
    if shape is None:
        names = tuple(cls.model_fields)
        shape = _SHAPES[cls] = (names, shared_dict(cls, names))
    return shape


def _names(cls: type[BaseModel]) -> tuple[str, ...]:
    return _shape(cls)[0]


def _compact(model: BaseModel) -> None:
    """Replace a model's attributes and set of fields given with their shared, lighter forms (its list fields left
    out hold the shared empty list already: _empty)."""
    attributes = _shape(model.__class__)[1].copy()
    attributes.update(model.__dict__)  # the same keys: the dict stays split
    _set(model, "__dict__", attributes)
    _set(model, "__pydantic_fields_set__", shared_fields_set(model.__pydantic_fields_set__))


class PlanInfo(Strict):
    """What the plan is, whose it is, and who holds it to account.

    Attributes:
        id: the plan's id, used to qualify references from other plans ("york-wsoa-2020:AFI3").
        title: the title as published.
        area: the local area, e.g. City of York.
        partnership: the partnership that owns the plan.
        kind: operational plan, strategic plan, written statement of action, improvement plan, reference list, other.
        period: the period the plan covers, as a date phrase ("April 2023 to March 2025").
        years: how a bare year pair such as 2023/24 is read in this plan: financial (April-March) or academic
            (September-August). Without it a bare year pair is ambiguous and reported.
        published: when the plan was published, as a date phrase.
        source: the source document the plan is transcribed from.
        url: where the source document is published.
        board: the board that holds the plan to account.
        review_points: dates at which progress is reviewed (the columns of a RAG table).
        note: anything else a reader should know about the plan or its transcription.
    """

    id: Id
    title: Text
    area: Text
    partnership: Text | None = None
    kind: PlanKind
    period: DatePhrase | None = None
    years: Literal["financial", "academic"] | None = None
    published: DatePhrase | None = None
    source: Text | None = None
    url: Text | None = None
    board: Text | None = None
    review_points: list[DatePhrase] = Field(default_factory=_empty)
    note: Text | None = None


class Priority(Strict):
    """A priority, workstream or area of the plan that actions are grouped under.

    Attributes:
        id: the priority's id ("1", "P6").
        title: the short title ("Voice").
        text: the longer statement of the priority.
        lead: owners who lead the priority.
        addresses: findings the priority as a whole answers.
    """

    id: Id
    title: Text
    text: Text | None = None
    lead: list[Ref] = Field(default_factory=_empty)
    addresses: list[Ref] = Field(default_factory=_empty)


class Outcome(Strict):
    """An outcome statement the plan's actions serve, e.g. "I am safe".

    Attributes:
        id: the outcome's id ("safe").
        text: the statement as written.
        group: the framework or heading it belongs to, if any.
    """

    id: Id
    text: Text
    group: Text | None = None


class Finding(Strict):
    """An inspection finding the plan answers: an area for improvement, an area of weakness, an Ofsted action.

    Attributes:
        id: the finding's id ("AFI1", "OA3").
        kind: area for improvement, area for priority action, area of weakness, ofsted action, priority area,
            recommendation, or heading (for a framework's headings).
        title: the short title ("Joint commissioning").
        text: the finding as the report words it.
        inspection: the inspection that made it ("Area SEND inspection").
        date: when the inspection took place, as a date phrase.
        response: what has already been done about it, where the plan records that.
    """

    id: Id
    kind: FindingKind = "area for improvement"
    title: Text | None = None
    text: Text
    inspection: Text | None = None
    date: DatePhrase | None = None
    response: list[Text] = Field(default_factory=_empty)


class Owner(Strict):
    """Someone actions can be given to: a person, a role, a team or an organisation.

    Attributes:
        id: the id actions use to name this owner.
        name: the person's name.
        initials: the initials the source document uses ("K.McN").
        aliases: other ways the plans write this owner.
        role: the post or role.
        team: the team or service.
        organisation: the employing organisation.
        group: which of the plan's people tables lists this owner ("strategic leaders").
        note: anything a reader should know, e.g. how an unclear name was resolved.
    """

    id: Id
    name: Text | None = None
    initials: Text | None = None
    aliases: list[Text] = Field(default_factory=_empty)
    role: Text | None = None
    team: Text | None = None
    organisation: Text | None = None
    group: Text | None = None
    note: Text | None = None


class Actual(Strict):
    """A figure recorded for a measure at a date, one point of its trend.

    Attributes:
        date: when the figure was recorded (or the period it is for), as a date phrase.
        value: the figure as written ("41%", "85 of 120", "4.2 weeks").
        note: what was said about it.
    """

    date: DatePhrase
    value: Text
    note: Text | None = None


class Measure(Strict):
    """A measure of success, with the figures the text states.

    Attributes:
        text: the measure as written.
        baseline: where it starts ("28%").
        target: what it aims at ("50%").
        actual: the latest figure recorded, where only one is kept.
        actuals: figures recorded over time, oldest first, each with its date (the KPI's trend).
        by: when the target is to be met, as a date phrase.
        addresses: findings this measure is tagged with.
    """

    text: Text
    baseline: Text | None = None
    target: Text | None = None
    actual: Text | None = None
    actuals: list[Actual] = Field(default_factory=_empty)
    by: DatePhrase | None = None
    addresses: list[Ref] = Field(default_factory=_empty)


class Update(Strict):
    """A status recorded at a date: one cell of a RAG column, or a note to the board.

    Attributes:
        date: when the status was recorded, as a date phrase (a review point such as May 2020).
        status: the status word, from the plan's `statuses`.
        note: what was said about progress.
    """

    date: DatePhrase
    status: Text | None = None
    note: Text | None = None


class Revision(Strict):
    """A revised due date: the original stays in `due` and earlier revisions in `revisions`, so every move shows.

    Attributes:
        due: the new due date, as a date phrase.
        reason: why it moved.
        agreed: when the change was agreed, as a date phrase.
    """

    due: DatePhrase
    reason: Text
    agreed: DatePhrase | None = None


class Step(Strict):
    """A dated step within an action: the (A)-(C) of a written statement of action.

    Attributes:
        id: the step's letter or number within its action ("A").
        title: what the step does.
        owners: who leads the step, when not the action's owners.
        start: when it starts, as a date phrase.
        due: when it is due, as a date phrase.
        revisions: earlier revised due dates, oldest first, each replaced by the next and the last by `revised`.
        revised: a revised due date with its reason: the one in force.
        mitigation: what is being done about a slip.
        recovery: by when the step is to be back on track, as a date phrase (not a revised due date).
        status: the step's status word.
        updates: status recorded at review points.
        measures: measures of success belonging to this step.
        impact: impact statements belonging to this step.
        addresses: findings the step is tagged with.
        note: anything a reader should know.
    """

    id: Id | None = None
    title: Text
    owners: list[Ref] = Field(default_factory=_empty)
    start: DatePhrase | None = None
    due: OptionalDue = None
    revisions: list[Revision] = Field(default_factory=_empty)
    revised: Revision | None = None
    mitigation: Text | None = None
    recovery: DatePhrase | None = None
    status: Text | None = None
    updates: list[Update] = Field(default_factory=_empty)
    measures: list[Text | Measure] = Field(default_factory=_empty)
    impact: list[Text] = Field(default_factory=_empty)
    addresses: list[Ref] = Field(default_factory=_empty)
    note: Text | None = None


class Action(Strict):
    """One action of the plan: one row of the published table.

    Attributes:
        id: the action's number ("1.1"); quote it.
        published_id: the number the source printed, where the plan had to correct it.
        priority: the priority the action sits under.
        objective: what the action group wants to achieve (the first column of some tables).
        title: what will be done.
        outcome: the outcome the action is to bring about, where the table has such a column.
        impact: the intended outcomes and impact, one statement per item.
        measures: measures of success, as text or with baseline, target and actual.
        owners: who leads it: ids of owners.
        start: when it starts, as a date phrase.
        due: when it is due, as a date phrase as written ("Nov-24", "Ongoing").
        revisions: earlier revised due dates, oldest first, each replaced by the next and the last by `revised`.
        revised: a revised due date with its reason, the one in force; `due` keeps the original.
        mitigation: what is being done about a slip.
        recovery: by when the action is to be back on track, as a date phrase (not a revised due date).
        status: the current status word, from the plan's `statuses`.
        updates: status recorded at review points, oldest first.
        outcomes: outcome statements the action serves.
        addresses: inspection findings the action answers (qualified "plan:ID" for another plan's).
        sources: where the action comes from: tags from the plan's `sources` (SEF, DBV, ...).
        evidence: links or documents that evidence progress.
        steps: dated steps within the action.
        inferred: which link fields (or mitigation, recovery) were added by the transcriber, not stated by the source.
        note: anything a reader should know.
    """

    id: Id
    published_id: Text | None = None
    priority: Ref | None = None
    objective: Text | None = None
    title: Text
    outcome: Text | None = None
    impact: list[Text] = Field(default_factory=_empty)
    measures: list[Text | Measure] = Field(default_factory=_empty)
    owners: list[Ref] = Field(default_factory=_empty)
    start: DatePhrase | None = None
    due: OptionalDue = None
    revisions: list[Revision] = Field(default_factory=_empty)
    revised: Revision | None = None
    mitigation: Text | None = None
    recovery: DatePhrase | None = None
    status: Text | None = None
    updates: list[Update] = Field(default_factory=_empty)
    outcomes: list[Ref] = Field(default_factory=_empty)
    addresses: list[Ref] = Field(default_factory=_empty)
    sources: list[Text] = Field(default_factory=_empty)
    evidence: list[Text] = Field(default_factory=_empty)
    steps: list[Step] = Field(default_factory=_empty)
    inferred: list[LinkField] = Field(default_factory=_empty)
    note: Text | None = None


class Ask(Strict):
    """A decision or support the plan's owners seek from a board, at a meeting.

    Attributes:
        text: what the board is asked, as the paper words it.
        kind: decision, support, or note (the board is asked to note).
        meeting: the date of the meeting, as a date phrase.
        board: the board asked, when not the plan's own board.
        actions: actions the ask concerns.
        source: the paper the ask is made in.
        note: anything a reader should know.
    """

    text: Text
    kind: AskKind = "decision"
    meeting: DatePhrase
    board: Text | None = None
    actions: list[Ref] = Field(default_factory=_empty)
    source: Text | None = None
    note: Text | None = None


class Risk(Strict):
    """A risk to the plan's delivery.

    Attributes:
        id: the risk's id ("R1").
        text: the risk as written.
        owner: who owns the risk: an owner id.
        rating: the rating as the plan writes it ("high", "12", "amber").
        actions: the actions the risk threatens or that mitigate it.
        mitigation: what is being done about it.
        inferred: which of owner, rating, actions, mitigation the transcriber added (the source does not state them).
        note: anything a reader should know.
    """

    id: Id
    text: Text
    owner: Ref | None = None
    rating: Text | None = None
    actions: list[Ref] = Field(default_factory=_empty)
    mitigation: Text | None = None
    inferred: list[RiskField] = Field(default_factory=_empty)
    note: Text | None = None


class Plan(Strict):
    """A whole plan file.

    Attributes:
        plan: what the plan is.
        statuses: the plan's own status words, each mapped to a canonical state.
        sources: the source tags actions may carry, each with its meaning.
        owners: people, roles, teams and organisations that lead actions.
        priorities: the priorities actions are grouped under.
        outcomes: outcome statements actions serve.
        findings: inspection findings actions answer.
        actions: the actions, in the order of the published table.
        asks: decisions or support sought from the board, each with its meeting date.
        risks: risks to delivery, with owner, rating and the actions they concern.
    """

    plan: PlanInfo
    statuses: dict[Text, State] = Field(default_factory=dict)
    sources: dict[Text, Text] = Field(default_factory=dict)
    owners: list[Owner] = Field(default_factory=_empty)
    priorities: list[Priority] = Field(default_factory=_empty)
    outcomes: list[Outcome] = Field(default_factory=_empty)
    findings: list[Finding] = Field(default_factory=_empty)
    actions: list[Action] = Field(default_factory=_empty)
    asks: list[Ask] = Field(default_factory=_empty)
    risks: list[Risk] = Field(default_factory=_empty)
