"""Hostile and odd questions: escaped everywhere they are shown, nothing breaks."""

import pytest
from django.urls import reverse

from guru.assistant.models import Question

pytestmark = pytest.mark.django_db

XSS_CORPUS = [
    "<script>alert('doris')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klicka</a> frist',
    "{{ request.user }} {% debug %} komplettering",
    "'; DROP TABLE assistant_question; --",
    "<iframe src=//example.com></iframe>",
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_a_hostile_question_is_escaped_everywhere_it_is_shown(
    client, handbook, caseworker, editor, payload
):
    # given a caseworker who asked with a hostile payload
    client.force_login(caseworker)
    answers = [
        client.post("/doris/", {"fraga": payload}),
        client.post("/doris/", {"fraga": payload}, HTTP_HX_REQUEST="true"),
    ]
    question = Question.objects.first()
    client.post(
        reverse("assistant:feedback", args=[question.pk]),
        {"helpful": "nej", "kommentar": payload},
    )
    pages = [*answers, client.get("/doris/")]

    # and an editor reading the log
    client.force_login(editor)
    pages += [
        client.get(reverse("assistant:dashboard")),
        client.get(reverse("assistant:question", args=[question.pk])),
        client.get("/sok/", {"q": payload[:200]}),
    ]

    # then every page answers and none contains the payload unescaped
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        if "<" in payload or '"' in payload:
            assert payload not in html
    assert Question.objects.filter(text=payload).count() == 2


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("a\x00b komplettering", 200),
        ("💥" * 400, 200),
        ("ä" * 500, 200),
        ("\u202e frist", 422),  # mostly unreadable: refused in Swedish
    ],
)
def test_odd_text_never_breaks_doris(client, handbook, caseworker, payload, status):
    client.force_login(caseworker)
    response = client.post("/doris/", {"fraga": payload})
    assert response.status_code == status
    assert "Doris" in response.content.decode()


def test_binary_upload_as_question_gets_a_swedish_message(client, handbook, caseworker):
    client.force_login(caseworker)
    garbage = bytes(range(256)).decode("latin-1")
    response = client.post("/doris/", {"fraga": garbage[:400]})
    assert "tecken som inte går att läsa" in response.content.decode()
    assert not Question.objects.exists()


def test_undecodable_bytes_get_a_swedish_message(client, handbook, caseworker):
    client.force_login(caseworker)
    response = client.post(
        "/doris/",
        data="fraga=%FF%FE%FD%FC%ED%B3%BF",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 422
    assert "tecken som inte går att läsa" in response.content.decode()
