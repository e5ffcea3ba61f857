"""A GIN index for document search on PostgreSQL (SQLite has no such thing).

The expression is exactly the one Django writes for
``SearchVector("search_text", config="swedish")``, so the planner can use it.
"""

from django.db import migrations

INDEX = "documents_document_search_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON documents_document USING gin "
            "(to_tsvector('swedish'::regconfig, COALESCE(search_text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
