"""Who may open and change which folder: decided here and nowhere else.

A folder's effective rules are its own when it does not inherit (or has no
parent), otherwise its parent's effective rules. A user's level in a folder is the
highest that ``everyone`` or any of the user's groups gives. Superusers may do
everything; no other role (not even Administratör) reads a folder it has no rule for.
All folders and rules are read in two queries and resolved in memory, once per
user and request.
"""

from dataclasses import dataclass

from .models import AccessLevel, Folder, FolderAccess

_RANK = {AccessLevel.NONE: 0, AccessLevel.VIEW: 1, AccessLevel.EDIT: 2}


@dataclass(frozen=True)
class FolderAccessMap:
    """The folders one user may view and edit (ids)."""

    viewable: frozenset[int]
    editable: frozenset[int]

    def can_view(self, folder_id: int) -> bool:
        return folder_id in self.viewable

    def can_edit(self, folder_id: int) -> bool:
        return folder_id in self.editable


def _rules_owner(folders: dict[int, Folder]) -> dict[int, int]:
    """folder id → id of the folder whose rules apply to it."""
    owner: dict[int, int] = {}

    def resolve(folder_id: int) -> int:
        if folder_id in owner:
            return owner[folder_id]
        seen: list[int] = []
        current = folders[folder_id]
        while current.inherit_access and current.parent_id in folders:
            if current.pk in owner or current.pk in seen:  # resolved, or a cycle
                break
            seen.append(current.pk)
            current = folders[current.parent_id]
        result = owner.get(current.pk, current.pk)
        for pk in [*seen, current.pk]:
            owner[pk] = result
        return result

    for folder_id in folders:
        resolve(folder_id)
    return owner


def access_map(user) -> FolderAccessMap:
    """Compute (and remember on the user object for this request) the user's map."""
    cached = getattr(user, "_guru_folder_access", None)
    if cached is not None:
        return cached
    folders = {folder.pk: folder for folder in Folder.objects.all()}
    if not (user and user.is_authenticated and user.is_active):
        result = FolderAccessMap(frozenset(), frozenset())
    elif user.is_superuser:
        result = FolderAccessMap(frozenset(folders), frozenset(folders))
    else:
        group_ids = set(user.groups.values_list("pk", flat=True))
        own_level: dict[int, str] = {
            pk: folder.everyone or AccessLevel.NONE for pk, folder in folders.items()
        }
        for rule in FolderAccess.objects.filter(group_id__in=group_ids):
            if _RANK[rule.level] > _RANK[own_level[rule.folder_id]]:
                own_level[rule.folder_id] = rule.level
        owner = _rules_owner(folders)
        level = {pk: own_level[owner[pk]] for pk in folders}
        result = FolderAccessMap(
            viewable=frozenset(pk for pk, lv in level.items() if _RANK[lv] >= 1),
            editable=frozenset(pk for pk, lv in level.items() if _RANK[lv] >= 2),
        )
    if user is not None:
        user._guru_folder_access = result
    return result


def forget(user) -> None:
    """Drop the remembered map (after the rules changed within one request)."""
    if hasattr(user, "_guru_folder_access"):
        del user._guru_folder_access


def can_view_folder(user, folder: Folder) -> bool:
    return access_map(user).can_view(folder.pk)


def can_edit_folder(user, folder: Folder) -> bool:
    return access_map(user).can_edit(folder.pk)


def can_open_document(user, document) -> bool:
    """The document is not deleted and lies in a folder the user may view.

    For other apps that point at documents (agenda attachments, "Gäller" links).
    """
    return document.deleted_at is None and access_map(user).can_view(document.folder_id)
