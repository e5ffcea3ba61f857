"""The editors' side: statuses, replies, notifications, moderation, lists."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Revision

from guru.feedback import selectors, services
from guru.feedback.models import (
    Comment,
    CommentEvent,
    CommentStatus,
    Notification,
    Visibility,
)
from tests.html import dangling_references, duplicate_ids


@pytest.fixture
def comment(page, caseworker):
    return services.comment_create(
        page=page, author=caseworker, body="Exemplet i avsnittet är inaktuellt."
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_rejecting_needs_a_motivation(comment, editor):
    with pytest.raises(ValidationError) as error:
        services.comment_set_status(
            comment=comment, user=editor, status=CommentStatus.REJECTED
        )
    assert "motivering" in str(error.value)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEW


def test_resolving_needs_a_revision_of_the_same_page(comment, editor, handbook):
    other = handbook["beslutsmotivering"].live_revision
    with pytest.raises(ValidationError):
        services.comment_set_status(
            comment=comment, user=editor, status=CommentStatus.RESOLVED
        )
    with pytest.raises(ValidationError) as error:
        services.comment_set_status(
            comment=comment, user=editor, status=CommentStatus.RESOLVED, revision=other
        )
    assert "annan sida" in str(error.value)


def test_resolving_links_revision_and_notifies_commenter_in_guru_and_by_email(
    comment, editor, page, caseworker, django_capture_on_commit_callbacks
):
    # given a comment under handling
    services.comment_set_status(
        comment=comment, user=editor, status=CommentStatus.IN_PROGRESS
    )
    assert not Notification.objects.exists(), "no notice for Under behandling"

    # when the editor marks it Åtgärdad with the revision that fixed the page
    revision = page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_set_status(
            comment=comment,
            user=editor,
            status=CommentStatus.RESOLVED,
            revision=revision,
        )

    # then status, revision and trail are stored, and the commenter is told
    comment.refresh_from_db()
    assert comment.status == CommentStatus.RESOLVED
    assert comment.resolved_revision == revision
    assert list(
        comment.events.filter(action=CommentEvent.Action.STATUS).values_list(
            "from_status", "to_status"
        )
    ) == [("new", "in_progress"), ("in_progress", "resolved")]
    notice = Notification.objects.get(user=caseworker)
    assert "åtgärdad" in notice.message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [caseworker.email]
    assert "Komplettering av ansökan" in mail.outbox[0].body


def test_reply_is_threaded_under_the_comment_and_notifies(
    comment, editor, page, reader, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(
            comment=comment, user=editor, body="Tack, vi ser över exemplet."
        )

    html = reader.get(page.url).content.decode()
    assert html.index("Exemplet i avsnittet") < html.index("Tack, vi ser över")
    assert 'class="reply-list"' in html
    assert Notification.objects.filter(user=caseworker, comment=comment).exists()
    assert "Tack, vi ser över exemplet." in mail.outbox[0].body
    # and the unread notice shows in the header until "Mina synpunkter" is opened
    assert "olästa" in html
    reader.get(reverse("feedback:mine"))
    assert "olästa" not in reader.get(page.url).content.decode()


def test_hidden_comment_is_kept_with_who_and_why(comment, editor, reader, page):
    services.comment_hide(
        comment=comment, user=editor, reason="Innehöll uppgifter om en sökande."
    )

    comment.refresh_from_db()
    assert comment.visibility == Visibility.HIDDEN
    event = comment.events.get(action=CommentEvent.Action.HIDDEN)
    assert event.actor == editor and "sökande" in event.note
    assert "Exemplet i avsnittet" not in reader.get(page.url).content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_bulk_status_change_is_all_or_nothing(page, caseworker, editor):
    comments = [
        services.comment_create(page=page, author=caseworker, body=f"Punkt {i}")
        for i in range(3)
    ]
    ids = [c.pk for c in comments]

    with pytest.raises(ValidationError):
        services.comments_bulk_set_status(
            comments=Comment.objects.filter(pk__in=ids),
            user=editor,
            status=CommentStatus.REJECTED,
        )
    assert set(Comment.objects.values_list("status", flat=True)) == {"new"}

    count = services.comments_bulk_set_status(
        comments=Comment.objects.filter(pk__in=ids),
        user=editor,
        status=CommentStatus.RESOLVED,
    )
    assert count == 3
    assert {c.resolved_revision_id for c in Comment.objects.all()} == {
        page.live_revision_id
    }


def _two_comments(page, author) -> list[Comment]:
    return [
        services.comment_create(page=page, author=author, body=text)
        for text in ("Ett", "Två")
    ]


def test_inbox_bulk_form_changes_status_of_ticked_comments(
    editor_client, page, caseworker
):
    first, second = _two_comments(page, caseworker)
    response = editor_client.post(
        reverse("feedback_inbox"),
        {"comment": [first.pk], "status": "in_progress", "reason": "", "query": ""},
    )
    assert response.status_code == 302
    shown = editor_client.get(response.url).content.decode()
    assert "1 synpunkt fick status" in shown
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("in_progress", "new")


def test_inbox_filters_by_status_area_and_section(
    editor_client, handbook, open_period, caseworker, editor
):
    page, other = handbook["komplettering"], handbook["beslutsmotivering"]
    on_section = services.comment_create(
        page=page, author=caseworker, body="Om fristen", section_anchor="tidsfrist"
    )
    services.comment_create(page=page, author=caseworker, body="Om hela sidan")
    services.comment_create(page=other, author=caseworker, body="Om beslut")
    services.comment_set_status(
        comment=on_section, user=editor, status=CommentStatus.IN_PROGRESS
    )
    area = page.get_parent()

    def listed(**query):
        html = editor_client.get(reverse("feedback_inbox"), query).content.decode()
        return {t for t in ("Om fristen", "Om hela sidan", "Om beslut") if t in html}

    assert listed() == {"Om fristen", "Om hela sidan", "Om beslut"}
    assert listed(status="in_progress") == {"Om fristen"}
    assert listed(area=area.pk) == {"Om fristen", "Om hela sidan"}
    assert listed(section="frist") == {"Om fristen"}
    assert listed(section="-") == {"Om hela sidan", "Om beslut"}
    # the fixture makes "redaktor" page owner of Komplettering only
    assert listed(mine="on") == {"Om fristen", "Om hela sidan"}
    assert listed(owner_person=other.owner_person_id) == {"Om beslut"}
    assert listed(date_from="2000-01-01", date_to="2000-12-31") == set()


def test_a_refused_filter_is_told_and_the_other_filters_still_apply(
    editor_client, handbook, open_period, caseworker
):
    page, other = handbook["komplettering"], handbook["beslutsmotivering"]
    services.comment_create(page=page, author=caseworker, body="Om fristen")
    services.comment_create(page=other, author=caseworker, body="Om beslut")

    # a bookmarked address whose date no longer parses, filtering on one area
    query = {"area": page.get_parent().pk, "date_from": "2026-13-45"}
    html = editor_client.get(reverse("feedback_inbox"), query).content.decode()

    assert "Om fristen" in html
    assert "Om beslut" not in html
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in html
    assert 'value="2026-13-45"' in html
    # and the export with the same filters holds the same comments
    export = editor_client.get(
        reverse("feedback_export"), {**query, "format": "csv", "kind": "comments"}
    ).content.decode("utf-8-sig")
    assert "Om fristen" in export
    assert "Om beslut" not in export


def test_comment_detail_sets_status_with_revision_and_requires_reason_to_reject(
    editor_client, comment, page, editor
):
    url = reverse("feedback_comment", args=[comment.pk])
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url, {"action": "status", "status": "rejected", "reason": ""}
    )
    assert "Skriv en motivering" in response.content.decode()

    revision = page.live_revision
    response = editor_client.post(
        url, {"action": "status", "status": "resolved", "revision": revision.pk}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_revision == revision


def test_versions_to_choose_are_named_by_swedish_time(editor_client, comment, page):
    # given a revision saved at 15:53 UTC, which is 16:53 in Stockholm in winter
    revision = page.save_revision()
    revision.created_at = datetime.datetime(2026, 12, 6, 15, 53, tzinfo=datetime.UTC)
    revision.save(update_fields=["created_at"])

    html = editor_client.get(reverse("feedback_comment", args=[comment.pk])).text

    assert "2026-12-06 16:53:00 – " in html
    assert "2026-12-06 15:53" not in html


def test_two_versions_of_one_minute_are_told_apart_and_the_published_is_marked(
    editor_client, comment, page
):
    # given a draft saved in the same minute as the published version, after it
    live = page.live_revision
    draft = page.save_revision()
    minute = datetime.datetime(2026, 12, 6, 9, 4, tzinfo=datetime.UTC)
    Revision.objects.filter(pk=live.pk).update(created_at=minute.replace(second=5))
    Revision.objects.filter(pk=draft.pk).update(created_at=minute.replace(second=40))

    html = editor_client.get(reverse("feedback_comment", args=[comment.pk])).text

    assert f'<option value="{live.pk}">2026-12-06 10:04:05 – ' in html
    assert "(publicerad)</option>" in html.split(f'<option value="{live.pk}">')[1]
    option = html.split(f'<option value="{draft.pk}">')[1].split("</option>")[0]
    assert option.startswith("2026-12-06 10:04:40")
    assert "publicerad" not in option


def test_comment_history_names_statuses_in_swedish(editor_client, comment, editor):
    # given a comment that went from Ny to Avvisad
    services.comment_set_status(
        comment=comment, user=editor, status=CommentStatus.REJECTED, reason="Fel sida"
    )

    # when an editor opens it in the inbox
    html = editor_client.get(reverse("feedback_comment", args=[comment.pk])).text

    # then its history says so in words, not codes
    assert "Ny status: Ny → Avvisad" in html
    assert "new → rejected" not in html


def test_the_status_form_explains_which_version_to_choose(editor_client, comment):
    html = editor_client.get(reverse("feedback_comment", args=[comment.pk])).text
    assert (
        "För Åtgärdad väljer du den version av sidan som rättade det som "
        "synpunkten gällde." in html
    )


def test_each_label_in_the_inbox_and_on_a_comment_names_its_own_field(
    editor_client, comment
):
    # the inbox has a status filter and a bulk status; the comment's page has a
    # reason to set a status and a reason to hide it
    for url in (
        reverse("feedback_inbox"),
        reverse("feedback_comment", args=[comment.pk]),
    ):
        html = editor_client.get(url).content.decode()
        assert 'name="status"' in html and 'name="reason"' in html
        assert duplicate_ids(html) == [], url
        assert dangling_references(html) == [], url


def test_helpful_percentage_and_needs_review_order(
    handbook, open_period, caseworker, editor, second_editor
):
    page, other = handbook["komplettering"], handbook["beslutsmotivering"]
    services.vote_cast(page=page, user=caseworker, helpful=True)
    services.vote_cast(page=page, user=editor, helpful=True)
    services.vote_cast(page=page, user=second_editor, helpful=False, missing="Exempel")
    services.vote_cast(page=other, user=caseworker, helpful=False)
    services.vote_cast(page=other, user=editor, helpful=False)
    services.comment_create(page=other, author=caseworker, body="Oklart")

    stats = {p.slug: p for p in selectors.pages_with_feedback_stats(user=editor)}

    assert round(stats["komplettering"].helpful_percent) == 67
    assert stats["beslutsmotivering"].helpful_percent == 0
    assert stats["beslutsmotivering"].open_comments == 1
    assert [p.slug for p in selectors.pages_needing_review(user=editor)] == [
        "beslutsmotivering",
        "komplettering",
    ]


def test_editor_lists_render(editor_client, comment, caseworker, page):
    services.vote_cast(page=page, user=caseworker, helpful=False, missing="Mallar")
    for name in ("feedback_votes", "feedback_pages", "wagtailadmin_home"):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200, name
    assert "Mallar" in editor_client.get(reverse("feedback_votes")).content.decode()
    pages_html = editor_client.get(reverse("feedback_pages")).content.decode()
    assert "Komplettering av ansökan" in pages_html and "0 %" in pages_html


def test_page_explorer_shows_open_comments_and_helpful_percentage(
    editor_client, comment, page, caseworker
):
    services.vote_cast(page=page, user=caseworker, helpful=True)

    html = editor_client.get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    ).content.decode()

    assert "Öppna synpunkter: 1 · Till hjälp: 100 %" in html


def test_a_refused_bulk_change_keeps_the_ticked_comments_and_what_was_chosen(
    editor_client, page, caseworker
):
    first, second = _two_comments(page, caseworker)

    # Avvisad without a motivation
    response = editor_client.post(
        reverse("feedback_inbox") + "?sort=oldest",
        {"comment": [second.pk], "status": "rejected", "reason": " ", "query": ""},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Skriv en motivering när du avvisar en synpunkt." in html
    assert f'value="{second.pk}" checked' in html
    assert f'value="{first.pk}" checked' not in html
    assert '<option value="rejected" selected>' in html
    second.refresh_from_db()
    assert second.status == "new"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"action": "status", "status": "rejected", "reason": " "},
            "Skriv en motivering när du avvisar en synpunkt.",
        ),
        ({"action": "reply", "reply": ""}, "Skriv ett svar innan du skickar."),
        ({"action": "hide", "reason": ""}, "Skriv varför synpunkten döljs."),
    ],
    ids=["status", "reply", "hide"],
)
def test_a_refused_form_on_a_comment_answers_422_and_changes_nothing(
    editor_client, comment, data, message
):
    response = editor_client.post(reverse("feedback_comment", args=[comment.pk]), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.visibility) == ("new", "visible")
    assert not comment.replies.exists()
