"""Mask the personnummer in assignments made from a tertial follow-up's actions.

An action's title was copied into its assignment (the title, and the
description of its deliverables) before the follow-up masked what it stores;
the follow-up's own data migration masked the actions, not these copies.
"""

from django.db import migrations

from guru.privacy import mask_personnummer

# Only rows with digits that could be one, with any separator, are read
# (PostgreSQL and SQLite both know __regex); the mask itself decides.
CANDIDATE = r"[0-9]{6}[^0-9]?[0-9]{4}"
FROM_ACTIONS = {"origin_type__app_label": "followup", "origin_type__model": "action"}


def _masked(text, max_length=None):
    # Frozen here on purpose: masked, then cut to the column (the mask can be
    # longer than the number it replaces).
    return mask_personnummer(text)[:max_length] if text else text


def _mask(queryset, name):
    max_length = queryset.model._meta.get_field(name).max_length
    candidates = queryset.filter(**{f"{name}__regex": CANDIDATE})
    for pk, text in candidates.values_list("pk", name).iterator():
        masked = _masked(text, max_length)
        if masked != text:
            queryset.model.objects.filter(pk=pk).update(**{name: masked})


def mask_stored_personnummer(apps, schema_editor):
    Assignment = apps.get_model("meetings", "Assignment")
    Deliverable = apps.get_model("meetings", "Deliverable")
    from_actions = Assignment.objects.filter(**FROM_ACTIONS)
    for name in ("title", "description"):
        _mask(from_actions, name)
    _mask(Deliverable.objects.filter(assignment__in=from_actions), "description")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0007_decision_soft_delete"),
    ]

    operations = [
        migrations.RunPython(mask_stored_personnummer, migrations.RunPython.noop),
    ]
