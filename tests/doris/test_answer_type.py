"""The expected answer type: "Hur länge?" wants a duration, "Vad är X?" a definition."""

import pytest

from doris import Engine, Section
from doris.answer_type import expected_type, type_match
from doris.ranking import RankingParams


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hur länge gäller beslutet?", "duration"),
        ("Hur lång tid tar handläggningen?", "duration"),
        ("När betalas stödet ut?", "time"),
        ("Vilket datum är sista dag för ansökan?", "time"),
        ("Hur många ansökningar kom in?", "quantity"),
        ("Vad kostar det?", "quantity"),
        ("Vem fattar beslut om återkrav?", "who"),
        ("Vad är ERUF?", "definition"),
        ("Vad innebär det att ordinera?", "definition"),
    ],
)
def test_the_opening_words_give_the_expected_type(question, kind):
    assert expected_type(question).name == kind


@pytest.mark.parametrize(
    "question",
    ["Får jag söka stöd för en maskin?", "Ansökan om förskott", "", "   ?"],
)
def test_a_question_without_a_type_is_left_alone(question):
    assert expected_type(question) is None


def test_a_duration_matches_a_number_of_days_also_in_a_compound():
    expected = expected_type("Hur länge har sökanden på sig?")
    assert type_match(expected, "Fristen är 14 kalenderdagar.") == 1.0
    assert type_match(expected, "Fristen räknas från begäran.") == 0.0


@pytest.mark.parametrize(
    "sentence",
    [
        "Slutrapporten ska ha kommit in senast två månader efter projektets slut.",
        "Rapporten lämnas 2 månader efter projektets slut.",
        "Handlingen registreras senast en arbetsdag efter att den kom in.",
        "Svaret skickas tre veckor innan mötet.",
    ],
)
def test_a_point_in_time_matches_a_time_counted_from_an_event(sentence):
    # given "När …?", and a sentence that counts from an event, its number
    # written in figures or in words ("två månader efter")
    expected = expected_type("När måste slutrapporten vara inne?")
    # when / then
    assert type_match(expected, sentence) == 1.0


def test_a_point_in_time_does_not_match_a_bare_duration():
    expected = expected_type("När måste slutrapporten vara inne?")
    assert type_match(expected, "Rapporten skrivs under två månader.") == 0.0


def test_a_definition_matches_a_first_sentence_that_defines_the_subject():
    expected = expected_type("Vad är LVU?")
    assert type_match(expected, "LVU är en lag om vård av unga. Mer text.") == 1.0
    # the subject is only named later, or the first sentence does not define
    assert type_match(expected, "Vården upphör. LVU är en lag.") == 0.0
    assert type_match(expected, "LVU tillämpas av nämnden.") == 0.0


def _engine(weight: float) -> Engine:
    engine = Engine(params=RankingParams(answer_type_weight=weight))
    engine.add_many(
        [
            Section(
                "frist#regel",
                heading="Frist för yttrande",
                body="Yttrandet ska komma in till myndigheten och frist för "
                "yttrande anges i brevet till sökanden om yttrande.",
            ),
            Section(
                "frist#langd",
                heading="Frist",
                body="Sökanden får 21 dagar för sitt yttrande.",
            ),
            Section("annat#a", heading="Utbetalning", body="Stödet betalas ut."),
        ]
    )
    return engine


def test_among_similar_sections_the_one_holding_a_duration_ranks_first():
    question = "Hur lång frist gäller för yttrande?"
    # given the words alone favour the section that repeats them
    assert _engine(0.0).search(question, 2)[0].section_id == "frist#regel"

    # when the expected answer type counts
    hits = _engine(0.3).search(question, 2)

    # then the section with the number of days comes first and says why
    assert hits[0].section_id == "frist#langd"
    assert hits[0].explanation["(answer type)"] > 0


def test_a_definition_names_its_subject_before_the_verb():
    expected = expected_type("Vad innebär att ordinera vaccin?")
    defining = "Att ordinera vaccin är att besluta om behandlingen."
    # a long first sentence that only mentions the words is no definition
    mentioning = (
        "Läkaren eller sjuksköterskan som ordinerar ett vaccin ska säkerställa "
        "att behandlingen är lämplig."
    )
    assert type_match(expected, defining) == 1.0
    assert type_match(expected, mentioning) == 0.0


def test_the_answer_sentence_is_the_one_holding_the_kind_of_answer_asked_for():
    from doris.analysis import Analyzer
    from doris.answer import best_sentences

    analyzer = Analyzer()
    body = (
        "Begäran om komplettering av ansökan skickas till sökanden av handläggaren. "
        "Sökanden har 14 dagar på sig."
    )
    question = "Hur länge har sökanden på sig att svara på begäran om komplettering?"
    weights = Engine().analyse(question).terms

    # given the first sentence shares more of the question's words
    assert "14 dagar" not in best_sentences(analyzer, body, weights, max_chars=90)

    # when the expected answer type counts, the sentence with the duration is chosen
    chosen = best_sentences(
        analyzer, body, weights, max_chars=90, expected=expected_type(question)
    )
    assert chosen == "Sökanden har 14 dagar på sig."


def test_the_director_general_by_abbreviation_answers_who():
    expected = expected_type("Vem beslutar om stöd över 5 miljoner?")
    assert type_match(expected, "Stöd över 5 000 000 kronor beslutas av GD.") == 1.0
    assert type_match(expected, "Ärendet tas upp i LG i maj.") == 1.0
    assert type_match(expected, "Stödet betalas ut i efterhand.") == 0.0
