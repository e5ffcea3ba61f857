"""Local accounts: a forgotten password is reset through a link by e-mail, and a
logged-in user changes their own password."""

import re

from django.core import mail
from django.urls import reverse

from tests.html import dangling_references

OLD = "losenord-for-test"
NEW = "ett-nytt-langt-losenord-2026"
RESET = reverse("accounts:password_reset")


def _logs_in(client, username: str, password: str) -> bool:
    """A log-in through the form (django-axes needs the request)."""
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    client.logout()
    return response.status_code == 302


def _link_from(message) -> str:
    return re.search(r"http://testserver(/konto/aterstall/\S+/)", message.body)[1]


def test_the_login_page_offers_a_reset_and_the_profile_a_change(client, caseworker):
    assert "Glömt lösenordet?" in client.get(reverse("accounts:login")).text
    client.force_login(caseworker)
    assert "Byt lösenord" in client.get(reverse("accounts:profile")).text


def test_a_forgotten_password_is_reset_through_the_link_in_the_mail(client, caseworker):
    # given someone who is not logged in asks for a link
    response = client.post(RESET, {"email": caseworker.email}, follow=True)

    assert "Kolla din e-post" in response.text
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == "Nytt lösenord till Guru"
    assert "för kontot handlaggare" in message.body
    assert "Länken gäller i ett dygn" in message.body

    # when they follow the link and choose a new password
    form = client.get(_link_from(message), follow=True)
    assert "Välj nytt lösenord" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    # then the new password logs in, the old one does not, and the link is spent
    assert "Lösenordet är sparat" in done.text
    assert _logs_in(client, "handlaggare", NEW)
    assert not _logs_in(client, "handlaggare", OLD)
    assert "Länken fungerar inte" in client.get(_link_from(message), follow=True).text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, caseworker):
    response = client.post(RESET, {"email": "ingen@guru.example.se"}, follow=True)

    assert "Kolla din e-post" in response.text
    assert mail.outbox == []


def test_two_different_new_passwords_are_refused_with_the_reason(client, caseworker):
    client.post(RESET, {"email": caseworker.email})
    form = client.get(_link_from(mail.outbox[0]), follow=True)

    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW + "x"},
    )

    assert response.status_code == 200
    assert "De två lösenordsfälten stämmer inte överens." in response.text
    assert dangling_references(response.text) == []
    caseworker.refresh_from_db()
    assert caseworker.check_password(OLD)


def test_a_logged_in_user_changes_the_password_and_stays_logged_in(client, caseworker):
    client.force_login(caseworker)
    change = reverse("accounts:password_change")

    wrong = client.post(
        change,
        {"old_password": "fel", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Ditt gamla lösenord var felaktigt ifyllt." in wrong.text
    assert dangling_references(wrong.text) == []

    short = client.post(
        change,
        {"old_password": OLD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert "minst 12 tecken" in short.text

    done = client.post(
        change,
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Lösenordet är bytt" in done.text
    assert client.get(reverse("accounts:profile")).status_code == 200  # still in
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW)
