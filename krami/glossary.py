"""The terms Krami's pages use, explained once (DOMAIN.md): the glossary page and the
"What does … mean?" boxes (`{% term_help "samtycke" %}`) both read this list.

Apps that show a term add `{% load krami_tags %}{% term_help "belaggning" %}` where it appears,
or link to `{% url 'krami:glossary' %}#<slug>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The two occupancy measures (issue 17): one pair of names for every page, report and export that
# shows an occupancy figure. The reports (reporting/kpis.py) count those active during the month
# and compare it with the occupancy target; intake (the queue, its priority order, the start form)
# counts those active today. Both names are defined below, as terms of their own.
ACTIVE_DURING_MONTH = _("Active during the month")
ACTIVE_TODAY = _("Active today")


@dataclass(frozen=True)
class Term:
    slug: str  # the anchor on the glossary page, ASCII
    title: str | Promise  # heading on the glossary page
    word: str | Promise  # the term inside a sentence: "What does <word> mean?"
    definition: str | Promise


TERMS = [
    Term(
        "inskrivning",
        _("Intake (inskrivning)"),
        _("intake (inskrivning)"),
        _(
            "The way into Krami: a weekly information meeting, an interview, and an assessment at the "
            "team's work meeting. After the assessment the person is accepted for the guidance course, "
            "referred elsewhere, or not accepted for now."
        ),
    ),
    Term(
        "fas",
        _("Phase"),
        _("phase"),
        _(
            "Where the person is in Krami: applicant, accepted and waiting for a start, guidance course, "
            "internship, work or studies with support, not accepted, or exited. Every change of phase is "
            "recorded with its date."
        ),
    ),
    Term(
        "vagledningskurs",
        _("Guidance course (vägledningskurs)"),
        _("guidance course (vägledningskurs)"),
        _(
            "Three to four weeks of guidance, usually in a group, about society, rights and duties and "
            "the way to work. Some units start people one at a time."
        ),
    ),
    Term(
        "praktik",
        _("Internship (praktik)"),
        _("internship (praktik)"),
        _(
            "A placement with an employer, of varying length, meant to lead to a job (often with a wage "
            "subsidy, lönestöd) or to studies."
        ),
    ),
    Term(
        "avslut",
        _("Exit (avslut)"),
        _("exit (avslut)"),
        _(
            "The end of a person's participation, recorded with a date and a reason, for example work, "
            "studies or no longer taking part. Reports count how many exited participants went on to work "
            "or studies. A person who has exited can be enrolled again."
        ),
    ),
    Term(
        "belaggning",
        _("Occupancy (beläggning)"),
        _("occupancy (beläggning)"),
        format_lazy(
            _(
                "How many participants the unit has: those in the guidance course, in an internship, or in work "
                "or studies with support. The local agreement sets an occupancy target (beläggningsmål), for "
                "example 80 participants. Krami counts it in two ways: “{during}” in the reports, “{today}” in "
                "intake, where applicants are taken in the agreed priority order once the target is reached."
            ),
            during=ACTIVE_DURING_MONTH, today=ACTIVE_TODAY,
        ),
    ),
    Term(
        "aktiva-under-manaden",
        ACTIVE_DURING_MONTH,
        format_lazy(_("“{}”"), ACTIVE_DURING_MONTH),
        format_lazy(
            _(
                "Everyone enrolled (guidance course, internship, or work or studies with support) on at least one "
                "day of the month, counted once. The reports (dashboard, meeting pack, Excel, national view) show "
                "this figure and compare it with the occupancy target; for a quarter or longer, its average per "
                "month. It is higher than “{today}” on any day of the month: it also counts those who left before "
                "that day or started after it."
            ),
            today=ACTIVE_TODAY,
        ),
    ),
    Term(
        "aktiva-i-dag",
        ACTIVE_TODAY,
        format_lazy(_("“{}”"), ACTIVE_TODAY),
        format_lazy(
            _(
                "Everyone enrolled today (guidance course, internship, or work or studies with support). Intake "
                "shows this figure, and the queue's priority order compares it with the occupancy target. The "
                "reports count “{during}” instead. They do not show the figure of a single day: beside the "
                "month's figure it would reveal how many left during the month."
            ),
            during=ACTIVE_DURING_MONTH,
        ),
    ),
    Term(
        "samtycke",
        _("Consent (samtycke)"),
        _("consent (samtycke)"),
        _(
            "The participant's permission for the parties to share information about them. "
            "Arbetsförmedlingen, Kriminalvården and the municipality are separate authorities under secrecy "
            "law, so without consent each party sees only its own data. A consent says which party may see "
            "which kind of data, may have an end date, and can be withdrawn at any time: access then stops "
            "at once."
        ),
    ),
    Term(
        "handlaggare",
        _("Case worker (vägledare, handläggare)"),
        _("case worker (handläggare)"),
        _(
            "A member of the Krami team, employed by one of the parties. The team acts as one towards the "
            "participants, and each participant has one case worker responsible for the follow-up."
        ),
    ),
    Term(
        "personnummer",
        _("Personnummer and samordningsnummer"),
        _("personnummer"),
        _(
            "The Swedish personal identity number, YYYYMMDD-NNNN. People who are not registered in Sweden "
            "may have a samordningsnummer (coordination number) instead, with 60 added to the day of birth. "
            "Krami accepts both, masks them in lists, and logs every time a whole number is shown."
        ),
    ),
    Term(
        "lokal-overenskommelse",
        _("Local agreement (lokal överenskommelse)"),
        _("local agreement (lokal överenskommelse)"),
        _(
            "The yearly agreement between the parties of a Krami unit: the staff each party provides, how "
            "the costs are shared, the occupancy target and the priority order for intake."
        ),
    ),
    Term(
        "styrgrupp",
        _("Steering group (styrgrupp)"),
        _("steering group (styrgrupp)"),
        _(
            "One decision-making representative of each party. The steering group follows up results, "
            "costs and the plan for the year; in Krami it sees figures only, never a single person."
        ),
    ),
    Term(
        "atkomstlogg",
        _("Access log"),
        _("access log"),
        _(
            "A record of who opened which participant's record, when, and what was shown. The unit "
            "coordinator reviews it regularly; entries cannot be changed or removed."
        ),
    ),
]

BY_SLUG = {term.slug: term for term in TERMS}
