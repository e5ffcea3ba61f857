"""Attachments move to the document space, step 3: the new column becomes ``document``.

Every row was given its document-space document in 0004; the Wagtail documents
themselves stay where they were (nothing is deleted).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_search_index_postgresql"),
        ("meetings", "0004_copy_attachments_to_document_space"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="agendaitemattachment", name="agenda_attachment_once"
        ),
        migrations.RemoveConstraint(
            model_name="planattachment", name="plan_attachment_once"
        ),
        migrations.RemoveField(model_name="agendaitemattachment", name="document"),
        migrations.RemoveField(model_name="planattachment", name="document"),
        migrations.RenameField(
            model_name="agendaitemattachment",
            old_name="space_document",
            new_name="document",
        ),
        migrations.RenameField(
            model_name="planattachment", old_name="space_document", new_name="document"
        ),
        migrations.AlterField(
            model_name="agendaitemattachment",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.document",
                verbose_name="dokument",
            ),
        ),
        migrations.AlterField(
            model_name="planattachment",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="documents.document",
                verbose_name="dokument",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitemattachment",
            constraint=models.UniqueConstraint(
                fields=("item", "document"), name="agenda_attachment_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="planattachment",
            constraint=models.UniqueConstraint(
                fields=("plan", "document"), name="plan_attachment_once"
            ),
        ),
    ]
