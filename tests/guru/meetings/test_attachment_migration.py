"""Migrating to document-space attachments carries every Wagtail attachment over."""

import datetime

import pytest
from django.core.files.base import ContentFile

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("meetings", "0002_link_and_deleted_by")]
AFTER = [("meetings", "0005_attachments_are_space_documents")]


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


def _wagtail_document(apps, title: str, name: str, data: bytes):
    collection = apps.get_model("wagtailcore", "Collection").objects.filter(
        depth=1
    ).first() or apps.get_model("wagtailcore", "Collection").objects.create(
        name="Root", path="0001", depth=1, numchild=0
    )
    document = apps.get_model("wagtaildocs", "Document")(
        title=title, collection=collection
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def test_wagtail_attachments_become_documents_in_ledningsgruppens_folders(old_apps):
    # given, before the migration: a meeting item and a plan that share one
    # Wagtail document, the item another one, and a name that is taken twice
    apps = old_apps
    apps.get_model("auth", "Group").objects.get_or_create(name="Ledningsgrupp")
    user = apps.get_model("accounts", "User").objects.create(username="gd")
    meeting = apps.get_model("meetings", "Meeting").objects.create(
        starts_at=datetime.datetime(2026, 3, 27, 8, tzinfo=datetime.UTC)
    )
    item = apps.get_model("meetings", "AgendaItem").objects.create(
        meeting=meeting, title="Tertialen"
    )
    plan = apps.get_model("meetings", "Plan").objects.create(
        kind="handlingsplan", title="Innovation", owner=user, ordered_by="GD"
    )
    shared = _wagtail_document(
        apps, "Underlag", "underlag.txt", "Fyra fokusområden.".encode()
    )
    other = _wagtail_document(apps, "Underlag", "underlag_2.txt", b"Annat.")
    ItemAttachment = apps.get_model("meetings", "AgendaItemAttachment")
    ItemAttachment.objects.create(item=item, document=shared)
    ItemAttachment.objects.create(item=item, document=other)
    apps.get_model("meetings", "PlanAttachment").objects.create(
        plan=plan, document=shared
    )

    # when
    new_apps = migrate(AFTER)

    # then each Wagtail document is one document, in the meeting's folder
    Document = new_apps.get_model("documents", "Document")
    item_documents = [
        a.document
        for a in new_apps.get_model("meetings", "AgendaItemAttachment")
        .objects.select_related("document__folder__parent__parent")
        .order_by("pk")
    ]
    assert [d.title for d in item_documents] == ["Underlag.txt", "Underlag (2).txt"]
    folder = item_documents[0].folder
    assert folder.name == "LG 2026-03-27"
    assert folder.parent.name == "Möten"
    assert folder.parent.parent.name == "Ledningsgruppen"
    plan_attachment = new_apps.get_model("meetings", "PlanAttachment").objects.get()
    assert plan_attachment.document_id == item_documents[0].pk
    assert Document.objects.count() == 2

    # with the same bytes, searchable text and an audit event
    copy = item_documents[0]
    version = copy.current_version
    assert version.number == 1
    with version.file.open("rb") as handle:
        assert handle.read() == "Fyra fokusområden.".encode()
    assert "fokusområden" in copy.search_text
    assert (
        new_apps.get_model("documents", "DocumentEvent")
        .objects.filter(document=copy)
        .exists()
    )
    # only Ledningsgrupp opens the new top folder
    top = folder.parent.parent
    assert not top.inherit_access
    assert [a.group.name for a in top.access.all()] == ["Ledningsgrupp"]
