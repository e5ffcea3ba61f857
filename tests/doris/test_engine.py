import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doris import ANSWERED, EMPTY, UNSURE, Answer, Engine, Section
from doris.confidence import Calibration

# The engine must not warn. A file that an earlier test on the same worker left
# unclosed is reported when the garbage collector finds it, which can be during
# a test here: that stays a warning, not this test's error.
pytestmark = [
    pytest.mark.filterwarnings("error"),
    pytest.mark.filterwarnings("default::pytest.PytestUnraisableExceptionWarning"),
]


def test_answer_cites_the_section_it_comes_from(engine):
    answer = engine.answer("Hur lång tid har sökanden på sig att komplettera?")
    assert answer.status == ANSWERED
    assert answer.citation.page == "ansokan/komplettering"
    assert answer.citation.anchor == "tidsfrist"
    assert "14 dagar" in answer.text
    assert 0.0 <= answer.confidence <= 1.0


def test_answer_is_short_and_lists_alternatives(engine):
    answer = engine.answer("Vem fattar beslut om återkrav?")
    assert answer.citation.section_id == "beslut/aterkrav#beslutsfattare"
    assert len(answer.text) <= 320
    assert all(a.section_id != answer.citation.section_id for a in answer.alternatives)


def test_compound_in_the_text_answers_a_phrase_in_the_question(engine):
    hits = engine.search("tid för handläggning", 3)
    assert hits[0].section_id == "ansokan/handlaggning#tid"


def test_typing_errors_are_corrected_against_the_index_vocabulary(engine):
    answer = engine.answer("Vem fattar beslut om återkarv?")
    assert answer.corrections == {"återkarv": "återkrav"}
    assert answer.citation.section_id == "beslut/aterkrav#beslutsfattare"


def test_synonyms_expand_abbreviations(engine):
    hits = engine.search("Vad finansierar ERUF?", 3)
    assert hits[0].section_id == "fonder/eruf#om"


def test_editors_can_supply_their_own_synonyms(sections):
    plain = Engine()
    plain.add_many(sections)
    custom = Engine(synonyms=[("rekvisition", "begära pengar")])
    custom.add_many(sections)
    assert plain.search("hur begär man pengar", 3) == [] or (
        plain.search("hur begär man pengar", 3)[0].section_id
        != "utbetalning/rekvisition#underlag"
    )
    hits = custom.search("hur begär man pengar", 3)
    assert hits[0].section_id == "utbetalning/rekvisition#underlag"


def test_a_synonym_stands_in_for_the_word_and_does_not_add_to_it():
    engine = Engine(synonyms=[("läkare", "doktor")])
    engine.add_many(
        [
            Section("both", body="Läkare och doktor."),
            Section("word", body="Läkare och sjuksköterska."),
            Section("synonym", body="Doktor och sjuksköterska."),
            Section("neither", body="Sjuksköterska och patient."),
        ]
    )
    hits = {hit.section_id: hit for hit in engine.search("läkare", 4)}
    assert set(hits) == {"both", "word", "synonym"}
    own, other = hits["word"].score, hits["synonym"].score
    assert own > other > 0  # the synonym counts, less than the word itself
    # Saying both counts as the better of the two matches, not their sum.
    both = hits["both"].explanation  # stem -> contribution
    assert both["läk"] > both["dokt"] > 0
    assert hits["both"].score == pytest.approx(both["läk"], abs=1e-4)
    assert both["(synonym overlap)"] == pytest.approx(-both["dokt"], abs=1e-4)


def test_question_variants_lead_to_their_section(sections):
    engine = Engine()
    engine.add_many(sections)
    engine.update(
        Section(
            "ansokan/handlaggning#tid",
            title="Handläggning",
            heading="Handläggningstid",
            body="Normalt tre månader.",
            questions=("När får jag besked?",),
            page="ansokan/handlaggning",
            anchor="tid",
        )
    )
    hit = engine.search("När får jag besked?", 1)[0]
    assert hit.section_id == "ansokan/handlaggning#tid"
    assert "(question variant)" in hit.explanation
    answer = engine.answer("när får jag mitt besked")
    assert answer.citation.section_id == "ansokan/handlaggning#tid"
    assert answer.confidence >= 0.8


def test_snippets_highlight_query_words_and_escape_html():
    engine = Engine()
    engine.add(Section("x", body="Beslut om <b>återkrav</b> fattas av enhetschefen."))
    snippet = engine.search("återkrav", 1)[0].snippet
    assert "<mark>återkrav</mark>" in snippet
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet


def test_hits_explain_their_score(engine):
    hit = engine.search("beslut om återkrav", 1)[0]
    assert hit.explanation
    assert sum(hit.explanation.values()) == pytest.approx(hit.score, rel=1e-3)


def test_low_confidence_says_unsure_and_suggests_pages(sections):
    strict = Engine(
        calibration=Calibration(-4.0, (1.0, 1.0, 3.0, 3.0, -2.0, 0.0), 0.999)
    )
    strict.add_many(sections)
    answer = strict.answer("Vem fattar beslut om återkrav?")
    assert answer.status == UNSURE
    assert answer.text is None
    assert answer.suggestions
    assert answer.message


def test_question_about_something_absent_is_not_answered(engine):
    answer = engine.answer("Hur bokar jag konferensrum i Luleå?")
    assert answer.status in (UNSURE, EMPTY)
    assert answer.citation is None


def test_an_answer_without_citation_cannot_be_made():
    with pytest.raises(ValueError):
        Answer(ANSWERED, "fråga", 0.9, text="svar", citation=None)


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \n\t ",
        "och att det som är",
        "\x00\x01\x02\xff",
        "?!…§",
        "Hur 申请 ansökan ερώτηση?",
        "\ud800 trasig surrogat",
    ],
)
def test_bad_input_gets_a_clear_result(engine, question):
    answer = engine.answer(question)
    assert answer.status in (ANSWERED, UNSURE, EMPTY)
    if answer.status == EMPTY:
        assert answer.message
    assert isinstance(engine.search(question), list)


def test_a_very_long_question_is_answered_quickly(engine):
    question = "Vem fattar beslut om återkrav? " + "bla " * 25_000
    answer = engine.answer(question)
    assert answer.status in (ANSWERED, UNSURE)
    assert len(answer.question) <= 200


def test_non_string_input_is_an_empty_question(engine):
    assert engine.answer(None).status == EMPTY  # type: ignore[arg-type]
    assert engine.search(b"beslut") == []  # type: ignore[arg-type]


def test_empty_index_answers_nothing():
    engine = Engine()
    assert engine.search("beslut") == []
    assert engine.answer("beslut").status in (UNSURE, EMPTY)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=500))
def test_answer_never_raises_and_never_answers_without_citation(question):
    engine = _shared_engine()
    answer = engine.answer(question)
    if answer.status == ANSWERED:
        assert answer.citation is not None and answer.text


_ENGINE = []


def _shared_engine():
    if not _ENGINE:
        from tests.doris.conftest import SECTIONS

        engine = Engine()
        engine.add_many(SECTIONS)
        _ENGINE.append(engine)
    return _ENGINE[0]
