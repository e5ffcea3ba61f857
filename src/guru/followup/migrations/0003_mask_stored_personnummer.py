"""Mask the personnummer already stored in free text that the services did not
mask before: notes, action titles and status notes, a value's note and källa
(with their change history and the import files' rows), import file names,
the remissrunda's title and description and the reasons for decisions."""

from django.db import migrations

from guru.privacy import mask_personnummer

TEXT_FIELDS = {
    "Annotation": ("text",),
    "Action": ("title", "status_note"),
    "Value": ("note", "source"),
    "ImportBatch": ("filename",),
    "ConsultationRound": ("title", "description"),
    "Proposal": ("decision_motivation",),
}
# What a value's snapshot (ValueChange.before/after) and an import's row keep.
SNAPSHOT_TEXTS = ("note", "source")
# Only rows with digits that could be one, with any separator, are read
# (PostgreSQL and SQLite both know __regex); the mask itself decides.
CANDIDATE = r"[0-9]{6}[^0-9]?[0-9]{4}"


def _masked(text, max_length=None):
    return mask_personnummer(text)[:max_length] if text else text


def _masked_snapshot(snapshot):
    if not isinstance(snapshot, dict):
        return snapshot
    return {
        key: _masked(item) if key in SNAPSHOT_TEXTS and isinstance(item, str) else item
        for key, item in snapshot.items()
    }


def _mask_text_fields(model, fields):
    for name in fields:
        max_length = model._meta.get_field(name).max_length
        candidates = model.objects.filter(**{f"{name}__regex": CANDIDATE})
        for pk, text in candidates.values_list("pk", name).iterator():
            masked = _masked(text, max_length)
            if masked != text:
                model.objects.filter(pk=pk).update(**{name: masked})


def mask_stored_personnummer(apps, schema_editor):
    for model_name, fields in TEXT_FIELDS.items():
        _mask_text_fields(apps.get_model("followup", model_name), fields)
    ValueChange = apps.get_model("followup", "ValueChange")
    for pk, before, after in (
        ValueChange.objects.values_list("pk", "before", "after").iterator()
    ):
        masked = (_masked_snapshot(before), _masked_snapshot(after))
        if masked != (before, after):
            ValueChange.objects.filter(pk=pk).update(before=masked[0], after=masked[1])
    ImportBatch = apps.get_model("followup", "ImportBatch")
    for pk, rows in ImportBatch.objects.values_list("pk", "rows").iterator():
        masked = [_masked_snapshot(row) for row in rows or []]
        if masked != (rows or []):
            ImportBatch.objects.filter(pk=pk).update(rows=masked)


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_perspectives")]

    operations = [
        migrations.RunPython(mask_stored_personnummer, migrations.RunPython.noop),
    ]
