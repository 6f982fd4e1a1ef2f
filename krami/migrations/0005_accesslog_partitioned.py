# The access log partitioned by month on PostgreSQL (issue 19, krami/partitions.py); rows kept.
# The single-column indexes of user, organisation and unit go first (cheap on the old table):
# (user, at) and (unit, at) serve those reads, and every index is paid on every page view.
# SQLite makes the table anew to drop them, which drops its append-only trigger: it is made again.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from krami.appendonly import SQLiteTriggerAgain
from krami.partitions import PartitionByMonth


class Migration(migrations.Migration):

    dependencies = [
        ('krami', '0004_form_submission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SQLiteTriggerAgain("krami_accesslog"),  # (SQLite makes the table anew below, losing its trigger)
        migrations.AlterField(
            model_name='accesslog',
            name='organisation',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.organisation', verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='unit',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.unit', verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='user',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        SQLiteTriggerAgain("krami_accesslog"),
        PartitionByMonth(),
    ]
