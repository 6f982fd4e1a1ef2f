"""The register: a participant's identity and programme status (category CORE), each authority's
category of data, the guardian grants that decide who sees them, and the phase history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from krami.models import Gender, Municipality, Organisation, Unit
from krami.validators import plausible_date
from participants import personnummer


class ReferralSource(models.TextChoices):
    KV_PRISON = "kv_prison", _("Kriminalvården, prison")
    KV_PROBATION = "kv_probation", _("Kriminalvården, probation")
    AF = "af", _("Arbetsförmedlingen")
    SOCIAL_SERVICES = "social_services", _("Social services")
    SELF = "self", _("Self-referral (information meeting)")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    """Programme status (DOMAIN.md, "Intake" and "Programme")."""

    APPLICANT = "applicant", _("Applicant")
    QUEUED = "queued", _("Accepted, waiting for start")
    GUIDANCE = "guidance", _("Guidance course")
    INTERNSHIP = "internship", _("Internship (praktik)")
    WORK_OR_STUDIES = "work_or_studies", _("Work or studies with support")
    NOT_ACCEPTED = "not_accepted", _("Not accepted / referred elsewhere")
    CLOSED = "closed", _("Exited (avslutad)")


# Phases in which a participant counts towards the unit's occupancy (beläggning).
ACTIVE_PHASES = frozenset({Phase.GUIDANCE, Phase.INTERNSHIP, Phase.WORK_OR_STUDIES})
# Phases of a case still in progress (not closed, not turned down), in programme order.
OPEN_PHASES = (Phase.APPLICANT, Phase.QUEUED, Phase.GUIDANCE, Phase.INTERNSHIP, Phase.WORK_OR_STUDIES)


class Condition(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "n/a", _("Not applicable")
    UNKNOWN = "unknown", _("Not known yet")


# What everyone but the handler and the owning organisation's coordinators sees instead of a protected name.
PROTECTED_IDENTITY = _("Protected identity")


def participant_reference(pk: int) -> str:
    """`Participant.reference` from the id alone: reports that read ids by the thousand
    (reporting/economy.py) need not build a model instance for each."""
    return f"D-{pk:06d}"


class Participant(models.Model):
    """A person in (or applying to) a Krami unit. Category CORE: identity and programme status.

    The personnummer is kept encrypted (`personnummer_encrypted`) with a keyed hash for
    look-ups (`personnummer_hash`); see participants/personnummer.py.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="participants", verbose_name=_("unit"))
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_participants",
        verbose_name=_("responsible organisation"),
        help_text=_("The organisation that registered the person and owns the record."),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handled_participants",
        verbose_name=_("case worker (handläggare)"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    personnummer_encrypted = models.TextField(_("personnummer (encrypted)"), editable=False)
    personnummer_hash = models.CharField(_("personnummer look-up hash"), max_length=64, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    is_coordination_number = models.BooleanField(_("samordningsnummer"), default=False, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    identifies_as_woman = models.BooleanField(
        _("identifies as a woman"),
        default=False,
        help_text=_("Used for women's groups and for the women-first rule in the priority queue."),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality of residence")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Skyddade personuppgifter (sekretessmarkering, skyddad folkbokföring): the name and contact details
    # are shown only to the handler and the owning organisation's coordinators (participants/identity.py),
    # and no address is stored (a constraint below).
    protected_identity = models.BooleanField(
        _("protected personal data (skyddad identitet)"),
        default=False,
        help_text=_(
            "Sekretessmarkering or skyddad folkbokföring: only the case worker and the owning organisation's "
            "coordinators see the name and contact details, everyone else a reference. No address is stored."
        ),
    )
    referral_source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource.choices)
    drug_free = models.CharField(_("drug-free"), max_length=10, choices=Condition.choices, default=Condition.UNKNOWN)
    housing_arranged = models.CharField(
        _("housing arranged"), max_length=10, choices=Condition.choices, default=Condition.UNKNOWN
    )
    childcare_arranged = models.CharField(
        _("childcare arranged"), max_length=10, choices=Condition.choices, default=Condition.NOT_APPLICABLE
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.APPLICANT)
    phase_since = models.DateField(_("in phase since"), validators=[plausible_date])
    registered_on = models.DateField(
        _("registration date"), default=timezone.localdate, validators=[plausible_date],
        help_text=_("The day the person applied to or was referred to Krami; a late registration is dated back."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by gallring (privacy/services/retention.py): the identity is gone and nobody is granted the record
    # any more; the row stays for the statistics (docs/security.md lists what is kept).
    anonymised_at = models.DateTimeField(_("anonymised (gallrad)"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("view_criminal_justice", "Can view criminal-justice data"),
            ("view_social_services", "Can view social-services data"),
            ("view_labour_market", "Can view labour-market data"),
            ("view_health", "Can view other organisations' drug tests"),
            ("view_notes", "Can view other organisations' team notes"),
        ]
        constraints = [
            # One record per person and organisation in a unit. Another party's record of the same
            # person may exist: the parties are separate authorities, and refusing a registration
            # because of a record the user may not see would tell them the person is a participant
            # (docs/security.md, "Search and duplicate checks").
            models.UniqueConstraint(
                fields=["unit", "owner_organisation", "personnummer_hash"], name="participant_unique_pnr_per_unit_org"
            ),
            # No whereabouts of a person with protected personal data (DOMAIN.md, "Protected identity").
            models.CheckConstraint(
                condition=Q(protected_identity=False) | Q(address=""), name="participant_protected_has_no_address"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "phase"], name="participant_unit_phase"),
            models.Index(fields=["unit", "last_name", "first_name"], name="participant_unit_name"),
            models.Index(fields=["handler", "phase"], name="participant_handler_phase"),
            models.Index(fields=["unit", "gender"], name="participant_unit_gender"),
            models.Index(fields=["unit", "municipality"], name="participant_unit_municipality"),
            # The same person in a unit (every lookup of a personnummer is within units, and each
            # figure's "counted once" check asks for the unit's earlier records of the person): with
            # the unit in the index the planner no longer guesses the unit's every record is one.
            models.Index(fields=["unit", "personnummer_hash"], name="participant_unit_pnr_hash"),
            # The list's filters and sort orders (participants/selectors/register.py).
            models.Index(fields=["unit", "created_at"], name="participant_unit_created"),
            models.Index(fields=["unit", "registered_on"], name="participant_unit_registered"),
            models.Index(fields=["unit", "phase_since"], name="participant_unit_phase_since"),
            models.Index(fields=["unit", "referral_source"], name="participant_unit_referral"),
            models.Index(fields=["unit", "birth_date"], name="participant_unit_birth_date"),
        ]

    def __str__(self) -> str:
        # Where no viewer is known (a form's choice, the admin) a protected name is never shown;
        # pages name people through participants/identity.py, which knows who is looking.
        if self.protected_identity:
            return f"{PROTECTED_IDENTITY} ({self.reference})"
        return f"{self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        """A pseudonymous reference for logs and reports: no name, no personnummer."""
        return participant_reference(self.pk)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_personnummer(self) -> str:
        """Date part and four stars, e.g. ``19900101-****`` (safe in lists)."""
        return personnummer.mask(self.birth_date, coordination=self.is_coordination_number)

    @property
    def is_active(self) -> bool:
        return self.phase in ACTIVE_PHASES


class InParticipantsUnit(models.Model):
    """A participant's row that carries the participant's unit, so that a unit's rows of a period
    are read by (unit, date) without a look at other units' rows (issue 19). A participant never
    changes unit (the edit view leaves the unit out) and a merge joins two records of one unit
    (participants.authority.may_propose_merge), so the copy cannot go stale; it is taken from the
    participant when the row is first saved, whoever saves it."""

    # blank: a row made without it passes full_clean and gets it in save(); never on a form.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+", editable=False, blank=True
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.unit_id is None:
            self.unit_id = self.participant.unit_id
        super().save(*args, **kwargs)


class CriminalJusticeStatus(models.TextChoices):
    """The person's criminal-justice situation. Besides the priority categories of the Stockholm
    agreement (DOMAIN.md, "Priority order"), a target group can name convicted people and people at
    risk of crime (seeds/003); "other criminal context" says neither."""

    PRISON_RELEASE_MEASURE = "prison_release", _("In prison, with a release-phase measure (utslussåtgärd)")
    PROBATION = "probation", _("Supervision after probation (skyddstillsyn)")
    CONDITIONAL_RELEASE = "conditional_release", _("Supervision after conditional release")
    CONVICTED = "convicted", _("Convicted, no sentence being served now")
    AT_RISK = "at_risk", _("At risk of crime, not convicted")
    OTHER_CRIMINAL_CONTEXT = "other_context", _("Other criminal context")
    NONE = "none", _("None")


class CriminalJusticeInfo(models.Model):
    """Kriminalvården's data about the participant. Category CRIMINAL_JUSTICE."""

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="criminal_justice"
    )
    current_at_kv = models.BooleanField(_("current at Kriminalvården"), default=False)
    status = models.CharField(
        _("criminal-justice status"),
        max_length=30,
        choices=CriminalJusticeStatus.choices,
        default=CriminalJusticeStatus.NONE,
    )
    release_date = models.DateField(_("release date"), null=True, blank=True, validators=[plausible_date])
    supervision_until = models.DateField(_("supervision until"), null=True, blank=True, validators=[plausible_date])
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Optimistic locking: a save from a form opened before the last save is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("criminal-justice data")
        verbose_name_plural = _("criminal-justice data")
        indexes = [models.Index(fields=["status", "participant"], name="cj_status_participant")]

    def __str__(self) -> str:
        return self.get_status_display()


class SocialServicesInfo(models.Model):
    """The kommun's social-services data. Category SOCIAL_SERVICES."""

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="social_services"
    )
    current_at_social_services = models.BooleanField(_("current at social services"), default=False)
    income_support = models.BooleanField(_("receives income support (försörjningsstöd)"), default=False)
    social_worker = models.CharField(_("social worker"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Optimistic locking: a save from a form opened before the last save is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("social-services data")
        verbose_name_plural = _("social-services data")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class LabourMarketInfo(models.Model):
    """Arbetsförmedlingen's data. Category LABOUR_MARKET."""

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="labour_market"
    )
    registered_at_af = models.BooleanField(_("registered at Arbetsförmedlingen"), default=False)
    activity_support = models.BooleanField(_("receives activity support (aktivitetsstöd)"), default=False)
    employment_officer = models.CharField(_("employment officer"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    # Optimistic locking: a save from a form opened before the last save is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("labour-market data")
        verbose_name_plural = _("labour-market data")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ParticipantGroupPermission(GroupObjectPermissionBase):
    """guardian's direct foreign-key permission table for participants (one row per grant).

    `expires_on` carries a consent's end date, so an expired consent stops access on the
    day it ends without a job having to run first.
    """

    content_object = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="group_permissions"
    )
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("participant permission")
        verbose_name_plural = _("participant permissions")
        indexes = [
            models.Index(fields=["group", "permission", "content_object"], name="participant_perm_lookup"),
        ]


class PhaseChange(models.Model):
    """One change of programme phase: the history behind "time in each phase".

    A step entered ahead (a praktik, a job, studies or a group start on a coming date) is a
    change dated in the future with `applied` False: the participant's phase stays as it is until
    that day, when `participants.services.phase.phases_apply_due` moves it (the nightly job, and
    any service that locks the participant first).
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    on = models.DateField(_("from"), validators=[plausible_date])
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    applied = models.BooleanField(
        _("in effect"), default=True, help_text=_("False while the change is planned for a coming date.")
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        indexes = [
            models.Index(fields=["participant", "on"], name="phasechange_participant_on"),
            models.Index(fields=["on"], condition=models.Q(applied=False), name="phasechange_planned_on"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.phase} {self.on}"
