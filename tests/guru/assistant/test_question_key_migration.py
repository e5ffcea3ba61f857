"""Questions logged before the failing list grouped by key get their keys, so
old failures and new ones of the same question count together."""

import pytest

from guru.assistant.models import question_key
from tests.migrations import migrate, migrate_to_latest

BEFORE = [("assistant", "0006_question_source_page_key_and_document")]
AFTER = [("assistant", "0007_question_keys")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_logged_questions_get_the_key_the_code_gives_new_ones(old_apps):
    # given, before the migration: one question typed two ways
    apps = old_apps
    user = apps.get_model("accounts", "User").objects.create(username="fragare")
    questions = apps.get_model("assistant", "Question")
    typed = ["Vem skriver under avslaget?", "vem skriver  under avslaget"]
    for text in typed:
        questions.objects.create(user=user, text=text, status="unsure")

    # when
    new_apps = migrate(AFTER)

    # then both have the key that question_key gives a question asked now
    keys = set(
        new_apps.get_model("assistant", "Question").objects.values_list(
            "text_key", flat=True
        )
    )
    assert keys == {question_key(typed[0])} == {"vem skriver under avslaget"}
