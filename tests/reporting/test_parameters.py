"""Issue 13, item 6 and "every report parameter validated": every GET parameter of every reporting
URL, with hostile values, answers without a server error; a year outside 2000–2100, or a period
before the unit's first figures, is explained in Swedish."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from krami.models import Role
from reporting.periods import last_complete_month
from reporting.snapshots import months_close
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PARAMETERS = ("period", "manad", "fran", "till", "kostnad", "okand")
HOSTILE = (
    "0001-01-01", "9999-12-31", "2026-02-31", "2026-13", "2026-00", "1999-12", "2101-01", "0000", "9999", "2026-K5",
    "2026-H3", "2026-K0", "2025-07..2024-06", "2025-07..2026-06", "1-1-1", "-1", "0", "", " ", "99999999999999999999999999",
    "1e309", "NaN", "ÅÅÅÅ-MM", "٢٠٢٦-٠٣", "2026-03'; DROP TABLE reporting_monthsnapshot;--", "<script>alert(1)</script>",
    "%00", "2026-03\x00", "2026-03" * 50,
)
# Downloads read their parameters through the same function as their pages: fewer values, each name.
HOSTILE_FOR_DOWNLOADS = ("0001-01-01", "9999-12-31", "2026-02-31", "", "99999999999999999999999999", "٢٠٢٦-٠٣")
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
        *((name, reverse(f"reporting:{name}", args=[unit]), w["team"].styrgrupp) for name in ("unit", "csv", "xlsx", "pdf")),
        *((name, reverse(f"reporting:{name}", args=[unit]), w["admin"]) for name in ("places", "places_csv", "places_xlsx")),
        ("national", reverse("reporting:national"), w["nsg"]),
        ("national_xlsx", reverse("reporting:national_xlsx"), w["nsg"]),
    ]


def test_no_parameter_value_gives_a_server_error(world):
    client = Client(raise_request_exception=False)
    failures, tried = [], 0
    for url_name, url, user in urls(world):
        client.force_login(user)
        values = HOSTILE_FOR_DOWNLOADS if url_name in DOWNLOADS else HOSTILE
        queries = [f"{name}={value}" for name in PARAMETERS for value in values]
        queries += ["period=2026-03&period=2026-K1", "fran=2026-01-01", "till=2026-03-31", "fran=2026-03-31&till=2026-01-01",
                    "fran=0001-01-01&till=9999-12-31", "period=2026-03&fran=0001-01-01&till=0001-01-02", "manad=2026-03&kostnad=-5"]
        for query in queries:
            response = client.get(url, data=_as_data(query))
            tried += 1
            if response.status_code >= 500:
                failures.append(f"{url}?{query} -> {response.status_code}")
    print(f"\nparameters: {tried} requests over {len(urls(world))} URLs, {len(failures)} server errors")
    assert not failures, failures[:20]


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
