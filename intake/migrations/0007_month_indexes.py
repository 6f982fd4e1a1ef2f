# Indexes that let the dashboard read a month of a unit starting from the month (issue 19).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0006_seed_rules_second_pass'),
        ('krami', '0005_accesslog_partitioned'),
        ('participants', '0008_target_group_statuses'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(fields=['decided_on'], name='assessment_date'),
        ),
        migrations.AddIndex(
            model_name='drugtest',
            index=models.Index(fields=['referred_on'], name='drugtest_referred_date'),
        ),
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(fields=['due_on'], name='followup_due'),
        ),
    ]
