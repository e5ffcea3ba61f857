"""A line break typed in a box is one character, as the browser's ``maxlength``
counts it, although a form sends it as CR LF; what is stored has LF only."""

import pytest
from django import forms

from guru.assistant.forms import ReplyForm
from guru.followup.forms import CommentForm as ProposalCommentForm
from guru.forms import TypedTextField
from guru.meetings.forms import MinutesForm, NewsForm
from tests.guru.guru_forms import guru_forms

# The handbook's synpunkter: tests/guru/feedback/test_comments.py, where the
# service counts the length.


def typed(length: int) -> str:
    """Paragraphs of ``length`` characters in all, a line break counted as one."""
    paragraphs = 4
    lines = ["x" * ((length - paragraphs + 1) // paragraphs)] * paragraphs
    lines[-1] += "x" * (length - len("\n".join(lines)))
    text = "\n".join(lines)
    assert len(text) == length and text.count("\n") == paragraphs - 1
    return text


def sent(text: str) -> str:
    """``text`` as a browser sends it in a form: each line break as CR LF."""
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("form_class", "field", "length", "data"),
    [
        (ReplyForm, "text", 1000, {}),  # Doris (assistant)
        (ProposalCommentForm, "text", 2000, {}),  # the follow-up's remissrunda
        (MinutesForm, "text", 3000, {}),  # meetings, a decision
        (NewsForm, "lead", 800, {"title": "Nytt från LG"}),  # meetings, a ModelForm
    ],
)
@pytest.mark.django_db
def test_text_typed_to_the_limit_with_line_breaks_is_taken_with_lf_only(
    form_class, field, length, data
):
    text = typed(length)
    form = form_class({**data, field: sent(text)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == text


@pytest.mark.django_db
def test_every_text_box_of_gurus_forms_takes_cr_lf_as_one_line_break():
    boxes, forgotten = [], []
    for cls, form in guru_forms():
        for name, field in form.fields.items():
            # a box, or a hidden copy of what a box held (a browser sends its
            # line breaks as CR LF too)
            hidden_text = isinstance(field.widget, forms.HiddenInput) and (
                type(field) is forms.CharField or isinstance(field, TypedTextField)
            )
            if not (isinstance(field.widget, forms.Textarea) or hidden_text):
                continue
            where = f"{cls.__module__}.{cls.__qualname__}.{name}"
            boxes.append(where)
            if field.clean("Första raden\r\nAndra raden") != (
                "Första raden\nAndra raden"
            ):
                forgotten.append(where)
    assert forgotten == []
    # the walk found the boxes: synpunkter, meetings, follow-up, Doris
    assert {
        "guru.feedback.forms.CommentForm.body",
        "guru.meetings.forms.PlanForm.purpose",
        "guru.followup.forms.ProposalForm.motivation",
        "guru.assistant.forms.ReplyForm.text",
        "guru.followup.forms.ConclusionForm.loaded",
    } <= set(boxes)
