"""The publishing workflow through Wagtail's real admin views.

A Redaktör cannot publish directly; they submit a change, another Redaktör
approves it, and only then is it live. Nobody approves their own change.
"""

import pytest
from django.urls import reverse
from wagtail.models import Comment, CommentReply, TaskState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from guru.handbook.models import GuidancePage


def submit_change(client, page, *, title: str, action: str = "action-submit"):
    """Open the page editor, change the title and press the given button.

    The StreamField editor is built by JavaScript, so its inputs are not in the
    HTML; they are filled from the page's current sections instead.
    """
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = querydict_from_html(
        client.get(edit_url).content.decode(), form_id="page-edit-form"
    )
    page = GuidancePage.objects.get(pk=page.pk)
    body = streamfield(
        [
            (
                "section",
                {
                    "heading": b.value["heading"],
                    "anchor": b.value["anchor"],
                    "body": rich_text(b.value["body"].source),
                },
            )
            for b in page.body
        ]
    )
    for index, block in enumerate(page.body):
        body[str(index)]["id"] = block.id  # as the editor keeps them
    form.update(nested_form_data({"body": body}))
    form["title"] = title
    form[action] = "1"
    return client.post(edit_url, form)


def workflow_action(client, page, state, action: str, data: dict):
    """Press a workflow button (approve, reject) on the page's current task."""
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]),
        data,
    )


def sent_back(client, page, editor, reviewer, *, comment: str) -> TaskState:
    """``editor`` submits a change of ``page``; ``reviewer`` asks for changes."""
    client.force_login(editor)
    submit_change(client, page, title=f"{page.title} – ändrad")
    state = current_task_state(page)
    client.force_login(reviewer)
    workflow_action(client, page, state, "reject", {"comment": comment})
    return state


def current_task_state(page) -> TaskState:
    page.refresh_from_db()
    return page.current_workflow_task_state


def test_editor_has_no_publish_button_but_can_submit_for_review(
    client, handbook, editor
):
    # given
    page = handbook["komplettering"]
    client.force_login(editor)

    # when
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    response = submit_change(client, page, title="Komplettering – ny version")

    # then
    assert 'name="action-publish"' not in html
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Komplettering av ansökan", "live page is unchanged"
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_editor_cannot_publish_by_posting_the_publish_button_anyway(
    client, handbook, editor
):
    page = handbook["komplettering"]
    client.force_login(editor)
    submit_change(
        client,
        page,
        title="Försök att hoppa över granskningen",
        action="action-publish",
    )
    page.refresh_from_db()
    assert page.title == "Komplettering av ansökan"


def test_submitter_cannot_approve_their_own_change(client, handbook, editor):
    # given a change submitted by the editor
    page = handbook["komplettering"]
    client.force_login(editor)
    submit_change(client, page, title="Komplettering – egen ändring")
    state = current_task_state(page)

    # when they try to approve it themselves
    workflow_action(client, page, state, "approve", {"comment": ""})

    # then it is still waiting, and the change is not live
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.title == "Komplettering av ansökan"


def test_another_editor_approves_and_the_change_is_published(
    client, handbook, editor, second_editor
):
    # given a change submitted by one editor
    page = handbook["komplettering"]
    client.force_login(editor)
    submit_change(client, page, title="Komplettering av ansökan (reviderad)")
    state = current_task_state(page)

    # when a second editor approves it
    client.force_login(second_editor)
    response = workflow_action(
        client, page, state, "approve", {"comment": "Granskad, ser bra ut."}
    )

    # then the change is live and the approval is on record
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "Komplettering av ansökan (reviderad)"
    assert page.live_revision.user == editor
    state.refresh_from_db()
    assert (
        state.status == TaskState.STATUS_APPROVED and state.finished_by == second_editor
    )


