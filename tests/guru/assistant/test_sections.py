"""Guidance rich text as the plain sentences Doris indexes and quotes."""

from guru.assistant.sections import rich_text_plain


def test_every_block_ends_a_sentence():
    html = "<h3>Frist</h3><p>Fristen är 14 dagar</p><ul><li>Ring sökanden</li></ul>"

    assert rich_text_plain(html) == "Frist.\nFristen är 14 dagar.\nRing sökanden."


def test_a_list_that_continues_a_sentence_stays_one_sentence():
    html = (
        "<p>Stödmottagaren är skyldig att betala tillbaka om</p><ul>"
        "<li>uppgifterna var felaktiga,</li><li>villkoren inte följts,</li>"
        "<li>projektet avbrutits.</li></ul>"
    )

    text = rich_text_plain(html)

    assert ",." not in text
    assert text.splitlines() == [
        "Stödmottagaren är skyldig att betala tillbaka om",
        "uppgifterna var felaktiga,",
        "villkoren inte följts,",
        "projektet avbrutits.",
    ]


def test_markup_entities_and_wrapped_lines_become_plain_text():
    html = (
        "<p>Belopp &lt; 1&nbsp;000\n kronor <strong>krävs inte</strong> tillbaka.</p>"
    )

    assert rich_text_plain(html) == "Belopp < 1 000 kronor krävs inte tillbaka."


def test_empty_rich_text_is_empty():
    assert rich_text_plain("") == ""
    assert rich_text_plain("<p> </p>") == ""
