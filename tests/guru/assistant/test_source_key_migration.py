"""Logged answers from pages that still exist keep their page's id when the log
starts keeping it; the others cannot be told and stay without one."""

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("assistant", "0005_search_request")]
AFTER = [("assistant", "0006_question_source_page_key_and_document")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_an_answer_from_an_existing_page_keeps_its_page_id(old_apps):
    # given, before the migration: an answer from a page and one from elsewhere
    apps = old_apps
    user = apps.get_model("accounts", "User").objects.create(username="fragare")
    page = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    questions = apps.get_model("assistant", "Question")
    from_page = questions.objects.create(
        user=user, text="A?", status="answered", answer_text="Svar.", source_page=page
    )
    unknown = questions.objects.create(
        user=user, text="B?", status="answered", answer_text="Svar ur ett dokument."
    )

    # when
    new_apps = migrate(AFTER)

    # then only the one whose page is known keeps its page's id
    keys = dict(
        new_apps.get_model("assistant", "Question").objects.values_list(
            "pk", "source_page_key"
        )
    )
    assert keys == {from_page.pk: page.pk, unknown.pk: None}