def test_personnummer_in_what_editors_write_in_the_admin_is_masked(
    client, handbook, editor, second_editor
):
    # given a change the reviewer sends back naming someone by personnummer,
    # and an inline comment and its reply that do the same
    page = handbook["komplettering"]
    state = sent_back(
        client,
        page,
        editor,
        second_editor,
        comment="Se ärendet för 19850101-2382 innan du ändrar.",
    )
    comment = Comment.objects.create(
        page=page,
        user=second_editor,
        text="Gäller 19850101-2382",
        contentpath="title",
        revision_created=page.latest_revision,
    )
    reply = CommentReply.objects.create(
        comment=comment, user=editor, text="Ja, 198501012382 har ringt."
    )

    # then none of them keeps the number
    state.refresh_from_db()
    assert state.comment == "Se ärendet för [personnummer] innan du ändrar."
    assert Comment.objects.get(pk=comment.pk).text == "Gäller [personnummer]"
    assert CommentReply.objects.get(pk=reply.pk).text == "Ja, [personnummer] har ringt."


def test_reviewer_can_request_changes_and_nothing_is_published(
    client, handbook, editor, second_editor
):
    page = handbook["komplettering"]
    state = sent_back(
        client,
        page,
        editor,
        second_editor,
        comment="Tidsfristen stämmer inte med förvaltningslagen.",
    )

    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    page.refresh_from_db()
    assert page.title == "Komplettering av ansökan"


def test_revisions_can_be_compared_and_an_old_one_restored(
    client, handbook, editor, second_editor
):
    # given two published versions
    page = handbook["komplettering"]
    first = page.live_revision
    client.force_login(editor)
    submit_change(client, page, title="Komplettering – andra versionen")
    client.force_login(second_editor)
    state = current_task_state(page)
    workflow_action(client, page, state, "approve", {"comment": ""})
    page.refresh_from_db()
    second = page.live_revision

    # when an editor compares them and opens the old one to restore it
    client.force_login(editor)
    compare = client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk]
        )
    )
    revert = client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    )

    # then the diff marks what was removed and added, and the editor form is
    # prefilled with the old version
    diff = compare.content.decode()
    assert '<span class="deletion">av ansökan</span>' in diff
    assert '<span class="addition">– andra versionen</span>' in diff
    assert revert.status_code == 200
    assert 'value="Komplettering av ansökan"' in revert.content.decode()


def test_section_without_anchor_gets_one_from_its_heading(handbook):
    page = GuidancePage.objects.get(slug="beslutsmotivering")
    page.body = [
        {
            "type": "section",
            "value": {
                "heading": "Krav på motivering",
                "anchor": "krav-pa-motivering",
                "body": "<p>a</p>",
            },
        },
        {
            "type": "section",
            "value": {
                "heading": "Överklagande & rättelse",
                "anchor": "",
                "body": "<p>b</p>",
            },
        },
        {
            "type": "section",
            "value": {
                "heading": "Krav på motivering",
                "anchor": "",
                "body": "<p>c</p>",
            },
        },
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    assert [s["anchor"] for s in page.sections] == [
        "krav-pa-motivering",
        "overklagande-rattelse",
        "krav-pa-motivering-2",
    ]


def test_two_sections_with_the_same_anchor_are_refused(handbook):
    from django.core.exceptions import ValidationError

    page = GuidancePage.objects.get(slug="beslutsmotivering")
    page.body = [
        {
            "type": "section",
            "value": {"heading": "A", "anchor": "samma", "body": "<p>a</p>"},
        },
        {
            "type": "section",
            "value": {"heading": "B", "anchor": "samma", "body": "<p>b</p>"},
        },
    ]
    with pytest.raises(ValidationError, match="samma"):
        page.full_clean()


def test_the_migration_masks_editor_comments_stored_before(
    handbook, editor, second_editor
):
    import importlib

    from django.apps import apps

    # given comments stored as typed
    page = handbook["komplettering"]
    comment = Comment.objects.create(
        page=page,
        user=second_editor,
        text="x",
        contentpath="title",
        revision_created=page.latest_revision,
    )
    Comment.objects.filter(pk=comment.pk).update(text="Gäller 19850101-2382")

    # when the data migration runs
    importlib.import_module(
        "guru.handbook.migrations.0003_mask_personnummer_in_editor_comments"
    ).mask_stored_personnummer(apps, None)

    # then
    assert Comment.objects.get(pk=comment.pk).text == "Gäller [personnummer]"
