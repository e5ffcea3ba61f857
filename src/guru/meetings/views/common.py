"""Small helpers shared by the views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest

from guru.documents import services as documents


def require(allowed: bool) -> None:
    """403 unless ``allowed``; the rule itself lives in ``permissions``."""
    if not allowed:
        raise PermissionDenied


def query_id(request: HttpRequest, name: str) -> int | None:
    """The id in the query string's ``name``: None if not given, 404 if no id.

    An address typed or cut short by hand is "not found", never a server error.
    """
    value = request.GET.get(name, "")
    if not value:
        return None
    # ASCII digits only ("²" is a digit to str.isdigit), and within a bigint
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404
    return int(value)


def attachment_documents(form: Form, user, *, kept=()) -> list:
    """The documents to attach: ``kept``, the chosen ones and a new upload.

    ``kept`` are attachments the editor cannot open (nor choose), so that saving
    the form does not drop them. A new upload becomes a document in the chosen
    folder through the document space's own service, which checks the permission;
    call this inside the transaction that saves the item or the plan.
    """
    chosen = [*kept, *(form.cleaned_data.get("documents") or [])]
    upload = form.cleaned_data.get("new_attachment")
    if upload is not None:
        try:
            chosen.append(
                documents.document_upload(
                    folder=form.cleaned_data["attachment_folder"],
                    name=upload.name,
                    data=upload.read(),
                    user=user,
                )
            )
        except ValidationError as error:
            raise ValidationError({"new_attachment": error.messages}) from None
    return chosen
