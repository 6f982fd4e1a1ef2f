# Every migration of intake up to 0011, squashed (issue 20): a new database gets the models' final
# state in one step instead of replaying 15 migrations. A database that has some of them goes on
# with those files (Django uses a squashed migration only when none or all of those it replaces are
# applied); they stay until every installation has passed 0011. Left out: the data fixes of 0005
# (read_open_imports) and 0007 (bookings_from_the_future), which rewrite rows an older version
# wrote; a new database has none. docs/architecture.md, "Migrations".

import django.db.models.deletion
import krami.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('intake', '0001_initial'),
        ('intake', '0002_registerimport'),
        ('intake', '0003_import_in_background'),
        ('intake', '0004_field_labels'),
        ('intake', '0005_import_file_rows'),
        ('intake', '0006_seed_rules_second_pass'),
        ('intake', '0007_bookings_and_digest'),
        ('intake', '0007_bounds'),
        ('intake', '0007_follow_up_early_reason'),
        ('intake', '0007_month_indexes'),
        ('intake', '0008_merge_0007_bookings_and_digest_0007_bounds'),
        ('intake', '0009_merge_20261206_2007'),
        ('intake', '0010_early_reason_bounded'),
        ('intake', '0010_merge_0007_month_indexes_0009_merge_20261206_2007'),
        ('intake', '0011_merge_20261206_2013'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('krami', '0001_squashed_0007'),
        ('participants', '0001_squashed_0013'),
    ]

    operations = [
        migrations.CreateModel(
            name='RegisterImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                ('file_name', models.CharField(max_length=200, verbose_name='file name')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 checksum')),
                ('content', models.BinaryField(null=True, verbose_name='file content')),
                ('status', models.CharField(choices=[('checking', 'Being checked'), ('checked', 'Checked'), ('applying', 'Being imported'), ('applied', 'Imported'), ('discarded', 'Discarded')], default='checking', max_length=10, verbose_name='status')),
                ('ignored_columns', models.JSONField(blank=True, default=list, verbose_name='ignored columns')),
                ('headers', models.JSONField(blank=True, default=dict, verbose_name='headers')),
                ('stopped_at_row', models.PositiveIntegerField(blank=True, null=True, verbose_name='reading stopped after row')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('rows_checked', models.PositiveIntegerField(default=0, verbose_name='rows checked')),
                ('new_participants', models.PositiveIntegerField(default=0, verbose_name='new participants')),
                ('new_episodes', models.PositiveIntegerField(default=0, verbose_name='new episodes')),
                ('updated_episodes', models.PositiveIntegerField(default=0, verbose_name='episodes updated')),
                ('unchanged_rows', models.PositiveIntegerField(default=0, verbose_name='unchanged rows')),
                ('error_rows', models.PositiveIntegerField(default=0, verbose_name='rows with errors')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='applied or discarded')),
                ('apply_problem', models.CharField(blank=True, choices=[('failed', 'The import failed and nothing was written. Try again; if it fails again, contact the system administrator.'), ('changed', 'The register has changed since the check, and some rows now have errors. Nothing was imported; see the rows below.')], max_length=10, verbose_name='why the import stopped')),
                ('finished_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='finished by')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='krami.organisation', verbose_name='organisation')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='register_imports', to='krami.unit', verbose_name='unit')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'register import',
                'verbose_name_plural': 'register imports',
                'ordering': ['-uploaded_at', '-pk'],
                'indexes': [models.Index(fields=['unit', 'organisation', 'uploaded_at'], name='registerimport_history')],
                'constraints': [models.CheckConstraint(condition=models.Q(('rows_checked__lte', models.F('rows_total'))), name='registerimport_checked_within_total'), models.CheckConstraint(condition=models.Q(('status__in', ['checking', 'checked', 'applying']), ('content__isnull', True), _connector='OR'), name='registerimport_finished_has_no_content')],
            },
        ),
        migrations.CreateModel(
            name='Assessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decided_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='date of the team meeting')),
                ('decision', models.CharField(choices=[('accepted', 'Accepted for the guidance course'), ('referred', 'Referred elsewhere'), ('not_now', 'Not now')], max_length=10, verbose_name='decision')),
                ('referred_to', models.CharField(blank=True, help_text='Where the person was referred, e.g. work training.', max_length=200, verbose_name='referred to')),
                ('reason', models.TextField(blank=True, max_length=2000, verbose_name='reason')),
                ('failed_conditions', models.JSONField(blank=True, default=list, verbose_name='conditions not met')),
                ('override_reason', models.TextField(blank=True, max_length=2000, verbose_name='reason for accepting despite failed conditions')),
                ('no_interview_reason', models.TextField(blank=True, help_text='The intake steps are information meeting, interview, assessment: empty when an interview was held.', max_length=2000, verbose_name='reason for assessing without an interview')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='participants.participant', verbose_name='participant')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'assessment',
                'verbose_name_plural': 'assessments',
                'ordering': ['-decided_on', '-pk'],
                'indexes': [models.Index(fields=['participant', 'decided_on'], name='assessment_participant_date'), models.Index(fields=['decided_on'], name='assessment_date')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('decision', 'referred'), _negated=True), models.Q(('referred_to', ''), _negated=True), _connector='OR'), name='assessment_referral_has_destination'), models.CheckConstraint(condition=models.Q(models.Q(('decision', 'not_now'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='assessment_not_now_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='DigestSent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(verbose_name='day')),
                ('counts', models.JSONField(default=dict, verbose_name='counts')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'digest e-mail sent',
                'verbose_name_plural': 'digest e-mails sent',
                'constraints': [models.UniqueConstraint(fields=('user', 'on'), name='digestsent_one_per_user_and_day')],
            },
        ),
        migrations.CreateModel(
            name='DrugTest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('referred_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='referred on')),
                ('reason', models.TextField(max_length=1000, verbose_name='reason for the referral')),
                ('result', models.CharField(blank=True, choices=[('negative', 'Negative'), ('positive', 'Positive'), ('declining', 'Declining value'), ('refused', 'Refused to take the test'), ('no_show', 'Did not come')], max_length=10, verbose_name='result')),
                ('result_on', models.DateField(blank=True, null=True, validators=[krami.validators.plausible_date], verbose_name='result date')),
                ('no_show_decision', models.CharField(blank=True, choices=[('pending', "Waiting for the team's decision"), ('discharge', 'Discharged: the team counts it as not cooperating'), ('continue', 'Not discharged: the team does not count it as not cooperating'), ('by_rule', "Discharged by the agreement's rule: counts as not cooperating")], max_length=10, verbose_name='decision after the no-show')),
                ('no_show_reason', models.TextField(blank=True, max_length=1000, verbose_name='reason for the decision')),
                ('no_show_decided_on', models.DateField(blank=True, null=True, validators=[krami.validators.plausible_date], verbose_name='decided on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('no_show_decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decision recorded by')),
                ('owner_organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='krami.organisation', verbose_name='owning organisation')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='drug_tests', to='participants.participant', verbose_name='participant')),
                ('referred_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='referred by')),
                ('result_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='result recorded by')),
            ],
            options={
                'verbose_name': 'drug test',
                'verbose_name_plural': 'drug tests',
                'ordering': ['-referred_on', '-pk'],
                'indexes': [models.Index(fields=['participant', 'referred_on'], name='drugtest_participant_date'), models.Index(fields=['result', 'referred_on'], name='drugtest_result_date'), models.Index(fields=['referred_on'], name='drugtest_referred_date')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('result', ''), ('result_on__isnull', True)), models.Q(models.Q(('result', ''), _negated=True), ('result_on__isnull', False)), _connector='OR'), name='drugtest_result_has_date'), models.CheckConstraint(condition=models.Q(('result_on__isnull', True), ('result_on__gte', models.F('referred_on')), _connector='OR'), name='drugtest_result_after_referral'), models.CheckConstraint(condition=models.Q(('no_show_decision', ''), ('result', 'no_show'), _connector='OR'), name='drugtest_decision_after_no_show'), models.CheckConstraint(condition=models.Q(models.Q(('no_show_decision__in', ['', 'pending']), ('no_show_decided_on__isnull', True)), models.Q(models.Q(('no_show_decision__in', ['', 'pending']), _negated=True), ('no_show_decided_on__isnull', False)), _connector='OR'), name='drugtest_decision_has_date'), models.CheckConstraint(condition=models.Q(models.Q(('no_show_decision__in', ['discharge', 'continue']), _negated=True), models.Q(('no_show_reason', ''), _negated=True), _connector='OR'), name='drugtest_team_decision_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='Episode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('group', 'Group start'), ('individual', 'Individual start')], max_length=10, verbose_name='start')),
                ('started_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='start date')),
                ('ended_on', models.DateField(blank=True, null=True, validators=[krami.validators.plausible_date], verbose_name='exit date')),
                ('exit_outcome', models.CharField(blank=True, choices=[('work_subsidy', 'Work with wage subsidy'), ('work', 'Work without subsidy'), ('studies_full_time', 'Studies, full time'), ('studies_part_time', 'Studies, part time'), ('studies', 'Studies (unspecified)'), ('other_programme', 'Other programme'), ('moved', 'Moved'), ('illness', 'Illness'), ('drug_test', 'Discharged after drug test'), ('dropped_out', 'Dropped out'), ('other', 'Other')], max_length=20, verbose_name='outcome')),
                ('completed_guidance_programme', models.BooleanField(blank=True, null=True, verbose_name='completed the guidance programme')),
                ('exit_note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='exit recorded by')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='episodes', to='participants.participant', verbose_name='participant')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='enrolled by')),
            ],
            options={
                'verbose_name': 'enrolment episode',
                'verbose_name_plural': 'enrolment episodes',
                'ordering': ['-started_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField(verbose_name='months after exit')),
                ('due_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='due')),
                ('result', models.CharField(blank=True, choices=[('working', 'Working'), ('studying_full_time', 'Studying full time'), ('studying_part_time', 'Studying part time'), ('studying', 'Studying (unspecified)'), ('neither', 'Neither working nor studying'), ('not_reached', 'Could not be reached')], max_length=20, verbose_name='result')),
                ('checked_on', models.DateField(blank=True, null=True, validators=[krami.validators.plausible_date], verbose_name='checked on')),
                ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('early_reason', models.TextField(blank=True, help_text='Required when the follow-up is recorded more than two weeks before its due date.', max_length=2000, verbose_name='reason for recording it before it was due')),
                ('episode', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='intake.episode', verbose_name='enrolment episode')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'follow-up',
                'verbose_name_plural': 'follow-ups',
                'ordering': ['due_on', 'pk'],
                'indexes': [models.Index(fields=['result', 'due_on'], name='followup_open_due'), models.Index(fields=['due_on'], name='followup_due')],
                'constraints': [models.UniqueConstraint(fields=('episode', 'months'), name='followup_unique_per_episode'), models.CheckConstraint(condition=models.Q(models.Q(('result', ''), ('checked_on__isnull', True)), models.Q(models.Q(('result', ''), _negated=True), ('checked_on__isnull', False)), _connector='OR'), name='followup_result_has_date')],
            },
        ),
        migrations.CreateModel(
            name='GuidanceGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('starts_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='start date')),
                ('weeks', models.PositiveSmallIntegerField(default=4, verbose_name='length in weeks')),
                ('capacity', models.PositiveSmallIntegerField(default=6, verbose_name='places')),
                ('audience', models.CharField(choices=[('women', 'Women'), ('men', 'Men'), ('mixed', 'Mixed')], default='mixed', max_length=10, verbose_name='group for')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guidance_groups', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'guidance course group',
                'verbose_name_plural': 'guidance course groups',
                'ordering': ['-starts_on', 'name'],
                'indexes': [models.Index(fields=['unit', 'starts_on'], name='group_unit_start')],
                'constraints': [models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='group_capacity_positive'), models.CheckConstraint(condition=models.Q(('weeks__gte', 1), ('weeks__lte', 8)), name='group_weeks_range')],
            },
        ),
        migrations.CreateModel(
            name='GroupSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='date')),
                ('starts_at', models.TimeField(blank=True, null=True, verbose_name='time')),
                ('topic', models.CharField(blank=True, max_length=200, verbose_name='topic')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='intake.guidancegroup', verbose_name='guidance course group')),
            ],
            options={
                'verbose_name': 'group session',
                'verbose_name_plural': 'group sessions',
                'ordering': ['held_on', 'starts_at', 'pk'],
                'indexes': [models.Index(fields=['group', 'held_on'], name='session_group_date')],
            },
        ),
        migrations.AddField(
            model_name='episode',
            name='group',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='episodes', to='intake.guidancegroup', verbose_name='group'),
        ),
        migrations.CreateModel(
            name='InformationMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='date')),
                ('starts_at', models.TimeField(verbose_name='time')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='information_meetings', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'information meeting',
                'verbose_name_plural': 'information meetings',
                'ordering': ['-held_on', '-starts_at'],
            },
        ),
        migrations.CreateModel(
            name='Interview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(validators=[krami.validators.plausible_date], verbose_name='date')),
                ('starts_at', models.TimeField(blank=True, null=True, verbose_name='time')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('status', models.CharField(choices=[('booked', 'Booked'), ('held', 'Held'), ('no_show', 'Did not come')], default='held', max_length=10, verbose_name='status')),
                ('notes', models.TextField(blank=True, max_length=5000, verbose_name='outcome notes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('interviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='interviewer')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interviews', to='participants.participant', verbose_name='participant')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'interview',
                'verbose_name_plural': 'interviews',
                'ordering': ['-held_on', '-pk'],
                'indexes': [models.Index(fields=['participant', 'held_on'], name='interview_participant_date'), models.Index(fields=['held_on'], name='interview_date'), models.Index(fields=['status', 'held_on'], name='interview_status_date')],
            },
        ),
        migrations.CreateModel(
            name='MeetingAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('contact', models.CharField(blank=True, help_text='A phone number or an e-mail address.', max_length=200, verbose_name='how to reach them')),
                ('state', models.CharField(choices=[('booked', 'Booked'), ('attended', 'Came'), ('absent', 'Did not come')], default='attended', max_length=10, verbose_name='attendance')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('linked_at', models.DateTimeField(blank=True, null=True, verbose_name='registered as participant')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='intake.informationmeeting', verbose_name='information meeting')),
                ('participant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='meeting_attendances', to='participants.participant', verbose_name='participant')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'attendance at an information meeting',
                'verbose_name_plural': 'attendance at information meetings',
                'ordering': ['recorded_at', 'pk'],
                'indexes': [models.Index(fields=['state', 'meeting'], name='attendance_state_meeting')],
                'constraints': [models.CheckConstraint(condition=models.Q(('participant__isnull', False), models.Q(('name', ''), _negated=True), _connector='OR'), name='attendance_participant_or_name'), models.UniqueConstraint(condition=models.Q(('participant__isnull', False)), fields=('meeting', 'participant'), name='attendance_unique_participant'), models.CheckConstraint(condition=models.Q(('participant__isnull', False), ('state', 'attended'), _connector='OR'), name='attendance_walk_in_came')],
            },
        ),
        migrations.CreateModel(
            name='MeetingSlot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='weekday')),
                ('starts_at', models.TimeField(verbose_name='time')),
                ('place', models.CharField(max_length=200, verbose_name='place')),
                ('is_active', models.BooleanField(default=True, help_text='Untick when the meeting is no longer held.', verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_slots', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'information meeting slot',
                'verbose_name_plural': 'information meeting slots',
                'ordering': ['weekday', 'starts_at'],
                'indexes': [models.Index(fields=['unit', 'is_active'], name='meetingslot_unit_active')],
            },
        ),
        migrations.AddField(
            model_name='informationmeeting',
            name='slot',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meetings', to='intake.meetingslot', verbose_name='information meeting slot'),
        ),
        migrations.CreateModel(
            name='QueuePlacement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='position')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('placed_at', models.DateTimeField(auto_now_add=True, verbose_name='placed in the queue')),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='placements', to='intake.assessment', verbose_name='assessment')),
                ('placed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='placed in the queue by')),
            ],
            options={
                'verbose_name': 'manual queue placement',
                'verbose_name_plural': 'manual queue placements',
                'ordering': ['placed_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='queueplacement_has_reason'), models.CheckConstraint(condition=models.Q(('position__isnull', True), ('position__gte', 1), _connector='OR'), name='queueplacement_position_positive')],
            },
        ),
        migrations.CreateModel(
            name='RegisterImportProgress',
            fields=[
                ('register_import', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='progress', serialize=False, to='intake.registerimport', verbose_name='register import')),
                ('stage', models.CharField(choices=[('queued', 'Waiting to start'), ('checking', 'Checking every row again'), ('writing', 'Writing to the register')], default='queued', max_length=10, verbose_name='stage')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='rows done')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='rows in all')),
                ('started_at', models.DateTimeField(verbose_name='started')),
                ('heartbeat_at', models.DateTimeField(verbose_name='last sign of life')),
            ],
            options={
                'verbose_name': 'register import progress',
                'verbose_name_plural': 'register import progress',
            },
        ),
        migrations.CreateModel(
            name='RegisterImportFileRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='row')),
                ('values', models.JSONField(verbose_name='values')),
                ('register_import', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='file_rows', to='intake.registerimport', verbose_name='register import')),
            ],
            options={
                'verbose_name': 'row of an uploaded file',
                'verbose_name_plural': 'rows of uploaded files',
                'ordering': ['number'],
                'constraints': [models.UniqueConstraint(fields=('register_import', 'number'), name='registerimportfilerow_unique')],
            },
        ),
        migrations.CreateModel(
            name='RegisterImportRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='row')),
                ('outcome', models.CharField(choices=[('new_participant', 'New participant'), ('new_episode', 'New episode'), ('episode_updated', 'Episode updated'), ('unchanged', 'Unchanged'), ('error', 'Error')], max_length=20, verbose_name='result')),
                ('episode', models.CharField(choices=[('none', 'No episode'), ('new', 'New'), ('updated', 'Updated'), ('unchanged', 'Unchanged')], default='none', max_length=10, verbose_name='episode')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('register_import', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rows', to='intake.registerimport', verbose_name='register import')),
            ],
            options={
                'verbose_name': 'register import row',
                'verbose_name_plural': 'register import rows',
                'ordering': ['number'],
                'indexes': [models.Index(fields=['register_import', 'outcome', 'number'], name='registerimportrow_outcome')],
                'constraints': [models.UniqueConstraint(fields=('register_import', 'number'), name='registerimportrow_unique')],
            },
        ),
        migrations.CreateModel(
            name='SessionAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('present', 'Present'), ('absent', 'Absent'), ('excused', 'Absent with notice')], max_length=10, verbose_name='attendance')),
                ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='recorded')),
                ('episode', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_attendance', to='intake.episode', verbose_name='enrolment episode')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='intake.groupsession', verbose_name='group session')),
            ],
            options={
                'verbose_name': 'session attendance',
                'verbose_name_plural': 'session attendance',
                'constraints': [models.UniqueConstraint(fields=('session', 'episode'), name='sessionattendance_unique')],
            },
        ),
        migrations.AddIndex(
            model_name='episode',
            index=models.Index(fields=['participant', 'started_on'], name='episode_participant_start'),
        ),
        migrations.AddIndex(
            model_name='episode',
            index=models.Index(fields=['ended_on', 'exit_outcome'], name='episode_exit'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('participant',), name='episode_one_open_per_participant'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'group'), ('group__isnull', False)), models.Q(('kind', 'individual'), ('group__isnull', True)), _connector='OR'), name='episode_group_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='episode_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ended_on__isnull', True), ('exit_outcome', '')), models.Q(('ended_on__isnull', False), models.Q(('exit_outcome', ''), _negated=True)), _connector='OR'), name='episode_exit_has_outcome'),
        ),
        migrations.AddIndex(
            model_name='informationmeeting',
            index=models.Index(fields=['unit', 'held_on'], name='infomeeting_unit_date'),
        ),
        migrations.AddConstraint(
            model_name='informationmeeting',
            constraint=models.UniqueConstraint(fields=('unit', 'held_on', 'starts_at'), name='infomeeting_unique_time'),
        ),
    ]
