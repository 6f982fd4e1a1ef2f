"""The personnummer hash index with the unit first (issue 19): every lookup of a person is within
units, and each figure's "counted once" check (reporting/figures.py::_repeated) asks for the
unit's earlier records of the person; PostgreSQL, given the unit twice in that check, guessed one
row for the unit's records and read them all for each person (1 000 rows per look-up at 120 units)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0013_merge_20261206_2009"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="participant", name="participant_pnr_hash"),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["unit", "personnummer_hash"], name="participant_unit_pnr_hash"),
        ),
    ]
