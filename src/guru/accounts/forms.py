"""Forms for log-in and for the Wagtail user admin (users carry a unit and a title)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from guru.forms import EmptyLabels

GURU_USER_FIELDS = ["unit", "title", "external_id"]


class GuruUserCreationForm(EmptyLabels, UserCreationForm):
    empty_labels = {"unit": _("Ingen enhet")}

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(GURU_USER_FIELDS)
        widgets = {"groups": forms.CheckboxSelectMultiple}


class GuruUserEditForm(EmptyLabels, UserEditForm):
    empty_labels = GuruUserCreationForm.empty_labels

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(GURU_USER_FIELDS)
        widgets = {"groups": forms.CheckboxSelectMultiple}


class GuruAuthenticationForm(AuthenticationForm):
    """The log-in form, with labels in Guru's wording."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
