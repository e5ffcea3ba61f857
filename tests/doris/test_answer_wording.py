"""How a short answer reads: whole statements, never a dangling "Det" or a lower-case start."""

from doris import Engine, Section

RECEIVED = Section(
    "mottagande#inkommen",
    title="Mottagande av ansökan",
    heading="När räknas ansökan som inkommen?",
    body=(
        "En ansökan har kommit in den dag den når myndigheten, inte den dag den "
        "hamnar hos rätt handläggare. Det gäller även när den skickas till en "
        "personlig e-postadress eller lämnas över vid ett möte. Datumet styr bland "
        "annat om sökanden har hunnit ansöka innan projektet startade, vilket är "
        "avgörande för stimulanseffekten vid företagsstöd."
    ),
    page="mottagande",
    anchor="inkommen",
)
SERVICE = Section(
    "service#innebord",
    title="Serviceskyldighet",
    heading="Vad serviceskyldigheten innebär",
    body=(
        "Serviceskyldigheten innebär att vi svarar på frågor om våra stödformer, "
        "förklarar hur man ansöker och vilka underlag som behövs, och hänvisar till "
        "rätt myndighet när frågan inte är vår. Den innebär inte att vi skriver "
        "ansökan åt sökanden eller ger råd om hur projektet bör utformas för att få "
        "så högt stöd som möjligt; det skulle kunna rubba förtroendet för vår "
        "opartiskhet."
    ),
    page="service",
    anchor="innebord",
)
REQUEST = Section(
    "utbetalning#innehall",
    title="Utbetalningsbegäran",
    heading="Vad begäran ska innehålla",
    body=(
        "en sammanställning av kostnaderna per budgetpost,\n"
        "ett huvudboksutdrag för projektets kostnadsställe,\n"
        "fakturor över 20 000 kronor och betalningsbevis för dem."
    ),
    page="utbetalning",
    anchor="innehall",
)
PUBLIC = Section(
    "insyn#anonym",
    title="Allmänna handlingar",
    heading="Anonymitet",
    body=(
        "Begäran kan komma med e-post eller per telefon. Den som begär ut en "
        "handling behöver inte tala om vem hen är."
    ),
    page="insyn",
    anchor="anonym",
)


def _answer(question: str) -> str:
    engine = Engine()
    engine.add_many([RECEIVED, SERVICE, REQUEST, PUBLIC])
    return engine.answer(question).text


def test_a_sentence_that_leans_on_the_one_before_brings_it_along():
    answer = _answer("Vilket datum gäller om ansökan skickades till min e-postadress?")

    assert answer.startswith("En ansökan har kommit in den dag den når myndigheten")
    assert "Det gäller även när den skickas till en personlig e-postadress" in answer


def test_the_antecedent_may_stretch_the_answer_rather_than_be_cut():
    answer = _answer("Ska vi skriva ansökan åt sökanden?")

    # 400 characters: above the usual 320, but "Den innebär inte …" needs its subject
    assert answer.startswith("Serviceskyldigheten innebär att vi svarar")
    assert answer.endswith("förtroendet för vår opartiskhet.")


def test_the_runner_up_gives_way_when_the_antecedent_would_not_fit():
    engine = Engine()
    engine.add(
        Section(
            "mottagande#inkommen",
            title="Mottagande av ansökan",
            body=(
                "En ansökan har kommit in den dag den når myndigheten, inte den dag "
                "den hamnar hos rätt handläggare, hos registraturen eller i den "
                "funktionsbrevlåda som enheten har för sina stödformer och som "
                "handläggarna bevakar i tur och ordning varje arbetsdag. "
                "Det gäller även när den skickas till en personlig e-postadress. "
                "En ansökan till en personlig e-postadress ska alltså registreras "
                "med den dag den kom in, och handläggaren skickar den vidare till "
                "registraturen samma dag, med en kort anteckning om hur den kom in."
            ),
        )
    )

    answer = engine.answer("Gäller det även för en personlig e-postadress?").text

    # all three would be too long even for an answer stretched to keep a subject
    assert answer.startswith("En ansökan har kommit in den dag den når myndigheten")
    assert answer.endswith("personlig e-postadress.")


def test_a_relative_clause_does_not_lean_back():
    answer = _answer("Måste den som begär ut en handling tala om vem hen är?")

    assert answer.startswith("Den som begär ut en handling")


