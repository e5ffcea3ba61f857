"""'Var sidan till hjälp?': one vote per person and page, changeable."""

from guru.feedback.models import HelpfulVote

HTMX = {"HTTP_HX_REQUEST": "true"}


def _vote(client, page, **data):
    return client.post(f"/synpunkter/sida/{page.pk}/rosta/", data, **HTMX)


def test_no_vote_asks_what_was_missing_and_stores_the_answer(reader, page, caseworker):
    html = _vote(reader, page, helpful="nej").content.decode()
    assert "Vad saknades?" in html

    _vote(reader, page, helpful="nej", missing="Ett exempel på ett beslut.")

    vote = HelpfulVote.objects.get(page=page, user=caseworker)
    assert vote.helpful is False and vote.missing == "Ett exempel på ett beslut."


def test_a_person_has_one_vote_per_page_and_can_change_it(reader, page, caseworker):
    _vote(reader, page, helpful="nej", missing="Mer om fristen")
    html = _vote(reader, page, helpful="ja").content.decode()

    vote = HelpfulVote.objects.get(page=page, user=caseworker)
    assert HelpfulVote.objects.count() == 1
    assert vote.helpful is True and vote.missing == ""
    assert "Du svarade Ja" in html


def test_too_long_missing_text_is_refused_with_message_and_kept(reader, page):
    text = "saknas " * 800
    html = _vote(reader, page, helpful="nej", missing=text).content.decode()
    assert "högst 5 000 tecken" in html
    assert text.strip() in html


def test_vote_without_an_answer_is_refused_in_swedish_and_saves_nothing(reader, page):
    # given a crafted post with neither Ja nor Nej, but a typed text
    data = {"missing": "Ett exempel saknas"}

    # when it is sent with htmx and as a plain form
    swapped = _vote(reader, page, **data).content.decode()
    plain = reader.post(f"/synpunkter/sida/{page.pk}/rosta/", data)

    # then both say what to do, keep the text, thank nobody and save no vote
    for html in (swapped, plain.content.decode()):
        assert "Välj Ja eller Nej." in html
        assert "Tack för ditt svar!" not in html
        assert "Ett exempel saknas" in html
    assert plain.status_code == 200
    assert not HelpfulVote.objects.exists()


def test_personnummer_in_missing_text_is_masked(reader, page, caseworker):
    _vote(reader, page, helpful="nej", missing="Gäller 811218-9876")
    assert "811218-9876" not in HelpfulVote.objects.get().missing


def test_editor_marks_no_votes_handled_and_the_page_drops_in_needs_review(
    client, page, caseworker, editor
):
    from django.urls import reverse

    from guru.feedback import selectors, services

    # given a Nej-vote that puts the page on the "behöver ses över" list
    vote = services.vote_cast(page=page, user=caseworker, helpful=False, missing="X")
    assert [p.pk for p in selectors.pages_needing_review(user=editor)] == [page.pk]

    # when an editor ticks it as handled in the vote list
    client.force_login(editor)
    response = client.post(
        reverse("feedback_votes"), {"vote": [vote.pk], "query": ""}, follow=True
    )
    assert "1 nej-röst markerades som hanterad." in response.content.decode()

    # then it is handled by them, listed as such, and no longer raises the page
    vote.refresh_from_db()
    assert vote.handled_by == editor and vote.handled_at
    assert list(selectors.pages_needing_review(user=editor)) == []
    unhandled = client.get(reverse("feedback_votes"), {"handled": "no"})
    assert "Inga nej-röster matchar filtren." in unhandled.content.decode()

    # and a new Nej from the same person is news again
    services.vote_cast(page=page, user=caseworker, helpful=False, missing="Y")
    vote.refresh_from_db()
    assert vote.handled_at is None


def test_caseworker_cannot_mark_votes_handled(client, page, caseworker):
    from django.urls import reverse

    from guru.feedback import services

    vote = services.vote_cast(page=page, user=caseworker, helpful=False)
    client.force_login(caseworker)
    client.post(reverse("feedback_votes"), {"vote": [vote.pk]})
    vote.refresh_from_db()
    assert vote.handled_at is None


def test_marking_with_no_vote_ticked_is_refused_in_swedish(client, page, editor):
    from django.urls import reverse

    client.force_login(editor)
    response = client.post(reverse("feedback_votes"), {"query": ""})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Markera minst en nej-röst." in html
    assert "markerades som hanterad" not in html
