"""Demo questions to Doris and the editors' synonyms, so the dashboard has content.

The questions are asked through the real service (so they are answered, masked
and logged as any question is), then spread over the last four weeks. Running it
again adds nothing.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from guru.demo.clock import office_moment

from .models import Question, Synonym
from .services import question_ask, question_feedback, question_send_to_editors

SYNONYMS = [
    "LG, ledningsgruppen",
    "lägesrapport, lägesredovisning, delrapport",
    "stödmottagare, mottagare av stöd, projektägare",
]

# (username, question, helpful?, sent to the editors?)
QUESTIONS = [
    ("handlaggare", "Hur lång tid har sökanden på sig att komplettera?", True, False),
    ("handlaggare", "Vem fattar beslut om återkrav?", True, False),
    ("handlaggare2", "Hur mycket förskott kan en stödmottagare få?", True, False),
    ("handlaggare2", "Måste beslutet motiveras om vi beviljar allt?", None, False),
    ("handlaggare", "När räknas en ansökan som inkommen?", False, False),
    ("handlaggare2", "Vad gör jag om jag är jävig i ett ärende?", True, False),
    ("handlaggare", "Får vi skicka beslut med e-post?", None, True),
    ("handlaggare2", "Kan jag se ärendet för 198501012382 i Guru?", None, False),
    ("handlaggare", "Vilken ränta tar vi ut vid återbetalning?", False, True),
    ("handlaggare2", "Hur bokar jag konferensrum i Östersund?", None, True),
]


def assistant_demo_load() -> None:
    for expressions in SYNONYMS:
        Synonym.objects.get_or_create(expressions=expressions)
    if Question.objects.exists():
        return
    users = {u.username: u for u in get_user_model().objects.all()}
    now = timezone.now()
    for number, (username, text, helpful, send) in enumerate(QUESTIONS):
        user = users.get(username)
        if user is None:
            continue
        question = question_ask(user=user, text=text).question
        if helpful is not None:
            question_feedback(user=user, question_id=question.pk, helpful=helpful)
        if send:
            question_send_to_editors(user=user, question_id=question.pk)
        # Spread over four weeks, the oldest first, for "frågor per vecka".
        asked_at = office_moment(now, days_ago=27 - 3 * number, number=number)
        Question.objects.filter(pk=question.pk).update(created_at=asked_at)
