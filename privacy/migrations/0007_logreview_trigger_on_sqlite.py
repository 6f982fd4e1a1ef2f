# The SQLite append-only trigger of privacy_logreview, lost on the laptop database: SQLite alters a
# column by making the table anew, which dropped the trigger 0001 had made (0003_field_labels and
# 0005_bounds altered the table's fields). Found by comparing the squashed migrations' schema with
# the replayed history's (issue 20). Nothing on PostgreSQL, whose triggers survive ALTER TABLE.

from django.db import migrations

from krami.appendonly import SQLiteTriggerAgain


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0001_squashed_0006'),
    ]

    operations = [
        SQLiteTriggerAgain("privacy_logreview"),
    ]
