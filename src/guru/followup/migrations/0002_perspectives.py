from django.db import migrations

PERSPECTIVES = [
    ("verksamhet", "Verksamhet", "Levererar vi enligt plan?", 1),
    ("ekonomi", "Ekonomi", "Är ekonomin i balans?", 2),
    ("medarbetare", "Medarbetare", "Mår och trivs våra medarbetare?", 3),
    ("processer", "Processer", "Är våra processer effektiva?", 4),
]


def create_perspectives(apps, schema_editor):
    Perspective = apps.get_model("followup", "Perspective")
    for key, label, question, order in PERSPECTIVES:
        Perspective.objects.get_or_create(
            key=key, defaults={"label": label, "question": question, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]

    operations = [
        migrations.RunPython(create_perspectives, migrations.RunPython.noop),
    ]
