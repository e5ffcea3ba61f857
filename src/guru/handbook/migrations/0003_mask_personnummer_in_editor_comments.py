"""Mask the personnummer in what editors wrote in Wagtail's admin before Guru
masked it as it is saved (``guru.handbook.signals``): inline comments, their
replies and the comments of workflow steps."""

import importlib

from django.db import migrations

# The same frozen mask and column-by-column update as meetings' migration 0008.
_mask = importlib.import_module(
    "guru.meetings.migrations.0008_mask_personnummer_in_followup_assignments"
)._mask

COLUMNS = {"Comment": "text", "CommentReply": "text", "TaskState": "comment"}


def mask_stored_personnummer(apps, schema_editor):
    for model_name, name in COLUMNS.items():
        _mask(apps.get_model("wagtailcore", model_name).objects.all(), name)


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0002_guidancepage_change_kind_guidancepage_change_note"),
        ("meetings", "0008_mask_personnummer_in_followup_assignments"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(mask_stored_personnummer, migrations.RunPython.noop),
    ]
