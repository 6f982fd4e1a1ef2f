"""The settlement as a document (issue 21, finding 4): a PDF for the parties' finance departments, in
the agreement PDF's layout, with the period, each party's share, what each paid and the balance."""

from decimal import Decimal as D

from django.urls import reverse

from krami.templatetags.krami_tags import money
from tests.agreements.factories import stockholm_like
from tests.agreements.test_costs_and_settlement import quarter_costs
from tests.pdf import pdf_words


def _words(value) -> str:
    return "".join(str(value).split())


def test_the_steering_group_downloads_the_settlement_of_a_quarter(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    quarter_costs(agreement)
    client.force_login(stockholm.users["styrgrupp"])
    page = client.get(reverse("agreements:settlement", kwargs={"pk": agreement.pk}) + "?period=2026-Q3").content.decode()
    link = reverse("agreements:settlement_pdf", kwargs={"pk": agreement.pk}) + "?period=2026-Q3"
    assert f'href="{link}"' in page

    r = client.get(link)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'inline; filename="avrakning-lokal-overenskommelse-krami-stockholm-2026-2026-Q3.pdf"'
    text = pdf_words(r.content)
    assert _words("Settlement: 2026 quarter 3") in text
    assert _words("Costs of the months 2026-07-01 – 2026-09-30.") in text
    # Each party's share, what it paid and the balance, as on the page (tests/agreements/test_costs_and_settlement.py).
    for amount in ("106829.25", "204270.00", "9388.50", "97440.75", "-97440.75", "213658.50"):
        assert _words(money(D(amount))) in text, amount
    assert _words(
        f"Kriminalvården, Frivården Stockholm Stad owes Stockholms stad, Arbetsmarknadsförvaltningen {money(D('97440.75'))}"
    ) in text
    assert _words(f"Recorded outside the split: {money(D(54000))}.") in text
    headings = ["Parties", "Who owes whom", "Share, paid and balance per party", "Costs per category"]
    assert [text.index(_words(h)) for h in headings] == sorted(text.index(_words(h)) for h in headings)


def test_a_period_without_costs(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    client.force_login(stockholm.users["admin"])
    r = client.get(reverse("agreements:settlement_pdf", kwargs={"pk": agreement.pk}) + "?period=2026-02")
    assert _words("Nobody owes anybody") in pdf_words(r.content)
