# Every migration of reporting up to 0003, squashed (issue 20): a new database gets the models'
# final state in one step instead of replaying 3 migrations. A database that has some of them goes
# on with those files (Django uses a squashed migration only when none or all of those it replaces
# are applied); they stay until every installation has passed 0003. docs/architecture.md,
# "Migrations".

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('reporting', '0001_initial'),
        ('reporting', '0002_field_labels'),
        ('reporting', '0003_protection_decisions'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('krami', '0001_squashed_0007'),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('figures', models.JSONField(default=dict, verbose_name='figures')),
                ('labels', models.JSONField(default=dict, help_text='Names of cost categories and parties at closing, by id.', verbose_name='labels')),
                ('hidden', models.JSONField(blank=True, default=dict, help_text='Small-number protection decided at closing: {period: [hidden figure keys]} for the month and every longer period that ends with it (reporting/protection.py).', verbose_name='hidden cells')),
                ('definitions_version', models.PositiveSmallIntegerField(verbose_name='definitions version')),
                ('closed_at', models.DateTimeField(auto_now_add=True, verbose_name='closed at')),
                ('closed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='month_snapshots', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'closed month',
                'verbose_name_plural': 'closed months',
                'ordering': ['unit', '-month'],
                'indexes': [models.Index(fields=['month', 'unit'], name='monthsnapshot_month_unit')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'month'), name='monthsnapshot_unique_unit_month')],
            },
        ),
    ]
