"""FollowUp.unit: the participant's unit on each follow-up, so that a unit's follow-ups due in a
month are read by (unit, due date) without visiting other units' (issue 19). The field comes
empty, is filled from each follow-up's episode's participant (one UPDATE, on PostgreSQL and
SQLite alike), then made required; the index on the due date alone gives way to (unit, due date)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE intake_followup SET unit_id = (
    SELECT p.unit_id FROM intake_episode e JOIN participants_participant p ON p.id = e.participant_id
    WHERE e.id = intake_followup.episode_id
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0011_merge_20261206_2013"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="unit",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.unit", verbose_name="unit"
            ),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="followup",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="krami.unit", verbose_name="unit"
            ),
        ),
        migrations.RemoveIndex(model_name="followup", name="followup_due"),
        migrations.AddIndex(
            model_name="followup", index=models.Index(fields=["unit", "due_on"], name="followup_unit_due"),
        ),
    ]
