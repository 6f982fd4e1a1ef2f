"""The national set-up: municipalities, three parties per unit, the units and their staff.

Staff get their roles through `krami.services.membership_grant`, the same service the admin
uses, so access groups and group membership are exactly as in real use. Everyone shares one
password (`BENCH_PASSWORD`, hashed once: hashing 700 passwords would take minutes); these are
invented accounts in a benchmark database only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from krami.models import CASEWORK_ROLES, AccessGroup, Municipality, Organisation, OrganisationKind, Role, StaffProfile, Unit
from krami.services import membership_grant, unit_set_parties
from scale.names import MEN, SURNAMES, TOWNS, WOMEN

# Invented accounts of the benchmark database only.
BENCH_PASSWORD = "krami-bench-2026"  # nosec B105
KINDS = (OrganisationKind.AF, OrganisationKind.KV, OrganisationKind.KOMMUN)
CASEWORKERS_PER_PARTY = 2


@dataclass
class UnitWorld:
    index: int
    unit: Unit
    orgs: dict  # kind -> Organisation
    municipality_ids: list[int]
    caseworkers: list[tuple[int, int]] = field(default_factory=list)  # (user id, organisation id)
    staff_ids: dict = field(default_factory=dict)  # username -> user id
    groups: list[AccessGroup] = field(default_factory=list)  # case-work groups, organisation loaded


def username(index: int, kind: str, role: str, n: int | None = None) -> str:
    """``u01.kommun.vagledare1``: the naming scheme the benchmark and the load test rely on."""
    return f"u{index:02d}.{kind}.{role}{n or ''}"


def _org_names(town: str) -> dict:
    return {
        OrganisationKind.AF: (f"Arbetsförmedlingen, {town}", ""),
        OrganisationKind.KV: (f"Kriminalvården, Frivården {town}", f"Verksamhetsområde {town}"),
        OrganisationKind.KOMMUN: (f"{town} kommun, Arbetsmarknadsförvaltningen", "Arbetsmarknadsförvaltningen"),
    }


def _staff_plan(index: int) -> list[tuple[str, str, str]]:
    """(username, organisation kind, role) for one unit's staff."""
    plan = []
    for kind in KINDS:
        for n in range(1, CASEWORKERS_PER_PARTY + 1):
            plan.append((username(index, kind, "vagledare", n), kind, Role.VAGLEDARE))
        plan.append((username(index, kind, "styrgrupp"), kind, Role.STYRGRUPP))
    plan.append((username(index, OrganisationKind.KOMMUN, "samordnare"), OrganisationKind.KOMMUN, Role.SAMORDNARE))
    plan.append((username(index, OrganisationKind.KOMMUN, "avtal"), OrganisationKind.KOMMUN, Role.AGREEMENT_ADMIN))
    return plan


def build_world(*, units: int, rng) -> list[UnitWorld]:
    """Create `units` units with parties and staff; returns what the participant generator needs."""
    user_model = get_user_model()
    password = make_password(BENCH_PASSWORD)
    worlds = []
    code = 9000
    for index in range(1, units + 1):
        town, neighbour = TOWNS[(index - 1) % len(TOWNS)]
        suffix = "" if index <= len(TOWNS) else f" {index // len(TOWNS) + 1}"
        municipalities = []
        for name in (town + suffix, neighbour + suffix):
            code += 1
            municipalities.append(Municipality.objects.create(name=name, code=str(code)))
        unit = Unit.objects.create(name=f"Krami {town}{suffix}")
        unit.municipalities.set(municipalities)
        orgs = {}
        for kind, (name, division) in _org_names(town + suffix).items():
            orgs[kind] = Organisation.objects.create(kind=kind, name=name, division=division)
        orgs[OrganisationKind.KOMMUN].municipalities.set(municipalities)
        unit_set_parties(unit=unit, parties=orgs.values())
        world = UnitWorld(index=index, unit=unit, orgs=orgs, municipality_ids=[m.pk for m in municipalities])
        plan = _staff_plan(index)
        users = user_model.objects.bulk_create(
            [
                user_model(
                    username=name, password=password, first_name=rng.choice(rng.choice([WOMEN, MEN])),
                    last_name=rng.choice(SURNAMES), email=f"{name}@bench.krami.invalid",
                )
                for name, _kind, _role in plan
            ]
        )
        StaffProfile.objects.bulk_create(
            [StaffProfile(user=u, organisation=orgs[kind], title=role) for u, (_n, kind, role) in zip(users, plan, strict=True)]
        )
        for user, (name, kind, role) in zip(users, plan, strict=True):
            membership_grant(user=user, role=role, organisation=orgs[kind], unit=unit)
            world.staff_ids[name] = user.pk
            if role in CASEWORK_ROLES and role == Role.VAGLEDARE:
                world.caseworkers.append((user.pk, orgs[kind].pk))
        world.groups = list(
            AccessGroup.objects.filter(unit=unit, role__in=CASEWORK_ROLES).select_related("organisation").order_by("pk")
        )
        worlds.append(world)
    _national_staff(user_model, password)
    return worlds


def _national_staff(user_model, password: str) -> None:
    for name, role, superuser in (("nsg", Role.NSG, False), ("nsg2", Role.NSG, False), ("admin", Role.SYSADMIN, True)):
        user = user_model.objects.create(
            username=name, password=password, first_name="Nationell", last_name=name.capitalize(),
            is_staff=superuser, is_superuser=superuser,
        )
        StaffProfile.objects.create(user=user, title=role)
        membership_grant(user=user, role=role, organisation=None, unit=None)

