"""Mask the personnummer in what ledningsgruppen writes and publishes.

Agenda items, minutes, decisions and their corrections, assignments and plans
were stored as typed; from now on the services mask them. This masks what is
already stored, justerade minutes included: a personnummer in published minutes
is a leak, not a wording to keep. So are the text snapshots of a plan's versions.
"""

import importlib

from django.db import migrations

from guru.privacy import mask_personnummer

# The same frozen mask and column-by-column update as migration 0008.
_mask = importlib.import_module(
    "guru.meetings.migrations.0008_mask_personnummer_in_followup_assignments"
)._mask

# Frozen, like any migration: the columns as they are at this point in history
# (not PLAN_TEXT_FIELDS, which may change later).
COLUMNS = {
    "AgendaItem": ("title", "description", "minutes"),
    "Decision": ("text",),
    "MinutesCorrection": ("before", "after", "reason"),
    "Assignment": ("title", "description", "ordered_by"),
    "Deliverable": ("description",),
    "Plan": (
        "title",
        "result_area",
        "ordered_by",
        "purpose",
        "goal",
        "target_groups",
        "messages",
        "channels",
        "resources",
        "follow_up",
    ),
    "PlanActivity": ("what", "when"),
}


def mask_stored_personnummer(apps, schema_editor):
    for model_name, names in COLUMNS.items():
        model = apps.get_model("meetings", model_name)
        for name in names:
            _mask(model.objects.all(), name)
    # A plan's saved versions hold its text as HTML sections.
    PlanVersion = apps.get_model("meetings", "PlanVersion")
    for version in PlanVersion.objects.iterator():
        sections = [
            {**section, "html": mask_personnummer(section.get("html", ""))}
            for section in version.sections
        ]
        if sections != version.sections:
            PlanVersion.objects.filter(pk=version.pk).update(sections=sections)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_assignment_removable")]

    operations = [
        migrations.RunPython(mask_stored_personnummer, migrations.RunPython.noop),
    ]
