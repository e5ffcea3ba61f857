"""Editors keep Doris's synonyms in Wagtail's admin, in Swedish."""

import pytest

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/assistant/synonym/add/"


def test_the_synonym_form_asks_only_for_the_expressions(client, editor):
    # given an editor in Wagtail's admin
    client.force_login(editor)

    # when they open the form for a new synonym
    html = client.get(ADD).content.decode()

    # then it has the expressions and no English, required "Created at" field
    assert 'name="expressions"' in html
    assert 'name="created_at"' not in html
    assert "Created at" not in html


def test_a_synonym_is_saved_from_the_expressions_alone(client, editor):
    from guru.assistant.models import Synonym

    client.force_login(editor)

    response = client.post(ADD, {"expressions": "VLM, motivering"})

    assert response.status_code == 302
    synonym = Synonym.objects.get()
    assert synonym.group == ("VLM", "motivering")
    assert synonym.created_at is not None


@pytest.mark.parametrize("expressions", ["ERUF", " , ,,", "ERUF, eruf"])
def test_a_synonym_of_fewer_than_two_words_is_refused_in_swedish_and_kept(
    client, editor, expressions
):
    from guru.assistant.models import Synonym

    client.force_login(editor)

    response = client.post(ADD, {"expressions": expressions})

    html = response.content.decode()
    assert "Skriv minst två olika ord eller förkortningar" in html
    assert f'value="{expressions}"' in html
    assert not Synonym.objects.exists()
