"""State changes in the handbook: site structure, review workflow and Markdown import."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from guru.accounts.models import Unit
from guru.accounts.roles import Role

from .markdown_source import (
    HandbookSource,
    HandbookSourceError,
    LinkTarget,
    PageSource,
    SourceProblem,
    read_handbook,
    render_html,
)
from .models import (
    FourEyesReviewTask,
    GuidancePage,
    GuidancePageAttachment,
    GuidancePageRelatedLink,
    ProcessAreaPage,
    StartPage,
)

START_PAGE_TITLE = "Handläggarstöd"
REVIEW_WORKFLOW_NAME = "Granskning av vägledning"
REVIEW_TASK_NAME = "Granskning av annan redaktör"
ATTACHMENT_COLLECTION = "Handläggarstöd"


def handbook_ensure_structure() -> StartPage:
    """Make sure the start page is the site root and the review workflow is on it.

    Idempotent. Wagtail's migrations create the tree's root page and root
    collection; a flushed database (as transactional tests leave it) lacks them,
    so they are recreated here rather than assumed.
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    _wagtail_defaults_remove(root)
    start_page = StartPage.objects.first()
    if start_page is None:
        start_page = root.add_child(
            instance=StartPage(title=START_PAGE_TITLE, slug="handlaggarstod")
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=start_page,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != start_page.pk or not site.site_name:
        site.root_page = start_page
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    _review_workflow_ensure(start_page)
    return start_page


WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _wagtail_defaults_remove(root: Page) -> None:
    """Remove what Wagtail's migrations create for a new site and Guru replaces.

    The "Welcome" page gives way to the start page; the stock groups and workflow
    would grant rights outside Guru's roles.
    """
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    for page in root.get_children().filter(
        content_type__app_label="wagtailcore", content_type__model="page", numchild=0
    ):
        Site.objects.filter(root_page=page).delete()
        page.delete()


def _review_workflow_ensure(start_page: StartPage) -> None:
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    task, _created = FourEyesReviewTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    # Not workflow.workflow_tasks.create(): modelcluster defers that until the
    # workflow itself is saved.
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    reviewers = [
        Group.objects.get_or_create(name=role.value)[0]
        for role in (Role.REDAKTOR, Role.ADMINISTRATOR)
    ]
    task.groups.add(*reviewers)
    WorkflowPage.objects.update_or_create(
        page=start_page, defaults={"workflow": workflow}
    )


@dataclass
class ImportReport:
    """What an import did, page by page (keys are "area/slug")."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_folder: list[str] = field(default_factory=list)


def handbook_import(*, directory: Path, user=None) -> ImportReport:
    """Import a folder of Markdown files (docs/handbook-format.md) as handbook pages.

    All or nothing: every problem in every file is reported in one
    HandbookSourceError and nothing is written. Re-running updates the pages whose
    content changed (a new published revision) and leaves the others untouched.
    Pages in Guru that are missing from the folder are reported, never deleted.
    """
    source = read_handbook(Path(directory))
    owners = _resolve_owners(source)
    with transaction.atomic():
        start_page = handbook_ensure_structure()
        areas = {area.slug: _area_upsert(start_page, area) for area in source.areas}
        existing = {
            f"{area_slug}/{page.slug}": page
            for area_slug, area in areas.items()
            for page in GuidancePage.objects.child_of(area)
        }
        _refuse_pending_drafts(source, existing)
        pages = {
            page.key: existing.get(page.key)
            or _page_create(areas[page.area], page, owners)
            for page in source.pages
        }
        report = ImportReport()
        for page_source in source.pages:
            page = pages[page_source.key]
            documents = _attachments_upsert(source.root, page_source)
            changed = _page_fill(page, page_source, owners, pages, documents)
            if page_source.key not in existing:
                report.created.append(page_source.key)
            elif changed:
                report.updated.append(page_source.key)
            else:
                report.unchanged.append(page_source.key)
                continue
            page.save_revision(user=user, log_action=True).publish(
                user=user, skip_permission_checks=True
            )
        report.not_in_folder = sorted(set(existing) - set(pages))
    return report


def _resolve_owners(source: HandbookSource) -> dict[str, object]:
    units = {unit.code: unit for unit in Unit.objects.all()}
    users = {user.username: user for user in get_user_model().objects.all()}
    extensions = set(getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or [])
    problems = []
    for page in source.pages:
        if page.owner_unit not in units:
            problems.append(
                SourceProblem(
                    page.path,
                    page.key_lines["owner_unit"],
                    _("Enheten %s finns inte i Guru.") % page.owner_unit,
                )
            )
        if page.owner not in users:
            problems.append(
                SourceProblem(
                    page.path,
                    page.key_lines["owner"],
                    _("Användaren %s finns inte i Guru.") % page.owner,
                )
            )
        for name, line in page.attachments:
            if extensions and Path(name).suffix.lower().lstrip(".") not in extensions:
                problems.append(
                    SourceProblem(
                        page.path, line, _("Filtypen för %s är inte tillåten.") % name
                    )
                )
    if problems:
        raise HandbookSourceError(problems)
    return {"units": units, "users": users}


def _refuse_pending_drafts(
    source: HandbookSource, existing: dict[str, GuidancePage]
) -> None:
    """An editor's unpublished work must not be overwritten by an import."""
    problems = [
        SourceProblem(
            page.path,
            0,
            _(
                "Sidan har opublicerade ändringar i Guru. Publicera eller "
                "återställ dem innan importen körs igen."
            ),
        )
        for page in source.pages
        if page.key in existing and existing[page.key].has_unpublished_changes
    ]
    if problems:
        raise HandbookSourceError(problems)


def _area_upsert(start_page: StartPage, area_source) -> ProcessAreaPage:
    intro = render_html(area_source.intro_tokens, _external_only)
    area = (
        ProcessAreaPage.objects.child_of(start_page)
        .filter(slug=area_source.slug)
        .first()
    )
    if area is None:
        area = start_page.add_child(
            instance=ProcessAreaPage(
                title=area_source.title,
                slug=area_source.slug,
                intro=intro,
                sort_order=area_source.order,
            )
        )
        area.save_revision().publish(skip_permission_checks=True)
        return area
    area = area.specific
    if (area.title, area.intro, area.sort_order) != (
        area_source.title,
        intro,
        area_source.order,
    ):
        area.title, area.intro, area.sort_order = (
            area_source.title,
            intro,
            area_source.order,
        )
        area.save_revision().publish(skip_permission_checks=True)
    return area


def _external_only(target: LinkTarget) -> dict[str, str]:
    return {"href": target.value}


def _page_create(area: ProcessAreaPage, source: PageSource, owners) -> GuidancePage:
    """Create a draft page so that its id exists for links from other pages."""
    return area.add_child(
        instance=GuidancePage(
            title=source.title,
            slug=source.slug,
            summary=source.summary,
            owner_unit=owners["units"][source.owner_unit],
            last_reviewed_on=source.last_reviewed,
            review_due_on=source.review_due,
            live=False,
        )
    )


def _attachments_upsert(root: Path, source: PageSource) -> dict[str, object]:
    """Store the page's attachments as documents; an unchanged file is reused.

    A document is identified by its title in the process area's collection, so
    the same file name in two areas gives two documents.
    """
    Document = get_document_model()
    collection = _attachment_collection(source.area)
    documents = {}
    for name, _line in source.attachments:
        path = root / source.area / name
        content = path.read_bytes()
        digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        title = Path(name).stem.replace("-", " ").replace("_", " ").capitalize()
        document = Document.objects.filter(collection=collection, title=title).first()
        if document is None or document.file_hash != digest:
            document = document or Document(collection=collection, title=title)
            with path.open("rb") as handle:
                document.file.save(name, File(handle), save=False)
            document.file_size = len(content)
            document.file_hash = digest
            document.save()
        documents[name] = document
    return documents


def _attachment_collection(area_slug: str) -> Collection:
    """The collection "Handläggarstöd / <area>" that holds an area's attachments."""
    root = Collection.get_first_root_node()
    handbook = root.get_children().filter(name=ATTACHMENT_COLLECTION).first()
    handbook = handbook or root.add_child(name=ATTACHMENT_COLLECTION)
    area = handbook.get_children().filter(name=area_slug).first()
    return area or handbook.add_child(name=area_slug)


def _page_fill(page, source: PageSource, owners, pages, documents) -> bool:
    """Set the page's fields from the source; return whether anything changed."""

    def link_attrs(target: LinkTarget) -> dict[str, str]:
        if target.kind == "page":
            attrs = {"linktype": "page", "id": str(pages[target.value].pk)}
            if target.anchor:
                attrs["anchor"] = target.anchor
            return attrs
        if target.kind == "attachment":
            return {"linktype": "document", "id": str(documents[target.value].pk)}
        if target.kind == "anchor":
            return {"href": f"#{target.value}"}
        return {"href": target.value}

    body = [
        {
            "type": "section",
            "value": {
                "heading": section.heading,
                "anchor": section.anchor,
                "body": render_html(section.tokens, link_attrs),
            },
        }
        for section in source.sections
    ]
    wanted = {
        "title": source.title,
        "summary": source.summary,
        "intro": render_html(source.intro_tokens, link_attrs),
        "owner_unit_id": owners["units"][source.owner_unit].pk,
        "owner_person_id": owners["users"][source.owner].pk,
        "last_reviewed_on": source.last_reviewed,
        "review_due_on": source.review_due,
    }
    related = [pages[key].pk for key, _line in source.related]
    attachments = [documents[name].pk for name, _line in source.attachments]
    current_body = [
        {"type": block["type"], "value": block["value"]}
        for block in page.body.get_prep_value()
    ]
    current_related = [link.related_page_id for link in page.related_links.all()]
    current_attachments = [a.document_id for a in page.attachments.all()]
    changed = (
        any(getattr(page, name) != value for name, value in wanted.items())
        or current_body != body
        or current_related != related
        or current_attachments != attachments
        or not page.live
    )
    if not changed:
        return False
    for name, value in wanted.items():
        setattr(page, name, value)
    page.body = body
    page.related_links = [GuidancePageRelatedLink(related_page_id=pk) for pk in related]
    page.attachments = [GuidancePageAttachment(document_id=pk) for pk in attachments]
    return True
