# Every migration of krami up to 0007, squashed (issue 20): a new database gets the models' final
# state in one step instead of replaying 12 migrations. A database that has some of them goes on
# with those files (Django uses a squashed migration only when none or all of those it replaces are
# applied); they stay until every installation has passed 0007. After the models, what the replaced
# migrations did to the database itself: the append-only triggers of the access log and the audit
# events (0002) and the access log partitioned by month (0005). docs/architecture.md, "Migrations".

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from krami.appendonly import AppendOnlyTriggers
from krami.partitions import PartitionByMonth


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('krami', '0001_initial'),
        ('krami', '0002_append_only_triggers'),
        ('krami', '0003_field_labels'),
        ('krami', '0004_form_submission'),
        ('krami', '0005_accesslog_partitioned'),
        ('krami', '0005_daily_digest'),
        ('krami', '0005_federated_sign_in'),
        ('krami', '0005_reveal_identity_action'),
        ('krami', '0006_merge_0005_accesslog_partitioned_0005_daily_digest'),
        ('krami', '0006_merge_0005_daily_digest_0005_federated_sign_in'),
        ('krami', '0006_merge_0005_daily_digest_0005_reveal_identity_action'),
        ('krami', '0007_merge_20261206_2013'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Municipality',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('code', models.CharField(help_text='Four digits, e.g. 0180.', max_length=4, unique=True, verbose_name='municipality code')),
            ],
            options={
                'verbose_name': 'municipality',
                'verbose_name_plural': 'municipalities',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='FormSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64, unique=True, verbose_name='form token')),
                ('path', models.CharField(max_length=300, verbose_name='page')),
                ('submitted_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='sent')),
                ('location', models.CharField(blank=True, max_length=500, verbose_name='led to')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'sent form',
                'verbose_name_plural': 'sent forms',
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('af', 'Swedish Public Employment Service (Arbetsförmedlingen)'), ('kv', 'Swedish Prison and Probation Service (Kriminalvården)'), ('kommun', 'Municipality (kommun)')], max_length=10, verbose_name='kind')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('division', models.CharField(blank=True, help_text="Kriminalvården's verksamhetsområde, or the administration within the kommun.", max_length=200, verbose_name='division')),
                ('municipalities', models.ManyToManyField(blank=True, related_name='organisations', to='krami.municipality', verbose_name='municipalities represented')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'ordering': ['kind', 'name'],
            },
        ),
        migrations.CreateModel(
            name='IdentityProvider',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_active', models.BooleanField(default=True, help_text='Offered on the login page and accepted.', verbose_name='active')),
                ('metadata_xml', models.TextField(help_text='The SAML metadata the provider publishes: its entity ID, sign-in address and signing certificate.', verbose_name='provider metadata (XML)')),
                ('entity_id', models.CharField(editable=False, max_length=500, unique=True, verbose_name='entity ID')),
                ('identifying_attribute', models.CharField(default='mail', help_text="The assertion attribute that identifies the person, e.g. mail, employeeNumber or an urn:oid: name; NameID uses the assertion's subject.", max_length=200, verbose_name='identifying attribute')),
                ('mfa_contexts', models.TextField(blank=True, help_text='One authentication context class per line (e.g. https://refeds.org/profile/mfa). A sign-in the provider reports with one of them needs no Krami code; any other sign-in is asked for the code from the authenticator app. Empty: the code is always asked.', verbose_name='authentication contexts that count as the second factor')),
                ('require_encrypted_assertions', models.BooleanField(default=False, help_text="Refuse an assertion the provider did not encrypt to Krami's certificate.", verbose_name='require encrypted assertions')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='identity_provider', to='krami.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'identity provider',
                'verbose_name_plural': 'identity providers',
                'ordering': ['organisation__name'],
            },
        ),
        migrations.CreateModel(
            name='StaffProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(blank=True, help_text='e.g. frivårdsinspektör', max_length=100, verbose_name='title')),
                ('is_demo_account', models.BooleanField(default=False, verbose_name='demo account')),
                ('daily_digest', models.BooleanField(default=False, help_text='Each morning, an e-mail with the number of things due on your “To do” page and a link to it. It never holds a name or a personnummer.', verbose_name='daily e-mail of what is due')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='krami.organisation', verbose_name='employer')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_profile', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'staff profile',
                'verbose_name_plural': 'staff profiles',
            },
        ),
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('municipalities', models.ManyToManyField(related_name='units', to='krami.municipality', verbose_name='municipalities served')),
                ('parties', models.ManyToManyField(related_name='units', to='krami.organisation', verbose_name='parties')),
            ],
            options={
                'verbose_name': 'Krami unit',
                'verbose_name_plural': 'Krami units',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='UsedAssertion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assertion_id', models.CharField(max_length=200, unique=True, verbose_name='assertion ID')),
                ('used_at', models.DateTimeField(auto_now_add=True, verbose_name='used')),
                ('expires_at', models.DateTimeField(db_index=True, verbose_name='valid until')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='krami.identityprovider', verbose_name='identity provider')),
            ],
            options={
                'verbose_name': 'used assertion',
                'verbose_name_plural': 'used assertions',
            },
        ),
        migrations.CreateModel(
            name='FederatedIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(help_text="The person's value of the provider's identifying attribute, e.g. their e-mail address.", max_length=254, verbose_name='identifying value')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='federated_identities', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='identities', to='krami.identityprovider', verbose_name='identity provider')),
            ],
            options={
                'verbose_name': 'federated identity',
                'verbose_name_plural': 'federated identities',
                'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('subject'), models.F('provider'), name='federatedidentity_unique_subject'), models.UniqueConstraint(fields=('provider', 'user'), name='federatedidentity_one_per_provider')],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('vagledare', 'Case worker (vägledare)'), ('samordnare', 'Unit coordinator'), ('styrgrupp', 'Steering group member'), ('agreement_admin', 'Agreement administrator'), ('nsg', 'National steering group (NSG) viewer'), ('sysadmin', 'System administrator')], max_length=20, verbose_name='role')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='krami.organisation', verbose_name='organisation')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'constraints': [models.UniqueConstraint(fields=('user', 'unit', 'role'), name='membership_unique_role_per_unit'), models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('user', 'role'), name='membership_unique_national_role'), models.CheckConstraint(condition=models.Q(models.Q(('role__in', ['nsg', 'sysadmin']), ('unit__isnull', True)), models.Q(models.Q(('role__in', ['nsg', 'sysadmin']), _negated=True), ('unit__isnull', False), ('organisation__isnull', False)), _connector='OR'), name='membership_unit_matches_role')],
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='time')),
                ('action', models.CharField(db_index=True, max_length=60, verbose_name='action')),
                ('object_type', models.CharField(max_length=60, verbose_name='object type')),
                ('object_id', models.BigIntegerField(null=True, verbose_name='object id')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='details')),
                ('user', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('unit', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit events',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['object_type', 'object_id'], name='auditevent_object')],
            },
        ),
        migrations.CreateModel(
            name='AccessLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='time')),
                ('username', models.CharField(max_length=150, verbose_name='username')),
                ('participant_id', models.BigIntegerField(db_index=True, verbose_name='participant id')),
                ('participant_reference', models.CharField(max_length=20, verbose_name='participant reference')),
                ('action', models.CharField(choices=[('view', 'Viewed the record'), ('list', 'Shown in a list'), ('reveal_pnr', 'Showed the full personnummer'), ('reveal_identity', 'Showed a protected identity'), ('export', 'Exported'), ('edit_form', 'Opened for editing')], max_length=20, verbose_name='action')),
                ('categories', models.CharField(help_text='Comma-separated data categories shown.', max_length=200, verbose_name='categories shown')),
                ('path', models.CharField(max_length=300, verbose_name='page')),
                ('user', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('organisation', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.organisation', verbose_name='organisation')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'access log entry',
                'verbose_name_plural': 'access log',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['unit', 'at'], name='accesslog_unit_at'), models.Index(fields=['user', 'at'], name='accesslog_user_at')],
            },
        ),
        migrations.CreateModel(
            name='AccessGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('vagledare', 'Case worker (vägledare)'), ('samordnare', 'Unit coordinator'), ('styrgrupp', 'Steering group member'), ('agreement_admin', 'Agreement administrator'), ('nsg', 'National steering group (NSG) viewer'), ('sysadmin', 'System administrator')], max_length=20, verbose_name='role')),
                ('group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='krami_access', to='auth.group', verbose_name='permission group')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_groups', to='krami.organisation', verbose_name='organisation')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_groups', to='krami.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'access group',
                'verbose_name_plural': 'access groups',
                'constraints': [models.UniqueConstraint(fields=('unit', 'organisation', 'role'), name='accessgroup_unique')],
            },
        ),
        AppendOnlyTriggers("krami_accesslog"),
        AppendOnlyTriggers("krami_auditevent"),
        PartitionByMonth(),
    ]
