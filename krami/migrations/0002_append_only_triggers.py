from django.db import migrations

from krami.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [("krami", "0001_initial")]

    operations = [
        AppendOnlyTriggers("krami_accesslog"),
        AppendOnlyTriggers("krami_auditevent"),
    ]
