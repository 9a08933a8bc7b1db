"""First run: a short form for the target and the working week, or demo data to look around."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from planner.calendar import CalendarError, check_timezone, parse_period, parse_workdays
from planner.models import Metric, Period
from planner.validation import ValidationError, parse_amount
from tui.safe import plain
from tui.widgets.field import Field

DEMO: Literal["demo"] = "demo"


@dataclass(frozen=True, slots=True)
class SetupValues:
    amount: Decimal
    metric: Metric
    period: Period
    capacity: int
    workdays: frozenset[int]
    country: str | None
    timezone: str
    sold_so_far: int = 0  # sales of the period made before planner (DESIGN section 2)


SetupResult = SetupValues | Literal["demo"] | None


def parse_setup(fields: dict[str, str], metric: Metric) -> tuple[SetupValues | None, str, str]:
    """(values, "", "") or (None, field id, one-line reason) for the first field refused."""
    try:
        amount = parse_amount(fields["target"])
    except ValidationError as error:
        return None, "target", str(error)
    if metric == "sales" and amount != amount.to_integral_value():
        return None, "target", "a sales target is a whole number of sales"
    try:
        period = parse_period(fields["period"])
    except CalendarError as error:
        return None, "period", str(error)
    capacity_text = fields["capacity"].strip()
    if not capacity_text.isdigit() or not 1 <= int(capacity_text) <= 1000:
        return None, "capacity", "capacity is touches a day: a whole number from 1 to 1000"
    try:
        workdays = parse_workdays(fields["workdays"])
    except CalendarError as error:
        return None, "workdays", str(error)
    country = fields["country"].strip().upper() or None
    if country is not None and not (country.isalpha() and 2 <= len(country) <= 3):
        return None, "country", "country is a 2-letter code like US or DE, or empty"
    timezone = fields["timezone"].strip() or "UTC"
    try:
        check_timezone(timezone)
    except CalendarError as error:
        return None, "timezone", str(error)
    sold_text = fields.get("sold", "").strip() or "0"
    if not sold_text.isdigit() or int(sold_text) > 1_000_000:
        return None, "sold", "sales so far is a whole number of sales, 0 or more"
    values = SetupValues(
        amount,
        metric,
        period,
        int(capacity_text),
        workdays,
        country,
        timezone,
        sold_so_far=int(sold_text),
    )
    return values, "", ""


def local_timezone() -> str:
    try:
        from pendulum.tz import local_timezone as system_zone

        return str(system_zone().name)
    except Exception:  # an unusual system zone setting: UTC is a safe start
        return "UTC"


FIELDS: tuple[tuple[str, str, str], ...] = (
    ("target", "Target", "e.g. 120 sales or 250000 revenue"),
    ("period", "Period", "2026, 2026-Q3, 2026-07"),
    ("sold", "Sales so far", "sales so far this period, before planner"),
    ("capacity", "Calls a day", "how many touches you can make"),
    ("workdays", "Working days", "mon,tue,wed,thu,fri"),
    ("country", "Country", "US, DE, GB… for public holidays (optional)"),
    ("timezone", "Time zone", "e.g. Europe/Berlin"),
)


class SetupScreen(Screen[SetupResult]):
    """Dismisses with the checked values, DEMO for demo data, or None (escape)."""

    BLOCKS_NAVIGATION = True  # p, r, t wait until the form is saved or put off

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "later", id="setup.cancel"),
        Binding("ctrl+s", "save", "save", id="setup.save"),
    ]

    def __init__(self, today: date, *, offer_demo: bool) -> None:
        super().__init__()
        self.today = today
        self.offer_demo = offer_demo

    def compose(self) -> ComposeResult:
        defaults = {
            "period": str(self.today.year),
            "sold": "0",
            "capacity": "40",
            "workdays": "mon,tue,wed,thu,fri",
            "timezone": local_timezone(),
        }
        with Vertical(id="setup-form") as form:
            form.border_title = Content("Welcome to planner: set your target")
            yield Static(
                "Your target and working week turn into today's pace and call queue.",
                classes="hint",
            )
            with Horizontal(classes="setup-row"):
                yield Label("Metric", classes="setup-label")
                yield Select(
                    [("sales (count of sales)", "sales"), ("revenue (money)", "revenue")],
                    value="sales",
                    allow_blank=False,
                    compact=True,
                    id="setup-metric",
                )
            for field_id, label, placeholder in FIELDS:
                with Horizontal(classes="setup-row"):
                    yield Label(label, classes="setup-label")
                    yield Field(
                        defaults.get(field_id, ""),
                        placeholder=placeholder,
                        compact=True,
                        id=f"setup-{field_id}",
                    )
            yield Static("", id="setup-error", classes="error")
            with Horizontal(id="setup-buttons"):
                yield Button("Save", variant="primary", id="setup-save", compact=True)
                if self.offer_demo:
                    yield Button("Try demo data", id="setup-demo", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#setup-target", Field).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#setup-save")
    def action_save(self) -> None:
        metric_value = self.query_one("#setup-metric", Select).value
        metric: Metric = "revenue" if metric_value == "revenue" else "sales"
        fields = {f: self.query_one(f"#setup-{f}", Input).value for f, _, _ in FIELDS}
        values, field_id, error = parse_setup(fields, metric)
        for input_widget in self.query(Field):
            input_widget.set_class(input_widget.id == f"setup-{field_id}", "-invalid")
        if values is None:
            self.query_one("#setup-error", Static).update(plain(error))
            self.query_one(f"#setup-{field_id}", Input).focus()
            return
        self.dismiss(values)

    @on(Button.Pressed, "#setup-demo")
    def demo(self) -> None:
        self.dismiss(DEMO)

    def action_cancel(self) -> None:
        self.dismiss(None)
