"""PostgreSQL only: the database itself refuses two agreements of a unit in force on the same day
(agreements/exclusion.py, which the squashed migration runs as well)."""

from django.db import migrations

from agreements.exclusion import add_constraint, drop_constraint


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
