"""Forms for uploads and folders; the rules themselves live in files.py/services.py."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files
from .services import DELETE_REASON_MAX, DELETE_REASON_TOO_LONG


class DocumentFileField(forms.FileField):
    """A file the document space accepts, checked as ``files.check`` checks it.

    The size is refused before the file is read into memory; then the type and the
    content. Other apps' forms that store a file in the document space (agenda items,
    plans) use this field, so the rules and the Swedish messages stay in one place.
    """

    default_error_messages = {
        "required": gettext_lazy("Välj en fil att ladda upp."),
        "empty": gettext_lazy("Filen är tom."),
    }

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return uploaded
        if uploaded.size > files.max_size():
            raise forms.ValidationError(
                _("Filen är %(size)s; den största tillåtna storleken är %(max)s.")
                % {
                    "size": files.human_size(uploaded.size),
                    "max": files.human_size(files.max_size()),
                }
            )
        try:
            files.check(name=uploaded.name, data=uploaded.read())
        except files.FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from None
        finally:
            uploaded.seek(0)
        return uploaded


class _FileForm(forms.Form):
    file = DocumentFileField(label=gettext_lazy("Fil"))
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Till exempel vad som är nytt i den här versionen."),
    )


class DocumentUploadForm(_FileForm):
    is_guidance = forms.BooleanField(
        label=gettext_lazy("Vägledning som Doris får svara från"), required=False
    )


class VersionUploadForm(_FileForm):
    pass


class FolderForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Mappens namn"),
        max_length=200,
        error_messages={"required": gettext_lazy("Skriv ett namn på mappen.")},
    )


class DocumentDeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Anledning (frivillig)"),
        required=False,
        max_length=DELETE_REASON_MAX,
        error_messages={"max_length": DELETE_REASON_TOO_LONG},
    )
