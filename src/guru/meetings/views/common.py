"""Small helpers shared by the views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from wagtail.documents import get_document_model


def require(allowed: bool) -> None:
    """403 unless ``allowed``; the rule itself lives in ``permissions``."""
    if not allowed:
        raise PermissionDenied


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def uploaded_documents(form: Form, user) -> list:
    """The chosen documents plus a new upload (saved as a Wagtail document).

    Wagtail documents stand in until the shared document space is linked.
    """
    documents = list(form.cleaned_data.get("documents") or [])
    upload = form.cleaned_data.get("new_attachment")
    if upload is not None:
        document = get_document_model()(
            title=upload.name, file=upload, uploaded_by_user=user
        )
        document.save()
        documents.append(document)
    return documents
