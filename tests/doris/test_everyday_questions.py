"""Everyday question forms: a page's topic alone, "Vad innebär X?", amounts in millions."""

from doris import Engine, Section
from doris.ranking import RankingParams

PAGES = [
    Section(
        "aterkrav#",
        title="Återkrav",
        body="Stöd som har betalats ut felaktigt ska krävas tillbaka.",
        page="aterkrav",
    ),
    Section(
        "aterkrav#vem",
        title="Återkrav",
        heading="Vem beslutar om återkrav?",
        body="Beslut om återkrav fattas av enhetschefen. Ett återkrav över en "
        "miljon kronor beslutas av avdelningschefen, och återkrav mot en "
        "kommun anmäls till ledningen.",
        page="aterkrav",
        anchor="vem",
    ),
    Section(
        "service#",
        title="Serviceskyldighet",
        body="Myndigheten ska hjälpa den enskilde att ta till vara sina intressen.",
        page="service",
    ),
    Section(
        "service#innebord",
        title="Serviceskyldighet",
        heading="Vad serviceskyldigheten innebär",
        body="Hjälpen ges utan onödigt dröjsmål och på ett begripligt sätt.",
        page="service",
        anchor="innebord",
    ),
    Section(
        "jav#",
        title="Jäv",
        body="Den som är jävig får inte delta i handläggningen av ett ärende.",
        page="jav",
    ),
    Section(
        "jav#anmal",
        title="Jäv",
        heading="Anmäl jäv",
        body="Anmäl jäv till din chef så snart du känner till det. Jäv "
        "dokumenteras i ärendet.",
        page="jav",
        anchor="anmal",
    ),
]


def _engine(pages: list[Section] = PAGES, **params) -> Engine:
    engine = Engine(params=RankingParams(**params))
    engine.add_many(pages)
    return engine


def test_a_question_naming_only_the_page_topic_is_answered_from_the_lead():
    question = "Vad är återkrav?"
    # given the words alone favour the section that repeats "återkrav"
    assert _engine(topic_weight=0.0).search(question, 1)[0].section_id == (
        "aterkrav#vem"
    )

    hit = _engine().search(question, 1)[0]

    assert hit.section_id == "aterkrav#"
    assert "(page topic)" in hit.explanation


def test_a_question_asking_more_than_the_topic_keeps_its_section():
    hits = _engine().search("Vem beslutar om återkrav?", 1)

    assert hits[0].section_id == "aterkrav#vem"


def test_the_verb_of_vad_innebar_is_no_search_word():
    engine = _engine()
    # "innebär" is a question word here, not a word to find in a heading
    assert engine.analyse("Vad innebär jäv?").main == ("jäv",)
    assert engine.analyse("Vad menas med jäv?").main == ("jäv",)
    # elsewhere in the question it is an ordinary word
    assert "innebär" in engine.analyse("Vad är det som innebär jäv?").main

    assert engine.search("Vad innebär jäv?", 1)[0].section_id == "jav#"


def test_a_variant_phrased_vad_innebar_still_matches_its_own_question():
    engine = Engine()
    engine.add_many(
        [
            Section(
                "a#",
                title="Ärenden",
                body="Text om ärenden.",
                questions=("Vad innebär jäv i ett ärende?",),
            ),
            Section("b#", title="Ärenden", body="Jäv i ett ärende anmäls."),
        ]
    )

    _, scored, rows = engine.rank("Vad innebär jäv i ett ärende?", 1)

    assert engine.index.sections[rows[0]].id == "a#"
    # the variant loses its verb the same way as the question, so they are equal
    assert scored.variant_similarity[rows[0]] == 1.0


def test_a_question_in_millions_finds_the_amounts_written_in_full():
    engine = Engine()
    engine.add_many(
        [
            Section(
                "beslutsordning#belopp",
                title="Beslutsordning",
                heading="Beloppsgränser",
                body="Stöd upp till 1 000 000 kronor beslutas av enhetschefen. "
                "Stöd över 5 000 000 kronor beslutas av GD.",
            ),
            Section(
                "platsbesok#urval",
                title="Platsbesök",
                heading="Urval",
                body="Projekt med stöd över tre miljoner får alltid ett platsbesök, "
                "oavsett vem som beslutat om stödet.",
            ),
        ]
    )

    hit = engine.search("Vem beslutar om ett stöd på 5 miljoner?", 1)[0]

    assert hit.section_id == "beslutsordning#belopp"
    assert "<mark>5 000 000</mark>" in hit.snippet


def test_a_variant_naming_another_number_is_another_question():
    engine = Engine()
    engine.add_many(
        [
            Section(
                "svar#8",
                title="Beslutsordning",
                body="GD beslutar om stöd på 8 miljoner kronor.",
                questions=("Vem beslutar om stöd på 8 miljoner kronor?",),
            ),
            Section(
                "annat#", title="Utbetalning", body="Stödet betalas ut i efterhand."
            ),
        ]
    )

    _, same, rows = engine.rank("Vem beslutar om stöd på 8 miljoner kronor?", 1)
    assert same.variant_similarity[rows[0]] == 1.0

    # three million shares every word but the number: the editors' answer does
    # not stand in for it
    _, other, _ = engine.rank("Vem beslutar om stöd på 3 miljoner kronor?", 1)
    assert other.variant_similarity == {}


