# Every migration of privacy up to 0006, squashed (issue 20): a new database gets the models' final
# state in one step instead of replaying 7 migrations. A database that has some of them goes on with
# those files (Django uses a squashed migration only when none or all of those it replaces are
# applied); they stay until every installation has passed 0006. After the models, what the replaced
# migrations did to the database itself: the append-only triggers of the log reviews, the gallring
# records and the flagged read checks (0001, 0002, 0005). docs/architecture.md, "Migrations".

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from krami.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('privacy', '0001_initial'),
        ('privacy', '0002_gallringrecord_retentionrule'),
        ('privacy', '0003_field_labels'),
        ('privacy', '0004_retentionrun'),
        ('privacy', '0005_bounds'),
        ('privacy', '0005_extract_requests_read_checks'),
        ('privacy', '0006_merge_0005_bounds_0005_extract_requests_read_checks'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('krami', '0001_squashed_0007'),
        ('participants', '0001_squashed_0013'),
    ]

    operations = [
        migrations.CreateModel(
            name='RetentionRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('on', models.DateField(verbose_name='as on')),
                ('records', models.PositiveIntegerField(default=0, verbose_name='gallring records written')),
                ('failures', models.JSONField(blank=True, default=list, help_text='One entry per participant not handled: participant_id, participant_reference, unit_id, categories, error.', verbose_name='failures')),
            ],
            options={
                'verbose_name': 'gallring run',
                'verbose_name_plural': 'gallring runs',
                'ordering': ['-started_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ExtractRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_on', models.DateField(verbose_name='received')),
                ('identity_checked_on', models.DateField(blank=True, null=True, verbose_name='identity checked')),
                ('identity_check', models.CharField(blank=True, choices=[('id_document', 'ID document shown in person'), ('e_id', 'E-legitimation (BankID or similar)'), ('signed_request', 'Signed request checked against the population register'), ('other', 'Other (see the case)')], max_length=20, verbose_name='how the identity was checked')),
                ('extract_made_on', models.DateField(blank=True, null=True, verbose_name='extract made')),
                ('handed_over_on', models.DateField(blank=True, null=True, verbose_name='handed over')),
                ('handed_over_how', models.CharField(blank=True, choices=[('in_person', 'In person, against ID'), ('registered_letter', 'Registered letter to the address in the population register'), ('secure_digital', 'Secure digital mail'), ('other', 'Other')], max_length=20, verbose_name='how it was handed over')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('handled_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='krami.organisation', verbose_name='organisation asked')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extract_requests', to='participants.participant', verbose_name='participant')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extract_requests', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'register extract request',
                'verbose_name_plural': 'register extract requests',
                'ordering': ['received_on', 'pk'],
                'indexes': [models.Index(fields=['unit', 'organisation', 'handed_over_on'], name='extractrequest_open')],
                'constraints': [models.CheckConstraint(condition=models.Q(('identity_checked_on__isnull', True), models.Q(('identity_checked_on__gte', models.F('received_on')), models.Q(('identity_check', ''), _negated=True)), _connector='OR'), name='extractrequest_identity_after_receipt'), models.CheckConstraint(condition=models.Q(('extract_made_on__isnull', True), ('extract_made_on__gte', models.F('received_on')), _connector='OR'), name='extractrequest_extract_after_receipt'), models.CheckConstraint(condition=models.Q(('handed_over_on__isnull', True), models.Q(('identity_checked_on__isnull', False), ('extract_made_on__isnull', False), ('handed_over_on__gte', models.F('extract_made_on')), ('handed_over_on__gte', models.F('identity_checked_on')), models.Q(('handed_over_how', ''), _negated=True)), _connector='OR'), name='extractrequest_handed_over_last')],
            },
        ),
        migrations.CreateModel(
            name='FlaggedReadCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('access_log_id', models.BigIntegerField(verbose_name='access-log row')),
                ('month', models.DateField(help_text='The first day of the reviewed month.', verbose_name='month')),
                ('comment', models.TextField(verbose_name='comment')),
                ('checked_at', models.DateTimeField(auto_now_add=True, verbose_name='checked')),
                ('checked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='checked by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'checked flagged read',
                'verbose_name_plural': 'checked flagged reads',
                'ordering': ['checked_at', 'pk'],
                'indexes': [models.Index(fields=['unit', 'month'], name='flaggedreadcheck_unit_month')],
                'constraints': [models.UniqueConstraint(fields=('access_log_id',), name='flaggedreadcheck_once_per_read'), models.CheckConstraint(condition=models.Q(('comment', ''), _negated=True), name='flaggedreadcheck_has_comment'), models.CheckConstraint(condition=models.Q(('month__day', 1)), name='flaggedreadcheck_month_first_day')],
            },
        ),
        migrations.CreateModel(
            name='GallringRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='time')),
                ('participant_id', models.BigIntegerField(db_index=True, verbose_name='participant id')),
                ('participant_reference', models.CharField(max_length=20, verbose_name='participant reference')),
                ('category', models.CharField(choices=[('core', 'Identity and programme status'), ('criminal_justice', 'Criminal-justice data (Kriminalvården)'), ('social_services', 'Social-services data (kommun)'), ('labour_market', 'Labour-market data (Arbetsförmedlingen)'), ('health', 'Drug tests (health data)'), ('notes', 'Journal notes shared with the Krami team')], max_length=20, verbose_name='data category')),
                ('last_exit', models.DateField(verbose_name='last exit')),
                ('removed', models.JSONField(default=dict, help_text='What was removed or anonymised, by kind of record.', verbose_name='removed')),
                ('organisation', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.organisation', verbose_name='organisation')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'gallring record',
                'verbose_name_plural': 'gallring records',
                'ordering': ['-at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('participant_id', 'organisation', 'category'), name='gallring_once')],
            },
        ),
        migrations.CreateModel(
            name='LogReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the reviewed month.', verbose_name='month')),
                ('signed_off_at', models.DateTimeField(auto_now_add=True, verbose_name='signed off')),
                ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                ('reads', models.PositiveIntegerField(verbose_name='record reads')),
                ('flagged', models.PositiveIntegerField(verbose_name='flagged reads')),
                ('sample_ids', models.JSONField(default=list, help_text='AccessLog ids of the random sample reviewed.', verbose_name='sampled log rows')),
                ('signed_off_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed off by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='log_reviews', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'access-log review (loggkontroll)',
                'verbose_name_plural': 'access-log reviews',
                'ordering': ['-month'],
                'constraints': [models.UniqueConstraint(fields=('unit', 'month'), name='logreview_one_per_unit_month'), models.CheckConstraint(condition=models.Q(('month__day', 1)), name='logreview_month_first_day')],
            },
        ),
        migrations.CreateModel(
            name='RetentionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('core', 'Identity and programme status'), ('criminal_justice', 'Criminal-justice data (Kriminalvården)'), ('social_services', 'Social-services data (kommun)'), ('labour_market', 'Labour-market data (Arbetsförmedlingen)'), ('health', 'Drug tests (health data)'), ('notes', 'Journal notes shared with the Krami team')], max_length=20, verbose_name='data category')),
                ('months_after_exit', models.PositiveSmallIntegerField(verbose_name='months after the last exit')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='retention_rules', to='krami.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'retention rule (gallring)',
                'verbose_name_plural': 'retention rules',
                'constraints': [models.UniqueConstraint(fields=('organisation', 'category'), name='retentionrule_unique')],
            },
        ),
        AppendOnlyTriggers("privacy_logreview", time_column="signed_off_at"),
        AppendOnlyTriggers("privacy_gallringrecord"),
        AppendOnlyTriggers("privacy_flaggedreadcheck", time_column="checked_at"),
    ]
