"""Forms for uploads and folders; the rules themselves live in files.py/services.py."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files


class _FileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        error_messages={
            "required": gettext_lazy("Välj en fil att ladda upp."),
            "empty": gettext_lazy("Filen är tom."),
        },
    )
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Till exempel vad som är nytt i den här versionen."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Refuse an oversized file before reading it into memory.
        if uploaded.size > files.max_size():
            raise forms.ValidationError(
                _("Filen är %(size)s; den största tillåtna storleken är %(max)s.")
                % {
                    "size": files.human_size(uploaded.size),
                    "max": files.human_size(files.max_size()),
                }
            )
        return uploaded


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