def test_an_answer_from_a_list_of_cases_shows_every_case():
    from doris.analysis import Analyzer
    from doris.answer import best_sentences
    from doris.answer_type import expected_type

    analyzer = Analyzer()
    body = (
        "Stöd upp till och med 1 000 000 kronor beslutas av enhetschefen. "
        "Stöd över 1 000 000 kronor och upp till och med 5 000 000 kronor beslutas "
        "av avdelningschefen. Stöd över 5 000 000 kronor beslutas av GD. Beloppet "
        "är det sammanlagda stöd som ärendet gäller, även tidigare beviljat stöd."
    )
    question = "Vem får fatta beslut om stöd över 5 miljoner?"
    weights = dict.fromkeys(["stöd", "5", "miljon", "beslut", "fatt"], 1.0)

    answer = best_sentences(analyzer, body, weights, expected=expected_type(question))

    assert answer.startswith("Stöd upp till och med 1 000 000 kronor")
    assert answer.endswith("Stöd över 5 000 000 kronor beslutas av GD.")


def test_a_short_word_typed_without_its_dots_and_rings_is_found():
    engine = _engine()

    analysed = engine.analyse("jav")

    # too short for an edit distance, but "jav" is "jäv" without its dots
    assert analysed.corrections == {"jav": "jäv"}
    assert engine.search("jav", 1)[0].section_id.startswith("jav#")


SCENE = "Jag handlägger ett återkrav mot en kommun. Hur anmäler jag jäv?"


def test_a_sentence_that_sets_the_scene_counts_less_than_the_question():
    from doris.query import QueryWeights

    # given every word counts alike, the scene's many words win
    alike = Engine(query_weights=QueryWeights(context=1.0))
    alike.add_many(PAGES)
    assert alike.search(SCENE, 1)[0].section_id == "aterkrav#vem"

    engine = _engine()
    terms = engine.analyse(SCENE).terms

    assert terms["jäv"] == 1.0
    assert terms["återkrav"] == 0.5
    assert engine.search(SCENE, 1)[0].section_id == "jav#anmal"


def test_a_question_in_one_sentence_or_in_every_sentence_weighs_all_its_words():
    from doris.analysis import normalise
    from doris.query import context_spans

    assert context_spans(normalise("Hur anmäler jag jäv?")) == []
    assert context_spans(normalise("Vad är jäv? Hur anmäler jag det?")) == []
    # a statement asks nothing: nothing in it is only the scene
    assert (
        context_spans(normalise("Jag vill anmäla jäv. Det gäller ett återkrav.")) == []
    )
    text = normalise("Jag är jävig, t.ex. mot en kommun. Vem beslutar?")
    assert [text[a:b] for a, b in context_spans(text)] == [
        "Jag är jävig, t.ex. mot en kommun."
    ]
    # a word of the question keeps its full weight wherever else it stands
    terms = _engine().analyse("Jäv gäller ett återkrav. Hur anmäler jag jäv?").terms
    assert terms["jäv"] == 2.0
    assert terms["återkrav"] == 0.5


KOMPLETTERING = [
    Section(
        "komplettering#handlaggningstid",
        title="Komplettering",
        heading="Kompletteringar och handläggningstiden",
        body="Tiden tills kompletteringen kommer in räknas inte in i "
        "handläggningstiden.",
        page="komplettering",
        anchor="handlaggningstid",
    ),
    Section(
        "komplettering#uteblir",
        title="Komplettering",
        heading="Om kompletteringen inte kommer in",
        body="Har ingenting kommit när fristen gått ut prövas ansökan i "
        "befintligt skick. Det leder oftast till avslag eftersom underlaget "
        "inte räcker för ett beslut om stöd.",
        page="komplettering",
        anchor="uteblir",
    ),
]


def test_a_question_quoting_a_whole_heading_is_answered_from_that_section():
    question = "Vad händer om kompletteringen inte kommer in?"
    # given "om", "inte" and "kommer" are no search words, the shorter section
    # on handläggningstiden wins on the words alone
    plain = _engine(KOMPLETTERING, heading_weight=0.0).search(question, 1)[0]
    assert plain.section_id == "komplettering#handlaggningstid"

    hit = _engine(KOMPLETTERING).search(question, 1)[0]

    assert hit.section_id == "komplettering#uteblir"
    assert "(heading in question)" in hit.explanation


def test_a_heading_counts_only_whole_and_word_for_word():
    engine = _engine(KOMPLETTERING)
    # the words of the heading, but not as it stands
    hit = engine.search("Kommer kompletteringen in om den inte räknas?", 1)[0]
    assert "(heading in question)" not in hit.explanation
    # a heading of fewer than three words as written is a term, not a quote
    two_words = Engine()
    two_words.add_many(
        [
            Section("a#", title="A", heading="Anmäl jäv", body="Anmäl jäv."),
            Section("b#", title="B", heading="Jäv", body="Anmäl jäv i ärendet."),
            Section("c#", title="C", heading="De minimis-stöd", body="Högst."),
        ]
    )
    for question in ("Hur anmäl jäv i ärendet?", "Får en fiskare de minimis-stöd?"):
        for hit in two_words.search(question, 3):
            assert "(heading in question)" not in hit.explanation
