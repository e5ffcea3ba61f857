"""Guru's e-mail outbox (django-mailer): a request only queues its e-mails, the
scheduled `send_mail` sends them, and a failed delivery waits for `retry_deferred`.

The suite sends directly (locmem); these tests turn the queue on as production has it.
"""

import datetime
import email
import email.policy
import socketserver
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog

from guru.followup.models import ConsultationRound

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = override_settings(
    EMAIL_BACKEND="mailer.backend.DbBackend",
    MAILER_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)


def _round_open(client, controller, title="Vårens remiss") -> datetime.date:
    """The controller opens a round from the rounds page; return its closing day."""
    client.force_login(controller)
    closes_on = datetime.date.today() + datetime.timedelta(days=14)  # noqa: DTZ011
    response = client.post(
        reverse("followup:rounds"),
        {"title": title, "closes_on": closes_on.isoformat()},
    )
    assert response.status_code == 302
    return closes_on


def _employees_told(organisation) -> set[str]:
    """Who the round's e-mail is for: every active employee but its opener."""
    return {user.email for name, user in organisation.items() if name != "controller"}


@QUEUED
def test_a_round_opened_in_a_request_is_queued_and_sent_by_the_scheduled_job(
    organisation, client
):
    # when the controller opens a round for everyone
    closes_on = _round_open(client, organisation["controller"])

    # then the request sent nothing: one e-mail per employee waits in the queue
    expected = _employees_told(organisation)
    assert len(expected) > 5
    assert mail.outbox == []
    assert sorted(m.to_addresses[0] for m in Message.objects.all()) == sorted(expected)

    round_url = (
        settings.WAGTAILADMIN_BASE_URL
        + ConsultationRound.objects.get().get_absolute_url()
    )

    # and the scheduled job sends them all, each to one person, and empties the queue
    call_command("send_mail")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    assert all(len(message.to) == 1 for message in mail.outbox)
    for message in mail.outbox:
        assert message.subject == "Remissrunda om nyckeltal: Vårens remiss"
        assert closes_on.isoformat() in message.body
        assert round_url in message.body
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert not Message.objects.exists()

    # a second run sends nothing more
    call_command("send_mail")
    assert len(mail.outbox) == len(expected)


class _Relay(socketserver.ThreadingTCPServer):
    """A tiny real SMTP server on 127.0.0.1, bound at once but listening only when
    started: until then a connection to its port is refused, as a relay that is
    down refuses it."""

    daemon_threads = True

    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []
        self.started = False
        super().__init__(("127.0.0.1", 0), _SMTPSession, bind_and_activate=False)
        self.server_bind()
        self.port = self.server_address[1]

    def start(self) -> None:
        self.server_activate()
        self.started = True
        threading.Thread(target=self.serve_forever, daemon=True).start()


class _SMTPSession(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        recipients: list[str] = []
        self.wfile.write(b"220 relay.test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.decode("ascii").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
            if verb == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = []
                while (part := self.rfile.readline()) != b".\r\n":
                    data.append(part)
                message = email.message_from_bytes(
                    b"".join(data), policy=email.policy.default
                )
                self.server.received.append((recipients, message))
                recipients = []
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def relay():
    server = _Relay()
    yield server
    if server.started:
        server.shutdown()
    server.server_close()


def test_an_e_mail_the_relay_refuses_is_deferred_and_sent_after_retry_deferred(
    organisation, client, relay
):
    smtp = override_settings(
        EMAIL_BACKEND="mailer.backend.DbBackend",
        MAILER_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=relay.port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
    )
    with smtp:
        _round_open(client, organisation["controller"], title="Höstens remiss")
        expected = _employees_told(organisation)
        assert Message.objects.count() == len(expected)

        # given a relay that is down, the job sends nothing and keeps every e-mail
        call_command("send_mail")
        assert relay.received == []
        assert Message.objects.deferred().count() == len(expected)
        assert MessageLog.objects.filter(result=RESULT_FAILURE).count() == len(expected)

        # and running the job again does not try the deferred ones
        relay.start()
        call_command("send_mail")
        assert relay.received == []

        # when retry_deferred puts them back, the next run delivers them all
        call_command("retry_deferred")
        call_command("send_mail")

    assert sorted(to[0] for to, _ in relay.received) == sorted(expected)
    assert all(len(to) == 1 for to, _ in relay.received)
    for _, message in relay.received:
        assert message["Subject"] == "Remissrunda om nyckeltal: Höstens remiss"
        assert "Remissrundan ”Höstens remiss” är öppen." in message.get_content()
    assert not Message.objects.exists()
    assert MessageLog.objects.filter(result=RESULT_SUCCESS).count() == len(expected)


@QUEUED
def test_the_mail_log_keeps_no_copy_of_the_e_mails_and_is_purged_after_a_week(
    organisation, client
):
    _round_open(client, organisation["controller"])
    call_command("send_mail")
    assert MessageLog.objects.exists()

    # the log of what was sent holds no message: not who it was to, nor what it said
    for entry in MessageLog.objects.all():
        assert entry.message_data is None
        assert "Vårens remiss" not in str(entry)

    # the documented daily purge removes entries older than seven days, failures too
    eight_days_ago = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(8)
    MessageLog.objects.update(when_attempted=eight_days_ago)
    MessageLog.objects.filter(pk=MessageLog.objects.first().pk).update(
        result=RESULT_FAILURE
    )
    call_command("purge_mail_log", "7", "--result", "all")
    assert not MessageLog.objects.exists()
