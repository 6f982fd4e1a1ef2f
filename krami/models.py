"""The organisation/unit/membership core, and the append-only logs.

DOMAIN.md, "The parties" and "People and roles": a Krami unit is a cooperation of
Arbetsförmedlingen, Kriminalvården and one or more municipalities acting as one party.
Staff work for one organisation in one or more units, with a role.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel


class OrganisationKind(models.TextChoices):
    AF = "af", _("Swedish Public Employment Service (Arbetsförmedlingen)")
    KV = "kv", _("Swedish Prison and Probation Service (Kriminalvården)")
    KOMMUN = "kommun", _("Municipality (kommun)")


class Gender(models.TextChoices):
    """A person's gender as they state it: the register records it, agreements set age limits and
    women's groups by it (a person attribute the rules of several apps need, so it lives here)."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other / not stated")


class Municipality(models.Model):
    """A Swedish kommun as a place (where a participant lives, what a unit serves)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("municipality code"), max_length=4, unique=True, help_text=_("Four digits, e.g. 0180."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A party to the cooperation: an AF unit, a KV verksamhetsställe or a kommun party.

    Several municipalities can act as one party (Trollhättan + Vänersborg): that is one
    organisation of kind KOMMUN with several `municipalities`.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    division = models.CharField(
        _("division"),
        max_length=200,
        blank=True,
        help_text=_("Kriminalvården's verksamhetsområde, or the administration within the kommun."),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="organisations", verbose_name=_("municipalities represented")
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A Krami unit (Krami-enhet), e.g. "Krami Stockholm"."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="units", verbose_name=_("municipalities served")
    )
    parties = models.ManyToManyField(Organisation, related_name="units", verbose_name=_("parties"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Krami unit")
        verbose_name_plural = _("Krami units")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VAGLEDARE = "vagledare", _("Case worker (vägledare)")
    SAMORDNARE = "samordnare", _("Unit coordinator")
    STYRGRUPP = "styrgrupp", _("Steering group member")
    AGREEMENT_ADMIN = "agreement_admin", _("Agreement administrator")
    NSG = "nsg", _("National steering group (NSG) viewer")
    SYSADMIN = "sysadmin", _("System administrator")


# Roles that work with individual participants. Every other role sees aggregates only.
CASEWORK_ROLES = frozenset({Role.VAGLEDARE, Role.SAMORDNARE})
NATIONAL_ROLES = frozenset({Role.NSG, Role.SYSADMIN})
UNIT_ROLES = frozenset(set(Role) - NATIONAL_ROLES)


class StaffProfile(models.Model):
    """What the user model does not say: the employer, and whether this is a demo account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name=_("employer")
    )
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. frivårdsinspektör"))
    is_demo_account = models.BooleanField(_("demo account"), default=False)
    daily_digest = models.BooleanField(
        _("daily e-mail of what is due"),
        default=False,
        help_text=_("Each morning, an e-mail with the number of things due on your “To do” page and a link to it. "
                    "It never holds a name or a personnummer."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation or '-'})"


class Membership(models.Model):
    """A user works for one organisation in a unit with a role; national roles have no unit.

    Created and removed only through `krami.services.membership_grant` / `membership_revoke`,
    which keep the user's access groups in step.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role_per_unit"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(unit__isnull=True), name="membership_unique_national_role"
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(r.value for r in NATIONAL_ROLES)) & Q(unit__isnull=True))
                | (~Q(role__in=sorted(r.value for r in NATIONAL_ROLES)) & Q(unit__isnull=False) & Q(organisation__isnull=False)),
                name="membership_unit_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit or _("national")
        return f"{self.user} – {self.get_role_display()} – {where}"


class AccessGroup(models.Model):
    """The guardian group of one (unit, organisation, role): object permissions go here, never to users."""

    group = models.OneToOneField(
        Group, verbose_name=_("permission group"), on_delete=models.CASCADE, related_name="krami_access"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="access_groups")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="access_groups"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("access group")
        verbose_name_plural = _("access groups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "organisation", "role"], name="accessgroup_unique"),
        ]

    def __str__(self) -> str:
        return self.group.name


class DataCategory(models.TextChoices):
    """Categories of participant data; each has an owner and its own consent (docs/access.md)."""

    CORE = "core", _("Identity and programme status")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal-justice data (Kriminalvården)")
    SOCIAL_SERVICES = "social_services", _("Social-services data (kommun)")
    LABOUR_MARKET = "labour_market", _("Labour-market data (Arbetsförmedlingen)")
    HEALTH = "health", _("Drug tests (health data)")
    NOTES = "notes", _("Journal notes shared with the Krami team")


# The organisation kind that owns each category's data for every participant. CORE,
# HEALTH and NOTES are owned record by record (the participant's or the author's organisation).
CATEGORY_OWNER_KIND = {
    DataCategory.CRIMINAL_JUSTICE: OrganisationKind.KV,
    DataCategory.SOCIAL_SERVICES: OrganisationKind.KOMMUN,
    DataCategory.LABOUR_MARKET: OrganisationKind.AF,
}


class FormSubmission(models.Model):
    """A rendered form that was sent (issue 15, "submit once"): the same form sent again, by a double
    click or a resend, is answered with where the first one led instead of being run again.

    Kept in the database, not the session, so that two application servers share it (docs/operations).
    Only a submission that saved something (a redirect) is kept; one that came back with errors is
    removed, so the corrected form can be sent. Rows older than a day are removed as new ones come.
    """

    token = models.CharField(_("form token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("page"), max_length=300)
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    location = models.CharField(_("led to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self) -> str:
        return f"{self.path} {self.submitted_at:%Y-%m-%d %H:%M}"


class AccessLog(AppendOnlyModel):
    """One row per read of a participant's personal data (who, when, what). Append-only.

    `participant_id` is a plain column, not a foreign key: the log outlives the record it
    describes (gallring removes participants; the log is kept five years). On PostgreSQL the
    table is partitioned by month (krami/partitions.py): its primary key is (id, at) there, and
    the five-year rule drops whole months.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the record")
        LIST = "list", _("Shown in a list")
        REVEAL_PERSONNUMMER = "reveal_pnr", _("Showed the full personnummer")
        REVEAL_IDENTITY = "reveal_identity", _("Showed a protected identity")
        EXPORT = "export", _("Exported")
        EDIT_FORM = "edit_form", _("Opened for editing")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # No index of their own on user, organisation and unit: each index is paid on every page view,
    # and (user, at) and (unit, at) below serve every read by user or unit.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"),
        on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"),
        null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
        related_name="+",
    )
    participant_id = models.BigIntegerField(_("participant id"), db_index=True)
    participant_reference = models.CharField(_("participant reference"), max_length=20)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    categories = models.CharField(
        _("categories shown"), max_length=200, help_text="Comma-separated data categories shown."
    )
    path = models.CharField(_("page"), max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["unit", "at"], name="accesslog_unit_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.participant_reference}"


class AuditEvent(AppendOnlyModel):
    """A change made through a service, named with a dotted action (e.g. ``consent.withdrawn``)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"),
        null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.BigIntegerField(_("object id"), null=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditevent_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


# Federated sign-in's models live in their own module but belong to this app (one migration history).
from krami.federation.models import FederatedIdentity, IdentityProvider, UsedAssertion  # noqa: E402, F401
