"""The pages the benchmark measures, their baselines and budgets (issue 7): one line per page.

A page names its URL (by URL name), who opens it (a persona of `bench.context`), its URL
arguments and query string as attributes of the context (``{"unit_id": "unit_id"}``,
``{"month": "{month}"}``), optionally its *essential SQL* (the database floor: the queries any
implementation of the page must run, as querysets), and its budget. A page whose URL name does
not resolve (an app not merged yet) is skipped with a note in the report.

To add a reporting page when it exists, add one `Page(...)` line below with its real URL name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count

from participants.access import visible_participants
from participants.models import OPEN_PHASES, Participant, Phase
from participants.views.register import PAGE_SIZE


@dataclass(frozen=True)
class Budget:
    """Issue 7, "Budgets (at national scale)"; None: no budget of that kind."""

    median_ms: float | None = None
    p95_ms: float | None = None
    max_queries: int | None = None
    no_worse_than_admin: bool = False
    max_scale_ratio: float = 2.0  # national median / small median


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    url_name: str
    persona: str = "vagledare"
    kwargs: dict = field(default_factory=dict)  # URL kwarg -> context attribute
    query: dict = field(default_factory=dict)  # query-string values; "{attr}" is filled from the context
    essential: Callable | None = None  # ctx -> [queryset or (sql, params)]: the database floor
    budget: Budget = Budget()
    repeat_share: float = 1.0  # heavy pages (PDF) run fewer rounds
    htmx: bool = False  # asked for as htmx does (HX-Request): the partial a filter change loads
    unit_scoped: bool = True  # shows one unit's data: must not grow with other units' (issue 19, SCALE=2)


CASEWORK = Budget(median_ms=60, p95_ms=120, max_queries=12, no_worse_than_admin=True)
CASEWORK_NO_COUNT = Budget(median_ms=60, p95_ms=120, no_worse_than_admin=True)


def _list_essential(ctx):
    """The filtered page of rows and the count for the pager."""
    rows = visible_participants(ctx.users["vagledare"]).filter(gender="man")
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    page = rows.select_related("unit", "handler", "municipality").order_by("last_name", "first_name", "pk")
    return [page[:PAGE_SIZE], (f"SELECT COUNT(*) FROM ({sql}) AS rows", params)]


def _detail_essential(ctx):
    """The record (within the user's reach) and its journal notes."""
    user = ctx.users["vagledare"]
    record = visible_participants(user).filter(pk=ctx.participant_id).select_related(
        "unit", "handler", "municipality", "criminal_justice", "social_services", "labour_market"
    )
    notes = Participant.objects.get(pk=ctx.participant_id).notes.select_related("author")
    return [record, notes]


def _queue_essential(ctx):
    """The unit's queued applicants with the data the priority order reads."""
    return [
        Participant.objects.filter(unit_id=ctx.unit_id, phase=Phase.QUEUED).select_related(
            "criminal_justice", "social_services", "labour_market", "handler"
        )
    ]


def _home_essential(ctx):
    """The case worker's own open cases, counted by phase, and the first rows."""
    user = ctx.users["vagledare"]
    mine = visible_participants(user).filter(handler=user, phase__in=OPEN_PHASES)
    return [mine.values("phase").annotate(n=Count("pk")).order_by(), mine.order_by("phase", "last_name")[:50]]


PAGES = [
    Page("participant_list", "Participant list (filtered: men, first page)", "participants:list",
         query={"gender": "man"}, essential=_list_essential, budget=CASEWORK),
    Page("participant_list_htmx", "Participant list, filter partial (htmx: men, first page)", "participants:list",
         query={"gender": "man"}, essential=_list_essential, htmx=True),
    Page("participant_detail", "Participant detail", "participants:detail",
         kwargs={"pk": "participant_id"}, essential=_detail_essential, budget=CASEWORK),
    Page("priority_queue", "Priority queue (intake)", "intake:queue",
         kwargs={"unit_id": "unit_id"}, essential=_queue_essential, budget=CASEWORK_NO_COUNT),
    Page("home", "Vägledare's home page", "krami:home", essential=_home_essential, budget=CASEWORK_NO_COUNT),
    Page("unit_dashboard", "Unit dashboard, one month", "reporting:unit", persona="styrgrupp",
         kwargs={"unit_id": "unit_id"}, query={"manad": "{month}"}, budget=Budget(median_ms=200)),
    Page("nsg_view", "NSG view", "reporting:national", persona="nsg", query={"manad": "{month}"}, budget=Budget(median_ms=1000),
         unit_scoped=False),
    Page("pdf_pack", "PDF meeting pack", "reporting:pdf", persona="styrgrupp",
         kwargs={"unit_id": "unit_id"}, query={"manad": "{month}"}, repeat_share=0.2),
    Page("excel_export", "Excel export (dashboard)", "reporting:xlsx", persona="styrgrupp",
         kwargs={"unit_id": "unit_id"}, query={"manad": "{month}"}, repeat_share=0.5),
    # Documents of other apps.
    Page("agreement_pdf", "Agreement PDF (agreements)", "agreements:pdf", persona="avtal",
         kwargs={"pk": "agreement_id"}, repeat_share=0.2),
    Page("access_log", "Access log, coordinator (1 M rows nationally)", "krami:access_log", persona="samordnare",
         kwargs={"unit_id": "unit_id"}),
]

# The access log at two sizes of one unit's log (issue 19): the coordinator's page of a unit with
# 40 000 rows and of one with 4 000 000, in one database (`make bench` builds it: LOG_DATABASE).
LOG_ROWS = {1: 40_000, 2: 4_000_000}
LOG_PAGES = [
    Page("access_log_40k", "Access log, unit with 40 000 rows", "krami:access_log", persona="samordnare",
         kwargs={"unit_id": "unit_id"}),
    Page("access_log_4m", "Access log, unit with 4 000 000 rows", "krami:access_log", persona="samordnare_2",
         kwargs={"unit_id": "second_unit_id"}),
]

# Baselines, measured in the same rounds so that every figure can be read as a ratio.
FRAMEWORK_FLOOR = Page("framework_floor", "Framework floor: trivial authenticated view", "bench_floor")
ADMIN_CHANGELIST = Page(
    "admin_changelist", "Django admin changelist, same filter (superuser, all of the unit)",
    "bench_admin:participants_participant_changelist", persona="admin",
    query={"unit__id__exact": "{unit_id}", "gender__exact": "man"},
)
BASELINES = [FRAMEWORK_FLOOR, ADMIN_CHANGELIST]
