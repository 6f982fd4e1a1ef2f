"""Interview, Assessment and Episode carry the participant's unit (participants.models.InParticipantsUnit),
so that a unit's interviews, assessments and episodes of a period are read by (unit, date) without
visiting other units' rows (issue 19), as the follow-ups' are since 0012. Each field comes empty, is
filled from the row's participant (one UPDATE per table, on PostgreSQL and SQLite alike), then made
required; the indexes on the date alone give way to (unit, date)."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("intake_interview", "intake_assessment", "intake_episode")


def fill(table: str) -> str:
    return (
        f"UPDATE {table} SET unit_id = (SELECT p.unit_id FROM participants_participant p "
        f"WHERE p.id = {table}.participant_id)"
    )


def unit_field(null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True, editable=False, null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
        to="krami.unit", verbose_name="unit",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0012_followup_unit"),
        ("participants", "0014_unit_pnr_hash_index"),
    ]

    operations = [
        *(migrations.AddField(model_name=m, name="unit", field=unit_field(True)) for m in ("interview", "assessment", "episode")),
        *(migrations.RunSQL(fill(t), reverse_sql=migrations.RunSQL.noop) for t in TABLES),
        *(migrations.AlterField(model_name=m, name="unit", field=unit_field(False)) for m in ("interview", "assessment", "episode")),
        migrations.RemoveIndex(model_name="interview", name="interview_date"),
        migrations.AddIndex(model_name="interview", index=models.Index(fields=["unit", "held_on"], name="interview_unit_date")),
        migrations.RemoveIndex(model_name="assessment", name="assessment_date"),
        migrations.AddIndex(model_name="assessment", index=models.Index(fields=["unit", "decided_on"], name="assessment_unit_date")),
        migrations.AddIndex(model_name="episode", index=models.Index(fields=["unit", "started_on"], name="episode_unit_start")),
    ]
