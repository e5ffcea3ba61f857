import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from mailer import send_mail
from mailer.models import Message

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="mailer.backend.DbBackend")
def test_only_long_deferred_mail_is_deleted():
    # given three queued messages: one deferred for three weeks, one deferred
    # today, one still waiting to be sent for three weeks
    for subject in ("gammal uppskjuten", "ny uppskjuten", "gammal i kö"):
        send_mail(subject, "Text som personal skrivit.", None, ["a@example.se"])
    weeks_ago = timezone.now() - datetime.timedelta(days=21)
    old_deferred, new_deferred, old_queued = Message.objects.order_by("pk")
    for message in (old_deferred, new_deferred):
        message.defer()
        message.save()
    Message.objects.filter(pk__in=[old_deferred.pk, old_queued.pk]).update(
        when_added=weeks_ago
    )
    out = StringIO()

    # when
    call_command("purge_undeliverable_mail", "--days", "14", stdout=out)

    # then
    left = set(Message.objects.values_list("pk", flat=True))
    assert left == {new_deferred.pk, old_queued.pk}
    assert out.getvalue().startswith("1 e-postmeddelanden")
