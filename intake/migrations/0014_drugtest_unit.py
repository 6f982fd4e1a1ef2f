"""DrugTest carries the participant's unit too (participants.models.InParticipantsUnit, as 0013 gave
interviews, assessments and episodes): a unit's referrals of a month are read by (unit, referred on),
not through every unit's referrals of the month (issue 19). Filled by one UPDATE, then required; the
index on the referral date alone gives way to (unit, referral date)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE intake_drugtest SET unit_id = (SELECT p.unit_id FROM participants_participant p "
    "WHERE p.id = intake_drugtest.participant_id)"
)


def unit_field(null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True, editable=False, null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
        to="krami.unit", verbose_name="unit",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0013_participants_unit"),
    ]

    operations = [
        migrations.AddField(model_name="drugtest", name="unit", field=unit_field(True)),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(model_name="drugtest", name="unit", field=unit_field(False)),
        migrations.RemoveIndex(model_name="drugtest", name="drugtest_referred_date"),
        migrations.AddIndex(
            model_name="drugtest", index=models.Index(fields=["unit", "referred_on"], name="drugtest_unit_referred"),
        ),
    ]
