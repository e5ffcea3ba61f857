"""The permission matrix: who sees and changes which folder, and what search shows."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from guru.accounts.roles import Role
from guru.documents import services
from guru.documents.models import AccessLevel, FolderAccess
from guru.documents.permissions import access_map
from guru.documents.selectors import (
    document_search,
    documents_visible_to,
    guidance_documents_for,
)
from tests.factories import UserFactory

# role → (Ledningsgruppen, its subfolder Möten, Alla medarbetare), as view/edit/-
MATRIX = {
    "lg": ("edit", "edit", "view"),
    "staff": ("-", "-", "view"),
    "admin": ("-", "-", "view"),
    "editor": ("-", "-", "edit"),
}


def _level(user, folder) -> str:
    access = access_map(user)
    if access.can_edit(folder.pk):
        return "edit"
    return "view" if access.can_view(folder.pk) else "-"


@pytest.mark.parametrize("who", MATRIX)
def test_permission_matrix(people, folders, who):
    user = people[who]
    got = tuple(
        _level(user, folders[name]) for name in ("lg", "lg_meetings", "everyone")
    )
    assert got == MATRIX[who]


def test_the_map_is_computed_once_per_user_object(
    people, folders, django_assert_num_queries
):
    user = people["lg"]
    first = access_map(user)

    with django_assert_num_queries(0):  # every later check in the request is free
        assert access_map(user) is first


def test_superuser_sees_and_edits_everything(folders):
    root = UserFactory(username="root", is_superuser=True)
    assert _level(root, folders["lg"]) == "edit"


def test_inactive_user_sees_nothing(people, folders):
    people["lg"].is_active = False
    assert _level(people["lg"], folders["lg"]) == "-"


def test_subfolder_with_its_own_rules_overrides_the_parent(people, folders):
    # given a subfolder of Ledningsgruppen shared with the controllers only
    controllers = Group.objects.get(name=Role.CONTROLLER.value)
    shared = services.folder_create(
        name="Tertialuppföljning",
        parent=folders["lg"],
        groups={controllers: AccessLevel.VIEW},
    )
    controller = UserFactory(username="ctrl", roles=[Role.CONTROLLER])
    # then the controller sees it, and the management group no longer does
    assert _level(controller, shared) == "view"
    assert _level(controller, folders["lg"]) == "-"
    assert _level(people["lg"], shared) == "-"


def test_inheritance_reaches_deep_subfolders_and_follows_rule_changes(people, folders):
    deep = services.folder_create(name="2026", parent=folders["lg_meetings"])
    deeper = services.folder_create(name="Mars", parent=deep)
    assert _level(people["staff"], deeper) == "-"
    # when the top folder is opened to a group, everything below follows
    FolderAccess.objects.create(
        folder=folders["lg"],
        group=Group.objects.get(name=Role.HANDLAGGARE.value),
        level=AccessLevel.VIEW,
    )
    fresh = UserFactory(username="fresh", roles=[Role.HANDLAGGARE])
    assert _level(fresh, deeper) == "view"


def test_search_never_shows_a_hit_from_a_folder_the_user_may_not_open(people, folders):
    # given the same word in a secret and an open document
    services.document_upload(
        folder=folders["lg_meetings"],
        name="Omorganisation.txt",
        data="Förslag: enheten för strukturfonder slås ihop.".encode(),
    )
    services.document_upload(
        folder=folders["everyone"],
        name="Strukturfonder.txt",
        data="Om strukturfonder för alla medarbetare.".encode(),
    )

    # when each searches for it
    def titles(user):
        return {
            hit.document.title
            for hit in document_search(user=user, query="strukturfonder")
        }

    # then the management group finds both, everybody else only the open one
    assert titles(people["lg"]) == {"Omorganisation.txt", "Strukturfonder.txt"}
    for who in ("staff", "admin", "editor"):
        assert titles(people[who]) == {"Strukturfonder.txt"}, who


def test_search_matches_words_inside_in_any_case_and_needs_every_word(people, folders):
    services.document_upload(
        folder=folders["everyone"],
        name="Rutin.txt",
        data="ÅTERKRAV beslutas av enhetschefen efter kommunicering.".encode(),
    )
    staff = people["staff"]
    assert [h.document.title for h in document_search(user=staff, query="återkrav")]
    assert document_search(user=staff, query="återkrav enhetschefen")
    assert not document_search(user=staff, query="återkrav semester")
    assert not document_search(user=staff, query="  ")


def test_deleted_documents_are_not_found(people, folders):
    document = services.document_upload(
        folder=folders["everyone"], name="Gammal.txt", data=b"utfasad rutin"
    )
    services.document_delete(document=document, user=None)
    assert not document_search(user=people["staff"], query="utfasad")


def test_only_the_current_version_is_searched(people, folders):
    document = services.document_upload(
        folder=folders["everyone"], name="Plan.txt", data=b"gammal formulering"
    )
    services.version_upload(document=document, name="Plan.txt", data=b"ny lydelse")
    staff = people["staff"]
    assert not document_search(user=staff, query="formulering")
    assert document_search(user=staff, query="lydelse")


def test_guidance_documents_respect_permissions(people, folders):
    # given guidance in both folders, and a document that is not guidance
    secret = services.document_upload(
        folder=folders["lg"],
        name="LG-rutin.txt",
        data=b"intern rutin",
        is_guidance=True,
    )
    public = services.document_upload(
        folder=folders["everyone"],
        name="Rutin.txt",
        data=b"rutin for alla",
        is_guidance=True,
    )
    services.document_upload(
        folder=folders["everyone"], name="Annat.txt", data=b"inte vagledning"
    )

    def offered(user):
        return [g.document for g in guidance_documents_for(user)]

    # then each user is offered only what they may open
    assert offered(people["lg"]) == [secret, public]
    assert offered(people["staff"]) == [public]
    first = guidance_documents_for(people["staff"])[0]
    assert first.text == "rutin for alla"
    assert first.url == f"/dokumentrum/dokument/{public.pk}/"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL"
)
def test_postgresql_also_finds_other_forms_of_a_word(people, folders):
    services.document_upload(
        folder=folders["everyone"], name="Rutin.txt", data=b"Om beslut och bidrag."
    )
    hits = document_search(user=people["staff"], query="besluten")
    assert [hit.document.title for hit in hits] == ["Rutin.txt"]


def test_documents_visible_to_is_what_other_apps_may_link(people, folders):
    secret = services.document_upload(folder=folders["lg"], name="A.txt", data=b"a")
    public = services.document_upload(
        folder=folders["everyone"], name="B.txt", data=b"b"
    )
    assert set(documents_visible_to(user=people["lg"])) == {secret, public}
    assert list(documents_visible_to(user=people["staff"])) == [public]
