"""Who may do what with comments: one row per capability, one column per role.

Each role gets a user holding only that role (plus "anonymous"); every capability
is tried the way a user meets it, through HTTP.
"""

import pytest
from django.urls import reverse
from wagtail.models import Site

from guru.accounts.roles import Role
from guru.feedback import services
from guru.feedback.models import Comment, HelpfulVote
from tests.factories import UserFactory

ANONYMOUS = "anonym"
EVERYONE = {*Role, ANONYMOUS}
EDITORS = {Role.REDAKTOR, Role.ADMINISTRATOR}

EXPECTED = {
    "read_comments": set(Role),
    "write_comment": set(Role),
    "vote": set(Role),
    "see_mina_synpunkter": set(Role),
    "open_inbox": EDITORS,
    "change_status": EDITORS,
    "reply": EDITORS,
    "hide_comment": EDITORS,
    "export": EDITORS,
    "open_or_close_a_page": EDITORS,
    "set_site_wide_period": EDITORS,
    "edit_someone_elses_comment": set(),
    "withdraw_someone_elses_comment": set(),
}


def read_comments(client, user, page, comment):
    response = client.get(page.url)
    return response.status_code == 200 and comment.body in response.content.decode()


def write_comment(client, user, page, comment):
    client.post(f"/synpunkter/sida/{page.pk}/skriv/", {"body": "Från matrisen"})
    return Comment.objects.filter(body="Från matrisen").exists()


def vote(client, user, page, comment):
    client.post(f"/synpunkter/sida/{page.pk}/rosta/", {"helpful": "ja"})
    return HelpfulVote.objects.filter(page=page).exists()


def see_mina_synpunkter(client, user, page, comment):
    return client.get(reverse("feedback:mine")).status_code == 200


def open_inbox(client, user, page, comment):
    response = client.get(reverse("feedback_inbox"))
    return response.status_code == 200 and comment.body in response.content.decode()


def change_status(client, user, page, comment):
    client.post(
        reverse("feedback_comment", args=[comment.pk]),
        {"action": "status", "status": "in_progress"},
    )
    comment.refresh_from_db()
    return comment.status == "in_progress"


def reply(client, user, page, comment):
    client.post(f"/synpunkter/{comment.pk}/svara/", {"reply": "Svar från matrisen"})
    return comment.replies.exists()


def hide_comment(client, user, page, comment):
    client.post(
        reverse("feedback_comment", args=[comment.pk]),
        {"action": "hide", "reason": "Test"},
    )
    comment.refresh_from_db()
    return comment.visibility == "hidden"


def export(client, user, page, comment):
    response = client.get(reverse("feedback_export"), {"format": "csv"})
    return response.status_code == 200 and comment.body in response.content.decode()


def open_or_close_a_page(client, user, page, comment):
    client.post(
        f"/synpunkter/sida/{page.pk}/lage/", {"mode": "closed", "target": "page"}
    )
    return page.comment_setting.mode == "closed" if _has_setting(page) else False


def _has_setting(page) -> bool:
    from guru.feedback.models import CommentSetting

    return CommentSetting.objects.filter(page=page).exists()


def set_site_wide_period(client, user, page, comment):
    site = Site.objects.get(is_default_site=True)
    url = reverse(
        "wagtailsettings:edit", args=["feedback", "commentperiodsetting", site.pk]
    )
    return client.get(url).status_code == 200


def edit_someone_elses_comment(client, user, page, comment):
    client.post(f"/synpunkter/{comment.pk}/andra/", {"body": "Kapad"})
    comment.refresh_from_db()
    return comment.body == "Kapad"


def withdraw_someone_elses_comment(client, user, page, comment):
    client.post(f"/synpunkter/{comment.pk}/dra-tillbaka/")
    comment.refresh_from_db()
    return comment.visibility == "withdrawn"


CHECKS = {name: globals()[name] for name in EXPECTED}


@pytest.mark.parametrize("capability", sorted(EXPECTED))
@pytest.mark.parametrize("role", sorted(EVERYONE, key=str))
def test_permission_matrix(client, page, caseworker, role, capability):
    # given someone else's fresh comment, and a user with exactly one role
    comment = services.comment_create(
        page=page, author=caseworker, body="Synpunkt i matrisen"
    )
    user = None
    if role != ANONYMOUS:
        user = UserFactory(username=f"matris-{Role(role).name.lower()}", roles=[role])
        client.force_login(user)

    # when they try the capability
    allowed = CHECKS[capability](client, user, page, comment)

    # then it is allowed exactly for the roles in the specification
    assert allowed == (role in EXPECTED[capability]), (
        f"{role} {'may' if allowed else 'may not'} {capability}"
    )


def test_author_may_edit_own_comment_but_an_editor_may_not(
    client, page, caseworker, editor
):
    comment = services.comment_create(page=page, author=caseworker, body="Original")
    client.force_login(editor)
    assert (
        client.post(f"/synpunkter/{comment.pk}/andra/", {"body": "X"}).status_code
        == 403
    )
    client.force_login(caseworker)
    client.post(f"/synpunkter/{comment.pk}/andra/", {"body": "Rättad"})
    comment.refresh_from_db()
    assert comment.body == "Rättad"
