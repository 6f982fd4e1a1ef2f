"""Demo step of the core: municipalities, organisations, the two demo units and their staff.

The organisations are those of the Stockholm 2023 local agreement and the Trollhättan
Vänersborg project plan (DOMAIN.md); every person is invented.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from krami import demo
from krami.models import Municipality, Organisation, OrganisationKind, Role, StaffProfile, Unit
from krami.services import membership_grant, unit_set_parties

MUNICIPALITIES = [
    ("Stockholm", "0180"),
    ("Huddinge", "0126"),
    ("Nacka", "0182"),
    ("Solna", "0184"),
    ("Trollhättan", "1488"),
    ("Vänersborg", "1487"),
    ("Mellerud", "1461"),
    ("Lilla Edet", "1462"),
    ("Grästorp", "1444"),
    ("Uddevalla", "1485"),
]

# key: (kind, name, division, municipalities represented)
ORGANISATIONS = {
    "sthlm_af": (OrganisationKind.AF, "Arbetsförmedlingen, VO lokalarbetsmarknad Stockholm-Globen", "", []),
    "sthlm_kv": (
        OrganisationKind.KV,
        "Kriminalvården, Frivården Stockholm Stad",
        "Verksamhetsområde Frivården Stockholm Stad",
        [],
    ),
    "sthlm_kommun": (OrganisationKind.KOMMUN, "Stockholms stad, Arbetsmarknadsförvaltningen", "", ["Stockholm"]),
    "thn_af": (OrganisationKind.AF, "Arbetsförmedlingen, Trollhättan", "", []),
    "thn_kv": (OrganisationKind.KV, "Kriminalvården, Frivården Trollhättan", "Verksamhetsområde Väst", []),
    "thn_kommun": (
        OrganisationKind.KOMMUN,
        "Trollhättans stad och Vänersborgs kommun",
        "Arbetsmarknads- och socialtjänst",
        ["Trollhättan", "Vänersborg"],
    ),
}

UNITS = {
    "sthlm": ("Krami Stockholm", ["Stockholm"], ["sthlm_af", "sthlm_kv", "sthlm_kommun"]),
    "thn": (
        "Krami Trollhättan Vänersborg",
        ["Trollhättan", "Vänersborg", "Mellerud", "Lilla Edet", "Grästorp"],
        ["thn_af", "thn_kv", "thn_kommun"],
    ),
}

# username, first, last, title, organisation key, [(unit key, role)]
STAFF = [
    ("sthlm.af.vagledare", "Amira", "Lund", "Arbetsförmedlare", "sthlm_af", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.af.vagledare2", "Jonas", "Berg", "Arbetsförmedlare", "sthlm_af", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.kv.vagledare", "Sofia", "Ek", "Frivårdsinspektör", "sthlm_kv", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.kv.vagledare2", "Omar", "Falk", "Frivårdsinspektör", "sthlm_kv", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.kommun.vagledare", "Linnea", "Holm", "Socionom", "sthlm_kommun", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.kommun.vagledare2", "Peter", "Sjö", "Socionom", "sthlm_kommun", [("sthlm", Role.VAGLEDARE)]),
    ("sthlm.samordnare", "Maria", "Dahl", "Administratör", "sthlm_kommun", [("sthlm", Role.SAMORDNARE)]),
    ("sthlm.af.styrgrupp", "Henrik", "Norén", "Sektionschef", "sthlm_af", [("sthlm", Role.STYRGRUPP)]),
    ("sthlm.kv.styrgrupp", "Eva", "Strand", "Frivårdschef", "sthlm_kv", [("sthlm", Role.STYRGRUPP)]),
    ("sthlm.kommun.styrgrupp", "Karin", "Vik", "Enhetschef", "sthlm_kommun", [("sthlm", Role.STYRGRUPP)]),
    ("sthlm.avtal", "Lars", "Ström", "Enhetschef, budgetansvarig", "sthlm_kommun", [("sthlm", Role.AGREEMENT_ADMIN)]),
    ("thn.af.vagledare", "Nadia", "Åberg", "Arbetsförmedlare", "thn_af", [("thn", Role.VAGLEDARE)]),
    ("thn.kv.vagledare", "Erik", "Lind", "Frivårdsinspektör", "thn_kv", [("thn", Role.VAGLEDARE)]),
    ("thn.kommun.vagledare", "Sara", "Kvist", "Socialsekreterare", "thn_kommun", [("thn", Role.VAGLEDARE), ("thn", Role.SAMORDNARE)]),
    ("thn.af.styrgrupp", "Johan", "Rask", "Sektionschef", "thn_af", [("thn", Role.STYRGRUPP)]),
    ("thn.kv.styrgrupp", "Anna", "Borg", "Frivårdschef", "thn_kv", [("thn", Role.STYRGRUPP)]),
    ("thn.kommun.styrgrupp", "Mats", "Hed", "Verksamhetschef", "thn_kommun", [("thn", Role.STYRGRUPP), ("thn", Role.AGREEMENT_ADMIN)]),
    ("nsg", "Birgitta", "Lönn", "Nationell samordnare", None, [(None, Role.NSG)]),
    ("admin", "Tomas", "Kron", "Systemförvaltare", None, [(None, Role.SYSADMIN)]),
]


@demo.step(10, "municipalities, organisations, units, staff")
def seed_core(ctx: demo.DemoContext) -> None:
    municipalities = {}
    for name, code in MUNICIPALITIES:
        municipalities[name], _ = Municipality.objects.update_or_create(code=code, defaults={"name": name})
    for key, (kind, name, division, represented) in ORGANISATIONS.items():
        org, _ = Organisation.objects.update_or_create(name=name, defaults={"kind": kind, "division": division})
        org.municipalities.set([municipalities[m] for m in represented])
        ctx.organisations[key] = org
    for key, (name, served, parties) in UNITS.items():
        unit, _ = Unit.objects.get_or_create(name=name)
        unit.municipalities.set([municipalities[m] for m in served])
        unit_set_parties(unit=unit, parties=[ctx.organisations[p] for p in parties])
        ctx.units[key] = unit
    user_model = get_user_model()
    for username, first, last, title, org_key, roles in STAFF:
        user, _ = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.email = first, last, f"{username}@demo.krami.invalid"
        user.is_active = True
        user.is_staff = user.is_superuser = any(role == Role.SYSADMIN for _, role in roles)
        user.set_password(demo.DEMO_PASSWORD)
        user.save()
        org = ctx.organisations.get(org_key) if org_key else None
        StaffProfile.objects.update_or_create(
            user=user, defaults={"organisation": org, "title": title, "is_demo_account": True}
        )
        for unit_key, role in roles:
            membership_grant(user=user, role=role, organisation=org, unit=ctx.units.get(unit_key))
        ctx.users[username] = user
        described = ", ".join(
            f"{Role(role).label}{' – ' + ctx.units[u].name if u else ''}" for u, role in roles
        )
        ctx.logins.append((username, f"{first} {last}: {described}{' (' + org.name + ')' if org else ''}"))
