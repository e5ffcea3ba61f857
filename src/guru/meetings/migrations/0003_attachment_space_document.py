"""Attachments move to the document space, step 1: a column for the new document."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_search_index_postgresql"),
        ("meetings", "0002_link_and_deleted_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitemattachment",
            name="space_document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.document",
            ),
        ),
        migrations.AddField(
            model_name="planattachment",
            name="space_document",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.document",
            ),
        ),
    ]
