"""Issue 13, item 6 and "every report parameter validated": every GET parameter of every reporting
URL, with hostile values, answers without a server error; a year outside 2000–2100, or a period
before the unit's first figures, is explained in Swedish."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from krami.models import Role
from reporting.forms import DrugTestCostForm, MonthForm, chosen_period
from reporting.periods import FIRST_YEAR, LAST_YEAR, ReportPeriod, covering_period, last_complete_month
from reporting.snapshots import months_close
from reporting.status_matrix import BY_NAME, BY_STATUS, sort_order
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PARAMETERS = ("period", "manad", "fran", "till", "kostnad", "okand", "sortera")
HOSTILE = (
    "0001-01-01", "9999-12-31", "2026-02-31", "2026-13", "2026-00", "1999-12", "2101-01", "0000", "9999", "2026-K5",
    "2026-H3", "2026-K0", "2025-07..2024-06", "2025-07..2026-06", "1-1-1", "-1", "0", "", " ", "99999999999999999999999999",
    "1e309", "NaN", "-5", "ÅÅÅÅ-MM", "٢٠٢٦-٠٣", "2026-03'; DROP TABLE reporting_monthsnapshot;--", "<script>alert(1)</script>",
    "%00", "2026-03\x00", "2026-03" * 50, "status", "2026-01", "2026-K1", "2025", "2099-01",
)
# The views read their parameters only through these functions (reporting/forms.py, the year view's
# choice, status_matrix.sort_order), so a view's answer depends on a value only through what the
# function made of it. Every value goes through the functions below; over HTTP, each page gets one
# request per kind of answer a function can give (CLASSES), not every value again: the same code path
# a thousand times was four and a half minutes of the suite (issue 20).
CLASSES = (
    "period=2026-01", "period=2026-K1", "period=2026", "period=1999-12", "period=2099-01", "period=2025-06",
    "period=<script>alert(1)</script>", "period=2026-03\x00", "period=", "period=99999999999999999999999999",
    "period=٢٠٢٦-٠٣", "manad=2026-02", "manad=2026-13", "fran=2026-01-01&till=2026-03-31", "fran=2026-02-31",
    "fran=0001-01-01&till=9999-12-31", "fran=2026-03-31&till=2026-01-01", "period=2026-03&fran=0001-01-01&till=0001-01-02",
    "period=2026-03&period=2026-K1", "okand=1",
)
# The parameters only one page reads, on that page; the index reads none.
OWN_CLASSES = {
    "index": ("period=<script>alert(1)</script>", "okand=1"),
    "places": ("kostnad=-5", "kostnad=1e309", "kostnad=NaN", "kostnad=99999999999999999999999999", "manad=2026-03&kostnad=12,50"),
    "national": ("sortera=status", "sortera=<script>", "sortera=", "period=2026-K1&sortera=status"),
}
# Downloads answer the same parameters through the same functions as their pages: a few kinds each.
CLASSES_FOR_DOWNLOADS = ("period=2026-01", "period=1999-12", "period=<script>", "fran=2026-02-31", "fran=2026-01-01&till=2026-03-31",
                         "kostnad=NaN")
DOWNLOADS = ("csv", "xlsx", "pdf", "places_csv", "places_xlsx", "national_xlsx")


@pytest.fixture
def world():
    team = Team("Krami Parameter")
    stockholm_like(unit=team.unit, year=2026)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    months_close(units=[team.unit], months=[last_complete_month().start], by={team.unit.pk: team.styrgrupp})
    kommun = team.unit.parties.get(kind="kommun")
    return {
        "team": team,
        "admin": staff(role=Role.AGREEMENT_ADMIN, unit=team.unit, organisation=kommun),
        "nsg": staff(role=Role.NSG),
    }


def urls(w) -> list[tuple[str, str, object]]:
    unit = w["team"].unit.pk
    return [
        ("index", reverse("reporting:index"), w["team"].styrgrupp),
        *((name, reverse(f"reporting:{name}", args=[unit]), w["team"].styrgrupp) for name in ("unit", "year", "csv", "xlsx", "pdf")),
        *((name, reverse(f"reporting:{name}", args=[unit]), w["admin"]) for name in ("places", "places_csv", "places_xlsx")),
        ("national", reverse("reporting:national"), w["nsg"]),
        ("national_xlsx", reverse("reporting:national_xlsx"), w["nsg"]),
    ]


def _queries() -> list[QueryDict]:
    """Every hostile value under every name, alone, and the pairs a free period is made of."""
    single = [QueryDict(f"{name}={quote(value)}") for name in PARAMETERS for value in HOSTILE]
    pairs = [QueryDict(f"fran={quote(a)}&till={quote(b)}") for a in HOSTILE[:12] for b in HOSTILE[:12]]
    return single + pairs


def test_every_hostile_value_reaches_the_views_only_as_a_period_they_can_show():
    """The parsing functions on every value: a fixed period from 2000 to 2100 that has ended, or an
    error for the form; never an exception."""
    latest = last_complete_month()
    agreement = [covering_period(date(2025, 7, 1), date(2026, 6, 30))]
    tried = 0
    for params in _queries():
        for earliest in (None, date(2026, 1, 1)):
            period, form, notice = chosen_period(params, earliest=earliest, agreement_periods=agreement)
            assert isinstance(period, ReportPeriod) and FIRST_YEAR <= period.start.year <= period.end.year <= LAST_YEAR
            assert period.end <= latest.end, (params, period)
            assert form.is_bound == ("period" in params or "manad" in params)
            assert isinstance(notice, str)
            tried += 1
        cost = DrugTestCostForm(params if "kostnad" in params else None)
        if cost.is_valid() and cost.cleaned_data["kostnad"] is not None:
            assert cost.cleaned_data["kostnad"].is_finite() and cost.cleaned_data["kostnad"] >= 0
        month = MonthForm(params if "manad" in params else None)
        if month.is_bound and month.is_valid():
            assert FIRST_YEAR <= month.cleaned_data["manad"].year <= LAST_YEAR
        assert sort_order(params.get("sortera")) in (BY_NAME, BY_STATUS)
    assert tried > 2 * len(PARAMETERS) * len(HOSTILE)


def test_no_parameter_value_gives_a_server_error(world):
    """Each reporting URL with one query per kind of answer the parsing functions give."""
    client = Client(raise_request_exception=False)
    failures, tried = [], 0
    for url_name, url, user in urls(world):
        client.force_login(user)
        if url_name in DOWNLOADS:
            queries = CLASSES_FOR_DOWNLOADS
        else:
            queries = OWN_CLASSES["index"] if url_name == "index" else CLASSES + OWN_CLASSES.get(url_name, ())
        for query in queries:
            response = client.get(url, data=_as_data(query))
            tried += 1
            if response.status_code >= 500:
                failures.append(f"{url}?{query} -> {response.status_code}")
    print(f"\nparameters: {tried} requests over {len(urls(world))} URLs, {len(failures)} server errors")
    assert not failures, failures[:20]


def test_the_views_read_their_parameters_through_the_parsing_functions():
    """What makes one request per kind of answer enough: no reporting view reads a parameter itself,
    except the year view's choice among its offered years and the national view's sort order."""
    allowed = {"year.py": {'request.GET.get("period")'}, "national.py": {"request.GET.get(SORT)"}}
    views = Path(settings.BASE_DIR) / "reporting" / "views"
    for path in views.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        reads = set(re.findall(r"request\.GET\.get\([^)]*\)|request\.GET\[[^]]*\]", text))
        assert reads <= allowed.get(path.name, set()), (path.name, reads)


def _as_data(query: str) -> dict:
    """The query as the client sends it: repeated names become lists."""
    data: dict[str, list[str]] = {}
    for part in query.split("&"):
        name, _sep, value = part.partition("=")
        data.setdefault(name, []).append(value)
    return data


def test_a_huge_unit_id_is_not_found():
    client = Client(raise_request_exception=False)
    client.force_login(staff(role=Role.NSG))
    for name in ("unit", "csv", "xlsx", "pdf", "places", "places_csv", "places_xlsx"):
        assert client.get(reverse(f"reporting:{name}", args=[10 ** 30])).status_code == 404
    assert client.post(reverse("reporting:close_month", args=[10 ** 30]), {"manad": "2026-01"}).status_code == 404


def test_a_period_from_year_one_is_not_a_server_error(client, world):
    """Item 6: "A report period starting 0001-01-01 answers 500"."""
    client.force_login(world["team"].styrgrupp)
    url = reverse("reporting:unit", args=[world["team"].unit.pk])
    for query in ("fran=0001-01-01&till=0001-01-31", "fran=0001-01-01&till=0001-12-31", "fran=0001-01-01&till=2026-03-31",
                  "period=0001"):
        assert client.get(f"{url}?{query}").status_code == 200, query


def test_years_outside_2000_to_2100_and_before_the_first_figures_are_explained_in_swedish(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(world["team"].styrgrupp)
    url = reverse("reporting:unit", args=[world["team"].unit.pk])
    for value in ("1999-12", "2101", "1850-K1", "0001-01"):
        page = client.get(url + f"?period={value}").content.decode()
        assert "Välj ett år från 2000 till 2100." in page, value
        assert f'value="{value}"' in page
    page = client.get(url + "?period=2025-06").content.decode()
    assert "Det finns inga siffror före 2026-01." in page
    page = client.get(url + "?fran=2025-01-01&till=2025-02-28").content.decode()
    assert "Rapporterna visar bara fasta perioder" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(world["nsg"])
    page = client.get(reverse("reporting:national") + "?period=2150").content.decode()
    assert "Välj ett år från 2000 till 2100." in page