def test_an_answer_from_a_list_starts_with_a_capital():
    answer = _answer("Vad ska begäran om utbetalning innehålla?")

    assert answer.startswith("En sammanställning av kostnaderna per budgetpost")


def test_a_question_about_contents_is_answered_with_the_enumeration():
    engine = Engine()
    engine.add(
        Section(
            "komplettering#begaran",
            title="Komplettering av ansökan",
            heading="Begäran om komplettering",
            body=(
                "Samla allt som saknas i en enda begäran. Använd mallen Mall för "
                "kompletteringsbegäran och gå igenom checklistan innan du skickar. "
                "Begäran ska: räkna upp varje uppgift eller handling som saknas, "
                "förklara kort varför uppgiften behövs, ange sista dag för svar "
                "som ett datum."
            ),
        )
    )

    answer = engine.answer("Vad ska en begäran om komplettering innehålla?").text

    # the list repeats none of the question's words but "begäran"; the template does
    assert "Begäran ska: räkna upp varje uppgift eller handling som saknas" in answer
    assert "checklistan" not in answer


def test_the_contents_type_chooses_sentences_but_does_not_rank_sections():
    from doris.answer_type import expected_type

    listing = Section(
        "a#",
        title="Rapporter",
        body="Slutrapporten och lägesrapporten ska innehålla: tid, budget, mål, risker.",
    )
    prose = Section(
        "b#", title="Rapporter", body="Slutrapporten ska innehålla en sammanfattning."
    )
    engine = Engine()
    engine.add_many([listing, prose])
    question = "Vad ska slutrapporten innehålla?"

    assert expected_type(question).name == "contents"
    assert expected_type("Vad innebär det att stå som sökande?").name == "definition"
    # the section with the question's words stays first, list or not
    assert engine.search(question, 2)[0].section_id == "b#"


def test_a_sentence_that_gave_way_brings_no_antecedent_of_its_own():
    from doris.answer import _with_antecedents, sentences

    text = (
        "A" * 150 + ". Det är bäst. " + "B" * 100 + ". C c c. Den är " + "x" * 150 + "."
    )
    spans = sentences(text)

    # the best (1) takes its antecedent (0); the other (4) gives way and its
    # antecedent (3) does not come alone
    assert _with_antecedents(text, spans, [1, 4], 1, 200) == [0, 1]


def test_the_opening_sentence_answers_for_the_words_the_section_leaves_to_its_heading():
    # given: a section whose body never repeats its heading's subject
    engine = Engine()
    engine.add(
        Section(
            "komplettering#uteblir",
            title="Komplettering av ansökan",
            heading="Om kompletteringen inte kommer in",
            body=(
                "Har ingenting kommit in när fristen löpt ut prövas ansökan i "
                "befintligt skick. Oftast innebär det avslag eftersom underlaget "
                "inte räcker. Om sökanden hör av sig och vill dra tillbaka ansökan "
                "registreras återkallelsen och ärendet avskrivs."
            ),
            page="komplettering",
            anchor="uteblir",
        )
    )

    # when
    answer = engine.answer(
        "Vad händer om sökanden inte svarar på kompletteringen?"
    ).text

    # then: the sentence that answers the heading, not the one that only
    # shares "sökanden" with the question
    assert answer.startswith("Har ingenting kommit in när fristen löpt ut prövas")


def test_the_demo_handbook_says_what_happens_when_no_completion_comes_in():
    from doris.bench.handbook import read_handbook

    engine = Engine()
    engine.add_many(read_handbook())

    answer = engine.answer("Vad händer om sökanden inte svarar på kompletteringen?")

    assert answer.citation.heading == "Om kompletteringen inte kommer in"
    assert "prövas ansökan i befintligt skick" in answer.text


def test_a_heading_word_the_body_repeats_does_not_lift_the_opening_sentence():
    # given: the body names the completion itself, in its second sentence
    engine = Engine()
    engine.add(
        Section(
            "komplettering#frist",
            title="Komplettering av ansökan",
            heading="Tidsfrist för komplettering",
            body=(
                "Fristen är normalt 14 dagar från att begäran skickades. "
                "Om kompletteringen inte kommer in prövas ansökan i befintligt skick."
            ),
            page="komplettering",
            anchor="frist",
        )
    )

    # when
    answer = engine.answer("Vad händer om kompletteringen inte kommer in?").text

    # then
    assert answer.startswith("Om kompletteringen inte kommer in prövas")
