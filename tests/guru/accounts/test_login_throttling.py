"""Repeated failed log-ins lock that username from that address for a while
(django-axes), with a Swedish page that says what to do."""

import datetime

from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from guru.accounts.client_ip import client_ip

LOGIN = reverse("accounts:login")
RIGHT = "losenord-for-test"


def _log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_username_even_for_the_right_password(
    client, caseworker, editor
):
    for _ in range(4):
        assert _log_in(client, "handlaggare", "gissning").status_code == 200
    assert _log_in(client, "handlaggare", "gissning").status_code == 429  # fifth

    locked = _log_in(client, "handlaggare", RIGHT)

    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.text
    assert "Försök igen om 15 minuter." in locked.text
    assert reverse("accounts:password_reset") in locked.text
    assert "_auth_user_id" not in client.session
    # a colleague at the same computer still logs in
    assert _log_in(client, "redaktor", RIGHT).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, caseworker):
    for _ in range(5):
        _log_in(client, "handlaggare", "gissning")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )

    assert _log_in(client, "handlaggare", RIGHT).status_code == 302


def test_a_successful_log_in_clears_earlier_failures(client, caseworker):
    for _ in range(4):
        _log_in(client, "handlaggare", "gissning")
    assert _log_in(client, "handlaggare", RIGHT).status_code == 302
    client.logout()

    for _ in range(4):
        _log_in(client, "handlaggare", "gissning")

    assert _log_in(client, "handlaggare", RIGHT).status_code == 302


def test_a_failure_is_stored_without_the_password(client, caseworker):
    _log_in(client, "handlaggare", "hemligt-lösen-123")

    attempt = AccessAttempt.objects.get()
    assert attempt.username == "handlaggare"
    assert "hemligt-lösen-123" not in attempt.post_data


@override_settings(GURU_TRUSTED_PROXIES=0)
def test_without_a_trusted_proxy_forwarded_addresses_are_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert client_ip(request) == "10.0.0.5"


@override_settings(GURU_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_sent():
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="10.0.0.1",  # the proxy
        HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.44",  # forged, then real
    )

    assert client_ip(request) == "192.0.2.44"


@override_settings(GURU_TRUSTED_PROXIES=2)
def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.44"
    )

    assert client_ip(request) == "10.0.0.1"
