"""Write authority (issue 13): a consent belongs to the party whose data it releases; programme
records (internships, employments, studies) to the organisation that recorded them; consent requests.

Existing consents were recorded by any party for any party's data. Each is split by the party
whose data its scopes release (the owning organisation: the core record; the party of the
category's kind: its category; every other party: its own team notes and drug tests, which a
scope for notes or health used to cover as a whole), so that every party can withdraw what is
its own. Nobody gains or loses access: the (receiving party, category) pairs stay the same.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CATEGORY_OWNER_KIND = {"criminal_justice": "kv", "social_services": "kommun", "labour_market": "af"}
RECORD_OWNED = {"notes", "health"}


def _releasers(category, receiver_id, owner_id, parties):
    if category == "core":
        return [owner_id]
    if category in RECORD_OWNED:
        return [p.pk for p in parties if p.pk != receiver_id]
    kind = CATEGORY_OWNER_KIND[category]
    return [p.pk for p in parties if p.kind == kind][:1] or [owner_id]


def split_consents(apps, schema_editor):
    Consent = apps.get_model("participants", "Consent")
    ConsentScope = apps.get_model("participants", "ConsentScope")
    for consent in Consent.objects.select_related("participant").order_by("pk"):
        participant = consent.participant
        parties = list(participant.unit.parties.all())
        by_releaser: dict[int, set] = {}
        for scope in ConsentScope.objects.filter(consent=consent):
            for releaser in _releasers(scope.category, scope.organisation_id, participant.owner_organisation_id, parties):
                if releaser != scope.organisation_id:  # a party does not release its data to itself
                    by_releaser.setdefault(releaser, set()).add((scope.organisation_id, scope.category))
        owner = participant.owner_organisation_id
        ConsentScope.objects.filter(consent=consent).delete()
        consent.releasing_organisation_id = owner
        consent.save(update_fields=["releasing_organisation"])
        for releaser, pairs in sorted(by_releaser.items(), key=lambda item: item[0] != owner):
            target = consent
            if releaser != owner:
                target = Consent.objects.create(
                    participant=participant, releasing_organisation_id=releaser, given_on=consent.given_on,
                    method=consent.method, valid_until=consent.valid_until, note=consent.note,
                    recorded_by_id=consent.recorded_by_id, withdrawn_at=consent.withdrawn_at,
                    withdrawn_by_id=consent.withdrawn_by_id,
                )
                Consent.objects.filter(pk=target.pk).update(recorded_at=consent.recorded_at)
            ConsentScope.objects.bulk_create(
                [ConsentScope(consent=target, organisation_id=org, category=cat) for org, cat in sorted(pairs)]
            )


def programme_owners(apps, schema_editor):
    """The recorder's organisation in the participant's unit, else the participant's owner."""
    Membership = apps.get_model("krami", "Membership")
    for name in ("Internship", "Employment", "Studies"):
        model = apps.get_model("participants", name)
        for record in model.objects.select_related("participant").filter(owner_organisation__isnull=True):
            membership = (
                Membership.objects.filter(user_id=record.created_by_id, unit_id=record.participant.unit_id)
                .exclude(organisation__isnull=True).order_by("pk").first()
            )
            record.owner_organisation_id = (
                membership.organisation_id if membership else record.participant.owner_organisation_id
            )
            record.save(update_fields=["owner_organisation"])


class Migration(migrations.Migration):

    dependencies = [
        ("krami", "0003_field_labels"),
        ("participants", "0006_field_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="filed_as",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="where the signed form is kept",
                help_text="The registration number (diarienummer) or the file the signed consent form is kept in.",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="releasing_organisation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                verbose_name="releasing party",
                help_text="The party whose data the consent releases; only it records and withdraws the consent.",
            ),
        ),
        migrations.AlterField(
            model_name="consentscope",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                verbose_name="receiving party",
            ),
        ),
        migrations.RunPython(split_consents, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consent",
            name="releasing_organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                verbose_name="releasing party",
                help_text="The party whose data the consent releases; only it records and withdraws the consent.",
            ),
        ),
    ] + [
        operation
        for name in ("internship", "employment", "studies")
        for operation in [
            migrations.AddField(
                model_name=name,
                name="owner_organisation",
                field=models.ForeignKey(
                    null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                    to="krami.organisation", verbose_name="owning organisation",
                ),
            ),
        ]
    ] + [
        migrations.RunPython(programme_owners, migrations.RunPython.noop),
    ] + [
        migrations.AlterField(
            model_name=name,
            name="owner_organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                verbose_name="owning organisation",
            ),
        )
        for name in ("internship", "employment", "studies")
    ] + [
        migrations.CreateModel(
            name="ConsentRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("categories", models.JSONField(default=list, verbose_name="data categories asked for")),
                ("reason", models.CharField(max_length=300, verbose_name="why the data is needed")),
                ("requested_at", models.DateTimeField(auto_now_add=True, verbose_name="asked")),
                ("status", models.CharField(
                    choices=[("open", "Waiting for an answer"), ("recorded", "Consent recorded"), ("declined", "Declined")],
                    default="open", max_length=10, verbose_name="status",
                )),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                ("answer_note", models.CharField(blank=True, max_length=300, verbose_name="answer")),
                ("addressed_to", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                    verbose_name="asked of party",
                )),
                ("answered_by", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                    to=settings.AUTH_USER_MODEL, verbose_name="answered by",
                )),
                ("consent", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                    to="participants.consent", verbose_name="consent recorded",
                )),
                ("participant", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="consent_requests",
                    to="participants.participant", verbose_name="participant",
                )),
                ("requested_by", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL,
                    verbose_name="asked by",
                )),
                ("requesting_organisation", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.organisation",
                    verbose_name="asked by party",
                )),
            ],
            options={
                "verbose_name": "consent request",
                "verbose_name_plural": "consent requests",
                "ordering": ["-requested_at", "-pk"],
                "indexes": [models.Index(fields=["participant", "status"], name="consentrequest_participant")],
                "constraints": [
                    models.CheckConstraint(
                        condition=~models.Q(requesting_organisation=models.F("addressed_to")),
                        name="consentrequest_other_party",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(status="open", answered_at__isnull=True)
                        | (~models.Q(status="open") & models.Q(answered_at__isnull=False)),
                        name="consentrequest_answered_when_closed",
                    ),
                ],
            },
        ),
    ]
