"""Forms that parse what readers and editors send; the rules live in services."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from guru.forms import TypedTextField

from .models import CommentMode, CommentStatus


def section_choices(page) -> list[tuple[str, str]]:
    sections = getattr(page.specific, "sections", [])
    return [("", _("Hela sidan"))] + [(s["anchor"], s["heading"]) for s in sections]


class CommentForm(forms.Form):
    # No max_length here: a too long text must come back with a message, not be cut
    # off by the browser. services.comment_create checks the length.
    body = TypedTextField(
        label=_("Din synpunkt"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv något innan du skickar.")},
    )
    section_anchor = forms.ChoiceField(label=_("Gäller avsnitt"), required=False)
    confirm_personal_data = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Set by the view when the text holds a personnummer not yet confirmed.
    personal_data_warning = False

    def __init__(self, *args, page, comment_id: int | None = None, **kwargs) -> None:
        self.comment_id = comment_id  # an edit of this comment, else a new one
        if comment_id is not None:
            kwargs["auto_id"] = f"andra-{comment_id}-%s"
        super().__init__(*args, **kwargs)
        self.fields["section_anchor"].choices = section_choices(page)


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(
        choices=[("ja", _("Ja")), ("nej", _("Nej"))],
        error_messages={
            "required": _("Välj Ja eller Nej."),
            "invalid_choice": _("Välj Ja eller Nej."),
        },
    )
    missing = TypedTextField(
        label=_("Vad saknades?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReplyForm(forms.Form):
    reply = TypedTextField(
        label=_("Svar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv ett svar innan du skickar.")},
    )


class ModeForm(forms.Form):
    mode = forms.ChoiceField(label=_("Synpunkter"), choices=CommentMode.choices)
    target = forms.ChoiceField(choices=[("page", "page"), ("area", "area")])


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommentStatus.choices)
    revision = forms.ModelChoiceField(
        label=_("Version som åtgärdade"),
        queryset=None,
        required=False,
        empty_label=_("Välj version"),
    )
    reason = TypedTextField(
        label=_("Motivering (krävs för Avvisad)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, revisions, live_revision_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].queryset = revisions

        # Seconds too: submitting and approving can make two versions in a minute.
        def label(revision) -> str:
            text = (
                f"{date_format(timezone.localtime(revision.created_at), 'Y-m-d H:i:s')}"
                f" – {revision.user or '–'}"
            )
            if revision.pk == live_revision_id:
                text += f" {_('(publicerad)')}"
            return text

        self.fields["revision"].label_from_instance = label


class _OwnIds:
    """A form that shares a page with another form's fields of the same names
    (status, reason) gets ids of its own, so that each label names its field."""

    auto_id = "id_%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.auto_id)
        super().__init__(*args, **kwargs)


class HideForm(_OwnIds, forms.Form):
    auto_id = "hide_%s"  # beside StatusForm on the comment's page
    reason = TypedTextField(
        label=_("Varför döljs synpunkten?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför synpunkten döljs.")},
    )


class BulkStatusForm(_OwnIds, forms.Form):
    auto_id = "bulk_%s"  # beside the inbox's filters, which have a status too
    status = forms.ChoiceField(label=_("Ny status"), choices=CommentStatus.choices)
    reason = forms.CharField(label=_("Motivering"), required=False)
