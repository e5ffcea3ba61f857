"""What each role may do in the handbook.

Redaktörer add and edit guidance but do not publish directly: a change is published
when another Redaktör approves it in the review workflow (see ``workflow_actions``).
Administratörer may also publish directly, for urgent corrections.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from guru.accounts.roles import Role

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
ADMIN_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "bulk_delete_page"]
EDITOR_DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
ADMIN_DOCUMENT_PERMISSIONS = [*EDITOR_DOCUMENT_PERMISSIONS, "delete_document"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {}


def _grant_pages(group: Group, page, codenames: list[str]) -> None:
    wanted = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    )
    GroupPagePermission.objects.filter(group=group, page=page).exclude(
        permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )


def _grant_documents(
    group: Group, collection: Collection, codenames: list[str]
) -> None:
    wanted = Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=codenames
    )
    GroupCollectionPermission.objects.filter(
        group=group,
        collection=collection,
        permission__content_type__app_label="wagtaildocs",
    ).exclude(permission__in=wanted).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def sync_object_permissions(groups: dict[Role, Group]) -> None:
    """Grant page rights on the handbook and document rights on the root collection."""
    from .services import handbook_ensure_structure

    start_page = handbook_ensure_structure()
    root_collection = Collection.get_first_root_node()
    grants = {
        Role.REDAKTOR: (EDITOR_PAGE_PERMISSIONS, EDITOR_DOCUMENT_PERMISSIONS),
        Role.ADMINISTRATOR: (ADMIN_PAGE_PERMISSIONS, ADMIN_DOCUMENT_PERMISSIONS),
    }
    for role, (page_codenames, document_codenames) in grants.items():
        _grant_pages(groups[role], start_page, page_codenames)
        _grant_documents(groups[role], root_collection, document_codenames)
