"""Forms that parse what the group sends; the rules live in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guru.documents.forms import DocumentFileField
from guru.documents.models import Folder
from guru.documents.permissions import access_map
from guru.documents.selectors import documents_visible_to, folder_path
from guru.forms import (
    DateField,
    SavedMeanwhileForm,
    TypedTextField,
    typed_text_formfield,
)
from guru.handbook.models import GuidancePage
from guru.handbook.permissions import viewable_pages

from .links import link_choices, link_resolve
from .models import (
    AssignmentStatus,
    ItemKind,
    Meeting,
    NewsArticle,
    Plan,
    PlanKind,
)

User = get_user_model()

REQUIRED = _("Fyll i fältet.")
ORDERED_BY_REQUIRED = _("Ange beställaren, till exempel GD eller LG.")


def _people():
    return User.objects.filter(is_active=True).select_related("unit")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.unit.code})" if user.unit_id else str(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.unit.code})" if user.unit_id else str(user)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


_DATETIME_ERRORS = {
    "required": _("Ange dag och tid."),
    "invalid": _("Skriv dag och tid som ÅÅÅÅ-MM-DD TT:MM."),
}


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Börjar"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=_DATETIME_ERRORS,
    )
    ends_at = forms.DateTimeField(
        label=_("Slutar"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages=_DATETIME_ERRORS,
    )
    link = forms.URLField(
        label=_("Länk till mötet"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en hel adress, https://…")},
    )
    participants = PeopleChoiceField(
        label=_("Deltagare"),
        queryset=_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    absentees = PeopleChoiceField(
        label=_("Frånvarande"),
        queryset=_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note_taker = PersonChoiceField(
        label=_("Vid pennan"),
        queryset=_people(),
        required=False,
        empty_label=_("Inte utsedd ännu"),
    )
    adjuster = PersonChoiceField(
        label=_("Justerare"),
        queryset=_people(),
        required=False,
        empty_label=_("Inte utsedd ännu"),
    )

    class Meta:
        model = Meeting
        formfield_callback = typed_text_formfield
        fields = [
            "starts_at",
            "ends_at",
            "place",
            "link",
            "participants",
            "absentees",
            "note_taker",
            "adjuster",
        ]

    PEOPLE = ("participants", "note_taker", "adjuster")

    def __init__(self, *args, may_name_people: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_name_people:
            # Not offered, so not posted: a forged value never reaches the service.
            for name in self.PEOPLE:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "participants" in self.fields:
            participants = data.get("participants") or []
        else:
            participants = self.instance.participants.all()
        both = set(participants) & set(data.get("absentees") or [])
        if both:
            names = ", ".join(sorted(str(user) for user in both))
            self.add_error(
                "absentees",
                _("%(names)s kan inte både delta och vara frånvarande.")
                % {"names": names},
            )
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mötet måste sluta efter att det har börjat."))
        return data


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, document) -> str:
        return f"{document.title} ({document.folder.name})"


class FolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, folder) -> str:
        return folder_path(folder)


class AttachmentFields:
    """Attachments from the document space, for the item and the plan forms.

    The editor picks documents they may open, or uploads a file into a folder they
    may change; the file is checked by the document space's own field.
    """

    def add_attachment_fields(self, user) -> None:
        self.fields["documents"] = DocumentChoiceField(
            label=_("Bilagor ur dokumentrummet"),
            queryset=documents_visible_to(user=user).order_by("folder__name", "title"),
            required=False,
            help_text=_(
                "Bara dokument som du själv kan öppna går att välja. Håll ned Ctrl "
                "(Cmd på Mac) för att välja flera."
            ),
            widget=forms.SelectMultiple(
                attrs={"data-filter": _("Sök bland dokumenten"), "size": 8}
            ),
        )
        self.fields["new_attachment"] = DocumentFileField(
            label=_("Ladda upp en ny bilaga"), required=False
        )
        self.fields["attachment_folder"] = FolderChoiceField(
            label=_("Spara den nya bilagan i mappen"),
            # the label is the folder's path: its parents are loaded with it
            queryset=Folder.objects.filter(
                pk__in=access_map(user).editable
            ).select_related("parent__parent__parent"),
            required=False,
            empty_label="–",
            help_text=_(
                "Filen blir ett dokument i dokumentrummet. Den som inte kan öppna "
                "mappen ser inte bilagan."
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("new_attachment") and not data.get("attachment_folder"):
            self.add_error(
                "attachment_folder",
                _("Välj en mapp i dokumentrummet att spara den nya bilagan i."),
            )
        return data


class AgendaItemForm(AttachmentFields, forms.Form):
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, error_messages={"required": REQUIRED}
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices)
    presenters = PeopleChoiceField(
        label=_("Föredragande"),
        queryset=_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_minutes = forms.IntegerField(
        label=_("Planerade minuter"),
        required=False,
        min_value=1,
        max_value=480,
        error_messages={
            "invalid": _("Skriv ett heltal."),
            "min_value": _("Minst en minut."),
            "max_value": _("Högst 480 minuter."),
        },
    )
    description = TypedTextField(
        label=_("Underlag och syfte"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    handbook_page = forms.ModelChoiceField(
        label=_("Sida i handläggarstödet"),
        queryset=GuidancePage.objects.live().order_by("title"),
        required=False,
        empty_label=_("Ingen sida"),
    )
    linked = forms.ChoiceField(
        label=_("Gäller"),
        required=False,
        help_text=_(
            "En tertialuppföljning, en remissrunda eller ett dokument i dokumentrummet."
        ),
    )
    is_internal = forms.BooleanField(
        label=_("Intern punkt (tas inte med i nyheten)"), required=False
    )

    def __init__(self, *args, user, kept_link=None, session=None, **kwargs):
        """``kept_link``: the item's link that ``user`` may not see, kept unnamed.

        Only handbook pages ``user`` may view are offered; the view keeps an
        item's page closed to them, unnamed (``item_form``).
        """
        super().__init__(*args, **kwargs)
        self.user, self.kept_link = user, kept_link
        self.fields["handbook_page"].queryset = viewable_pages(
            self.fields["handbook_page"].queryset, user, session
        )
        self.fields["linked"].choices = link_choices(user, kept=kept_link)
        self.add_attachment_fields(user)

    def clean_linked(self):
        """The chosen object itself (None for "Inget")."""
        return link_resolve(
            self.cleaned_data.get("linked"), self.user, kept=self.kept_link
        )


class MinutesForm(SavedMeanwhileForm):
    """An item's note and, when one is typed, a new decision: one form, so that
    either button saves everything typed on the page.

    ``decision_required``: the decision's button was clicked, so its text is due.
    A note saved by someone else since the page was loaded is not overwritten
    (``SavedMeanwhileForm``); the decision then waits with it.
    """

    minutes = TypedTextField(
        label=_("Protokollsanteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    text = TypedTextField(
        label=_("Nytt beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Ett beslut som skrivs här förs till protokollet med nästa nummer, "
            "vilken av knapparna du än väljer."
        ),
        error_messages={"required": _("Skriv beslutet.")},
    )
    loaded_fields = {"minutes": "loaded"}
    told_field = "minutes"
    saved_meanwhile_message = _(
        "Någon annan har sparat en ny anteckning medan du skrev: ”%(saved)s”. "
        "Din text finns kvar här. Jämför och spara igen."
    )

    def __init__(self, *args, decision_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = decision_required

    def minutes_to_save(self, stored: str) -> str | None:
        """The note as typed, or None when it was not sent or is as the page
        loaded it (``stored``, the note when the page is made, stands in for a
        page that sent no copy): a post without the field (a page older than
        this form) keeps the note, and a note left as loaded does not undo one
        saved meanwhile."""
        if "minutes" not in self.data or not self.changed_here({"minutes": stored}):
            return None
        return self.cleaned_data["minutes"]

    def tell_saved_meanwhile(self, saved: dict) -> None:
        """As ``SavedMeanwhileForm``'s, and a decision typed beside the note is
        said to be not yet in the minutes: nothing was saved."""
        decision = self.cleaned_data.get("text", "")
        super().tell_saved_meanwhile(saved)
        if decision.strip():
            self.add_error(
                "text",
                _(
                    "Beslutet är inte fört till protokollet än, eftersom "
                    "anteckningen inte sparades. Det står kvar här och förs in "
                    "när du sparar igen."
                ),
            )


class CorrectionForm(forms.Form):
    text = TypedTextField(
        label=_("Rättad text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv den rättade texten.")},
    )
    reason = TypedTextField(
        label=_("Skäl till rättelsen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför protokollet rättas.")},
    )


class AssignmentForm(forms.Form):
    title = forms.CharField(
        label=_("Uppdrag"), max_length=250, error_messages={"required": REQUIRED}
    )
    description = TypedTextField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = PersonChoiceField(
        label=_("Ansvarig"),
        queryset=_people(),
        empty_label=_("Välj ansvarig"),
        error_messages={"required": _("Välj vem som är ansvarig.")},
    )
    ordered_by = forms.CharField(
        label=_("Beställare"),
        max_length=120,
        initial="LG",
        error_messages={"required": ORDERED_BY_REQUIRED},
    )


def _meetings_for_due(*, chosen: Meeting | int | None = None):
    """The meetings a deliverable can be due at: today's and later ones, soonest
    first. A meeting held already makes no sense for new work, but ``chosen`` (the
    row's saved meeting) stays, so that editing an older assignment neither fails
    nor loses its due."""
    offered = Q(starts_at__date__gte=timezone.localdate())
    if chosen is not None:
        offered |= Q(pk=getattr(chosen, "pk", chosen))
    return Meeting.objects.active().filter(offered).order_by("starts_at")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting) -> str:
        return _("mötet den %(day)s") % {"day": f"{meeting.day:%Y-%m-%d}"}


class DeliverableForm(forms.Form):
    # Which open deliverable the row shows, so that an edit changes it in place.
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Leverans"), max_length=250, required=False)
    due_date = DateField(label=_("Senast"), required=False)
    due_meeting = MeetingChoiceField(
        label=_("eller till mötet"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="–",
        # A meeting held since the form was opened, or one removed meanwhile.
        error_messages={
            "invalid_choice": _("Välj ett av mötena i listan: i dag eller senare.")
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_meeting"].queryset = _meetings_for_due(
            chosen=self.initial.get("due_meeting")
        )

    def clean(self):
        data = super().clean()
        described = bool((data.get("description") or "").strip())
        dated, at_meeting = data.get("due_date"), data.get("due_meeting")
        if not described and (dated or at_meeting):
            self.add_error("description", _("Skriv vad som ska levereras."))
        if not described or self.has_error("due_date") or self.has_error("due_meeting"):
            return data  # a mistyped date or a refused meeting has its message already
        if dated and at_meeting:
            self.add_error(
                "due_date", _("Ange antingen ett datum eller ett möte, inte båda.")
            )
        elif not (dated or at_meeting):
            self.add_error("due_date", _("Ange ett datum eller ett möte."))
        return data


class BaseDeliverableFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any((f.cleaned_data.get("description") or "").strip() for f in self):
            raise forms.ValidationError(_("Ett uppdrag behöver minst en leverans."))

    def deliverables(self) -> list[dict]:
        return [
            {
                "id": form.cleaned_data.get("id"),
                "description": form.cleaned_data["description"],
                "due_date": form.cleaned_data.get("due_date"),
                "due_meeting": form.cleaned_data.get("due_meeting"),
            }
            for form in self
            if (form.cleaned_data.get("description") or "").strip()
        ]


DeliverableFormSet = forms.formset_factory(
    DeliverableForm, formset=BaseDeliverableFormSet, extra=3, max_num=10
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices)


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsArticle
        formfield_callback = typed_text_formfield
        fields = ["title", "lead", "body", "pen"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
        }
        error_messages = {
            "title": {"required": _("Nyheten behöver en rubrik.")},
            "lead": {"required": _("Skriv en ingress.")},
        }


class PlanForm(AttachmentFields, forms.ModelForm):
    owner = PersonChoiceField(
        label=_("Ägare"),
        queryset=_people(),
        empty_label=_("Välj ägare"),
        error_messages={"required": _("Välj vem som äger planen.")},
    )
    note = forms.CharField(
        label=_("Vad ändrades? (ändringsnotering)"), max_length=250, required=False
    )

    class Meta:
        model = Plan
        formfield_callback = typed_text_formfield
        fields = [
            "kind",
            "title",
            "result_area",
            "period",
            "owner",
            "ordered_by",
            "status",
            "purpose",
            "goal",
            "target_groups",
            "messages",
            "channels",
            "resources",
            "follow_up",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "purpose",
                "goal",
                "target_groups",
                "messages",
                "channels",
                "resources",
                "follow_up",
            )
        }
        error_messages = {
            "kind": {"required": _("Välj vilken sorts plan det är.")},
            "title": {"required": _("Planen behöver ett namn.")},
            "ordered_by": {"required": ORDERED_BY_REQUIRED},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Välj typ av plan")), *PlanKind.choices]
        self.add_attachment_fields(user)
        # The change note comes last, after the attachments.
        self.fields["note"] = self.fields.pop("note")


class ActivityForm(forms.Form):
    what = forms.CharField(label=_("Aktivitet"), max_length=250, required=False)
    responsible = PersonChoiceField(
        label=_("Ansvarig"),
        queryset=_people(),
        required=False,
        empty_label=_("Välj ansvarig"),
    )
    when = forms.CharField(label=_("När"), max_length=80, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("what") or "").strip():
            if data.get("responsible") is None:
                self.add_error("responsible", _("Välj en ansvarig."))
            if not (data.get("when") or "").strip():
                self.add_error("when", _("Ange när, till exempel vecka 14."))
        return data


ActivityFormSet = forms.formset_factory(ActivityForm, extra=2, max_num=40)
