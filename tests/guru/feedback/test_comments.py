"""Writing, editing and withdrawing comments, with the guards on bad input."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guru.feedback import services
from guru.feedback.models import (
    Comment,
    CommentEvent,
    HelpfulVote,
    Reply,
    Visibility,
)
from guru.privacy import PERSONNUMMER_MASK
from tests.factories import UserFactory
from tests.html import invalid_machine_dates

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(client, page, **data):
    return client.post(f"/synpunkter/sida/{page.pk}/skriv/", data, **HTMX)


def test_comment_is_shown_with_name_unit_date_and_section(reader, page, caseworker):
    response = _post(
        reader, page, body="Fristen borde stå **först**.", section_anchor="tidsfrist"
    )

    html = response.content.decode()
    comment = Comment.objects.get()
    assert comment.section_heading == "Tidsfrist för komplettering"
    assert caseworker.get_full_name() in html and "Juridiska enheten" in html
    assert timezone.localtime(comment.created_at).strftime("%Y-%m-%d") in html
    assert '<a href="#tidsfrist">Tidsfrist för komplettering</a>' in html
    assert "<strong>först</strong>" in html


def test_the_page_and_its_comment_give_valid_machine_readable_times(reader, page):
    _post(reader, page, body="Tack, nu hittar jag fristen.")

    # the comment and the page's "Senast ändrad" (and the start page's list)
    # are moments with a time of day, which HTML allows to the millisecond
    for url in (page.url, "/"):
        html = reader.get(url).content.decode()
        assert invalid_machine_dates(html) == [], url
        assert re.search(r'<time datetime="[^"]*T\d{2}:\d{2}:\d{2}[+-]\d{4}"', html)


def test_script_in_a_comment_is_shown_as_text_on_the_page(reader, page):
    _post(reader, page, body='<script>alert("x")</script> [a](javascript:alert(1))')

    html = reader.get(page.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_too_long_comment_gets_swedish_message_and_keeps_the_text(reader, page):
    text = "Lång synpunkt. " * 400  # 6 000 characters

    response = _post(reader, page, body=text)

    html = response.content.decode()
    assert "högst 5 000 tecken" in html
    assert text.strip() in html
    assert not Comment.objects.exists()


def test_empty_comment_gets_a_message(reader, page):
    html = _post(reader, page, body="   ").content.decode()
    assert "Skriv något innan du skickar." in html
    assert not Comment.objects.exists()


def test_without_htmx_a_rejected_comment_is_shown_again_on_its_own_page(reader, page):
    text = "x" * 5_001
    response = reader.post(f"/synpunkter/sida/{page.pk}/skriv/", {"body": text})
    assert response.status_code == 422
    assert text in response.content.decode()


def test_personnummer_is_warned_about_then_masked_when_sent_anyway(reader, page):
    # given a comment with an identity number in it
    text = "Sökande 19811218-9876 fick fel besked."

    # when it is first sent, the user is warned and nothing is stored
    html = _post(reader, page, body=text).content.decode()
    assert "ser ut att innehålla ett personnummer" in html
    assert "Skicka ändå" in html
    assert not Comment.objects.exists()

    # and when sent anyway, the number is masked in what is stored and shown
    html = _post(reader, page, body=text, confirm_personal_data="on").content.decode()
    stored = Comment.objects.get().body
    assert "19811218-9876" not in stored and PERSONNUMMER_MASK in stored
    assert "19811218-9876" not in html.split("ser ut att")[0]


def test_personnummer_with_an_en_dash_is_warned_about_and_masked(reader, page):
    # a word processor makes "850101-2382" into "850101–2382"
    text = "Sökande 850101\u20132382 fick fel besked."

    html = _post(reader, page, body=text).content.decode()
    assert "ser ut att innehålla ett personnummer" in html

    _post(reader, page, body=text, confirm_personal_data="on")
    assert Comment.objects.get().body == f"Sökande {PERSONNUMMER_MASK} fick fel besked."


def test_personnummer_added_in_an_edit_is_warned_about_as_when_writing(
    reader, page, caseworker
):
    # given a comment without an identity number
    comment = services.comment_create(page=page, author=caseworker, body="Fel frist")
    url = f"/synpunkter/{comment.pk}/andra/"
    text = "Fel frist för 850101-2382."

    # when an edit adds one, the author is warned and nothing is saved yet
    html = reader.post(url, {"body": text}, **HTMX).content.decode()
    assert "ser ut att innehålla ett personnummer" in html
    assert "Spara ändå" in html and text in html
    comment.refresh_from_db()
    assert comment.body == "Fel frist"

    # and when saved anyway, the number is stored masked
    reader.post(url, {"body": text, "confirm_personal_data": "on"}, **HTMX)
    comment.refresh_from_db()
    assert comment.body == f"Fel frist för {PERSONNUMMER_MASK}."


def test_rate_limit_stops_the_eleventh_comment_in_a_minute(
    reader, page, caseworker, settings
):
    # given ten comments in the last minute
    now = timezone.now()
    for i in range(10):
        services.comment_create(
            page=page,
            author=caseworker,
            body=f"Synpunkt {i}",
            now=now - datetime.timedelta(seconds=50 - i),
        )

    # when the user sends one more
    html = _post(reader, page, body="En till").content.decode()

    # then it is refused with a message, and the text is kept
    assert "Vänta en minut" in html
    assert "En till" in html
    assert Comment.objects.count() == 10


def test_rate_limit_stops_an_editors_eleventh_reply_with_a_message(
    client, page, caseworker, editor
):
    # given a comment and ten replies by the editor in the last minute
    comment = services.comment_create(page=page, author=caseworker, body="Fel frist.")
    now = timezone.now()
    for i in range(10):
        services.comment_reply(
            comment=comment,
            user=editor,
            body=f"Svar {i}",
            notify=False,
            now=now - datetime.timedelta(seconds=50 - i),
        )

    # when the editor sends one more reply
    client.force_login(editor)
    response = client.post(
        f"/synpunkter/{comment.pk}/svara/", {"reply": "Ett svar till"}, **HTMX
    )

    # then it is refused beside the reply, the text kept and nothing saved
    html = response.content.decode()
    assert "Vänta en minut" in html
    assert "Ett svar till" in html
    assert Reply.objects.filter(comment=comment).count() == 10


def test_rate_limit_lets_comments_through_again_after_a_minute(page, caseworker):
    earlier = timezone.now() - datetime.timedelta(seconds=61)
    for i in range(10):
        services.comment_create(
            page=page, author=caseworker, body=f"S {i}", now=earlier
        )
    services.comment_create(page=page, author=caseworker, body="Nu går det.")
    assert Comment.objects.count() == 11


def test_rate_limit_is_per_user(page, caseworker, editor):
    now = timezone.now()
    for i in range(10):
        services.comment_create(page=page, author=caseworker, body=f"S {i}", now=now)
    services.comment_create(page=page, author=editor, body="Annan person.", now=now)
    with pytest.raises(services.RateLimited):
        services.comment_create(page=page, author=caseworker, body="Elva", now=now)


def test_author_edits_within_15_minutes_and_old_text_is_kept_in_the_trail(
    reader, page, caseworker
):
    comment = services.comment_create(page=page, author=caseworker, body="Stavfell")

    response = reader.post(
        f"/synpunkter/{comment.pk}/andra/", {"body": "Stavfel rättat"}, **HTMX
    )

    assert "Stavfel rättat" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Stavfel rättat" and comment.edited_at
    assert comment.events.get(action=CommentEvent.Action.EDITED).note == "Stavfell"


def test_saving_a_comment_unchanged_does_not_mark_it_changed(reader, page, caseworker):
    comment = services.comment_create(page=page, author=caseworker, body="Stavfel")

    response = reader.post(
        f"/synpunkter/{comment.pk}/andra/", {"body": " Stavfel "}, **HTMX
    )

    assert response.status_code == 200
    assert "ändrad" not in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Stavfel" and comment.edited_at is None
    assert not comment.events.filter(action=CommentEvent.Action.EDITED).exists()


def test_author_cannot_edit_or_withdraw_after_15_minutes(page, caseworker):
    created = timezone.now() - datetime.timedelta(minutes=16)
    comment = services.comment_create(
        page=page, author=caseworker, body="Gammal", now=created
    )
    with pytest.raises(PermissionDenied):
        services.comment_update(comment=comment, user=caseworker, body="Ny")
    with pytest.raises(PermissionDenied):
        services.comment_withdraw(comment=comment, user=caseworker)


def test_saving_an_edit_after_15_minutes_says_so_and_keeps_the_typed_text(
    reader, page, caseworker
):
    # given a comment whose 15 minutes ran out while its author was editing it
    comment = services.comment_create(
        page=page,
        author=caseworker,
        body="Gammal text",
        now=timezone.now() - datetime.timedelta(minutes=16),
    )

    # when the edit is saved
    response = reader.post(
        f"/synpunkter/{comment.pk}/andra/", {"body": "Min nya, längre text"}, **HTMX
    )

    # then the form says why, in place, with what was typed still in it
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synpunkten kan inte längre ändras" in html
    assert "Min nya, längre text" in html
    comment.refresh_from_db()
    assert comment.body == "Gammal text" and comment.edited_at is None


def test_withdrawing_after_15_minutes_says_so_in_place(reader, page, caseworker):
    comment = services.comment_create(
        page=page,
        author=caseworker,
        body="Står kvar",
        now=timezone.now() - datetime.timedelta(minutes=16),
    )

    response = reader.post(f"/synpunkter/{comment.pk}/dra-tillbaka/", **HTMX)

    assert response.status_code == 200
    assert "Synpunkten kan inte längre dras tillbaka" in response.content.decode()
    comment.refresh_from_db()
    assert comment.visibility == Visibility.VISIBLE


def test_someone_elses_comment_cannot_be_edited_or_withdrawn(client, page, editor):
    comment = services.comment_create(page=page, author=editor, body="Min")
    client.force_login(UserFactory(username="annan"))

    edited = client.post(f"/synpunkter/{comment.pk}/andra/", {"body": "Din"}, **HTMX)
    withdrawn = client.post(f"/synpunkter/{comment.pk}/dra-tillbaka/", **HTMX)

    assert edited.status_code == 403 and withdrawn.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Min" and comment.visibility == Visibility.VISIBLE


def test_withdrawn_comment_is_hidden_from_readers_but_kept_with_audit_trail(
    reader, page, caseworker
):
    comment = services.comment_create(page=page, author=caseworker, body="Ångrar mig")

    reader.post(f"/synpunkter/{comment.pk}/dra-tillbaka/", **HTMX)

    comment.refresh_from_db()
    assert comment.visibility == Visibility.WITHDRAWN
    assert comment.events.filter(
        action=CommentEvent.Action.WITHDRAWN, actor=caseworker
    ).exists()
    assert "Ångrar mig" not in reader.get(page.url).content.decode()


def test_unknown_section_is_refused(page, caseworker):
    with pytest.raises(ValidationError):
        services.comment_create(
            page=page, author=caseworker, body="Hm", section_anchor="finns-inte"
        )


def test_mina_synpunkter_lists_own_comments_with_status(reader, page, caseworker):
    services.comment_create(page=page, author=caseworker, body="Min egen synpunkt")
    html = reader.get("/synpunkter/mina/").content.decode()
    assert "Min egen synpunkt" in html and "Komplettering av ansökan" in html
    assert ">Ny<" in html


def test_preview_of_an_unsaved_page_renders_without_a_comment_section(rf, editor):
    from django.template import Context, Template

    from guru.handbook.models import GuidancePage

    request = rf.get("/")
    request.user = editor
    html = Template("{% load feedback_tags %}{% feedback_section page %}").render(
        Context({"page": GuidancePage(title="Ny sida"), "request": request})
    )
    assert html.strip() == ""


def test_page_with_many_comments_and_replies_renders_in_constant_queries(
    reader, page, caseworker, editor
):
    def queries_for(count: int) -> int:
        for i in range(count):
            comment = Comment.objects.create(page=page, author=caseworker, body=f"S{i}")
            Reply.objects.create(comment=comment, author=editor, body=f"Svar {i}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert reader.get(page.url).status_code == 200
        return len(captured)

    reader.get(page.url)  # warm Wagtail's per-request site cache
    few = queries_for(2)
    many = queries_for(20)
    assert many == few


def test_only_guidance_pages_take_comments_and_votes(reader, page):
    # given the site's root, the start page and a process area
    from wagtail.models import Page

    others = [Page.get_first_root_node(), *page.get_ancestors().filter(depth__gt=1)]
    assert len(others) == 3

    for other in others:
        # when a comment or a vote is posted to them, they are not found
        assert _post(reader, other, body="Fel ställe").status_code == 404
        voted = reader.post(f"/synpunkter/sida/{other.pk}/rosta/", {"helpful": "ja"})
        assert voted.status_code == 404
        assert reader.get(f"/synpunkter/sida/{other.pk}/").status_code == 404

    # then nothing is stored
    assert not Comment.objects.exists()
    assert not HelpfulVote.objects.exists()


def test_a_comment_of_5000_characters_with_line_breaks_is_taken(reader, page):
    # 5 000 characters as the reader typed them, a line break counted as one;
    # the form sends each line break as CR LF
    text = "\n".join(["Stycke. " * 156] * 4)
    text += "x" * (5000 - len(text))

    response = _post(reader, page, body=text.replace("\n", "\r\n"))

    assert response.status_code == 200
    assert Comment.objects.get().body == text
