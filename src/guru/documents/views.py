"""The document space in the browser: folders, uploads, downloads, search."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guru.forms import REFUSED, errors_to_form

from . import files, permissions, selectors, services
from .forms import (
    DocumentDeleteForm,
    DocumentUploadForm,
    FolderForm,
    VersionUploadForm,
)
from .models import Folder


def _folder_or_404(user, pk: int) -> Folder:
    folder = get_object_or_404(Folder, pk=pk)
    if not permissions.can_view_folder(user, folder):
        raise Http404  # do not reveal that the folder exists
    return folder


def _document_or_404(user, pk: int):
    """A document the user may open; a deleted one only for those who may restore
    it (its page shows who deleted it and why)."""
    document = selectors.document_visible_to(user=user, pk=pk)
    if document is None:
        raise Http404
    if document.deleted_at is not None and not permissions.can_edit_folder(
        user, document.folder
    ):
        raise Http404
    return document


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "documents/home.html",
        {"folders": selectors.folder_roots(user=request.user)},
    )


def folder_detail(
    request: HttpRequest,
    pk: int,
    *,
    upload_form=None,
    folder_form=None,
    status: int = 200,
) -> HttpResponse:
    folder = _folder_or_404(request.user, pk)
    can_edit = permissions.can_edit_folder(request.user, folder)
    return render(
        request,
        "documents/folder.html",
        {
            "folder": folder,
            "trail": selectors.folder_trail(user=request.user, folder=folder),
            "children": selectors.folder_children(user=request.user, folder=folder),
            "documents": selectors.folder_documents(folder=folder),
            "deleted": selectors.folder_deleted_documents(folder=folder)
            if can_edit
            else [],
            "can_edit": can_edit,
            "upload_form": upload_form or DocumentUploadForm(),
            "folder_form": folder_form or FolderForm(),
            "accepted": ", ".join(f".{ext}" for ext in files.accepted_extensions()),
            "max_size": files.human_size(files.max_size()),
        },
        status=status,
    )


@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    folder = _folder_or_404(request.user, pk)
    if not permissions.can_edit_folder(request.user, folder):
        raise PermissionDenied
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            document = services.document_upload(
                folder=folder,
                name=uploaded.name,
                data=uploaded.read(),
                user=request.user,
                comment=form.cleaned_data["comment"],
                is_guidance=form.cleaned_data["is_guidance"],
            )
        except files.FileRejected as rejected:
            form.add_error("file", rejected.message)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("”%s” är uppladdat.") % document.title)
            return redirect(folder)
    return folder_detail(request, pk, upload_form=form, status=REFUSED)


@require_POST
def folder_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _folder_or_404(request.user, pk)
    if not permissions.can_edit_folder(request.user, parent):
        raise PermissionDenied
    form = FolderForm(request.POST)
    if form.is_valid():
        try:
            folder = services.folder_create(
                name=form.cleaned_data["name"], parent=parent, user=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Mappen ”%s” är skapad.") % folder.name)
            return redirect(folder)
    return folder_detail(request, pk, folder_form=form, status=REFUSED)


def document_detail(
    request: HttpRequest,
    pk: int,
    *,
    version_form=None,
    delete_form=None,
    status: int = 200,
) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    return render(
        request,
        "documents/document.html",
        {
            "document": document,
            "trail": [
                *selectors.folder_trail(user=request.user, folder=document.folder),
                document.folder,
            ],
            "versions": selectors.document_versions(document=document),
            "events": selectors.document_events(document=document),
            "can_edit": permissions.can_edit_folder(request.user, document.folder),
            "version_form": version_form or VersionUploadForm(),
            "delete_form": delete_form or DocumentDeleteForm(),
            "max_size": files.human_size(files.max_size()),
        },
        status=status,
    )


@require_POST
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    if not permissions.can_edit_folder(request.user, document.folder):
        raise PermissionDenied
    form = VersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            version = services.version_upload(
                document=document,
                name=uploaded.name,
                data=uploaded.read(),
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except files.FileRejected as rejected:
            form.add_error("file", rejected.message)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Version %s är uppladdad.") % version.number)
            return redirect(document)
    return document_detail(request, pk, version_form=form, status=REFUSED)


def download(request: HttpRequest, pk: int, number: int | None = None):
    """The current (or a given) version as an attachment under its display name."""
    document = _document_or_404(request.user, pk)
    if document.deleted_at is not None:
        raise Http404
    if number is None:
        version = document.current_version
    else:
        version = document.versions.filter(number=number).first()
    if version is None:
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )


@require_POST
def guidance_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    services.document_set_guidance(
        document=document,
        user=request.user,
        is_guidance=request.POST.get("is_guidance") == "1",
    )
    return redirect(document)


@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    if not permissions.can_edit_folder(request.user, document.folder):
        raise PermissionDenied
    form = DocumentDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.document_delete(
                document=document,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
    if form.errors:
        return document_detail(request, pk, delete_form=form, status=REFUSED)
    messages.success(
        request,
        _("”%s” är borttaget. Det kan återställas från mappen.") % document.title,
    )
    return redirect(document.folder)


@require_POST
def document_restore(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    try:
        services.document_restore(document=document, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("”%s” är återställt.") % document.title)
    return redirect(document.folder)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = selectors.document_search(user=request.user, query=query) if query else []
    return render(
        request,
        "documents/search.html",
        {"doc_query": query, "hits": hits, "searched": bool(query)},
    )
