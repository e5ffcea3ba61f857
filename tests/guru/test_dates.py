"""A date typed into one of Guru's own forms that is no date is refused with
how to write it, the same words in every form."""

import datetime

import pytest
from django import forms

from tests.guru.guru_forms import guru_forms

HOW_TO_WRITE_A_DATE = "Skriv datumet som ÅÅÅÅ-MM-DD."


@pytest.mark.django_db
def test_every_date_field_of_gurus_forms_says_how_to_write_a_date():
    # given every date field of Guru's own forms
    fields = {
        f"{cls.__module__}.{cls.__qualname__}.{name}": field
        for cls, form in guru_forms()
        for name, field in form.fields.items()
        if isinstance(field, forms.DateField)
    }
    told, taken = {}, {}
    for where, field in fields.items():
        # when a day is written in words, and then as the message says
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("15 maj")
        told[where] = refused.value.messages
        taken[where] = field.clean("2026-05-15")
    # then each says how to write it, and takes it written so
    assert told == {where: [HOW_TO_WRITE_A_DATE] for where in fields}
    assert set(taken.values()) == {datetime.date(2026, 5, 15)}
    # and the walk found the follow-up's, the meetings' and the others' fields
    assert {
        "guru.followup.forms.ActionForm.due_on",
        "guru.followup.forms.ClosesOnForm.closes_on",
        "guru.meetings.forms.DeliverableForm.due_date",
        "guru.changes.views.DateForm.datum",
    } <= set(fields)
