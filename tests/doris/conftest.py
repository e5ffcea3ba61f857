"""Builders for Doris's tests: a small handbook of sections, written here."""

import pytest

from doris import Engine, Section

SECTIONS = [
    Section(
        "ansokan/komplettering#tidsfrist",
        title="Komplettering av ansökan",
        heading="Tidsfrist för komplettering",
        body=(
            "Sökanden har 14 dagar på sig att komplettera ansökan efter vår begäran. "
            "Om kompletteringen inte kommer in i tid prövas ansökan i befintligt skick."
        ),
        questions=("Hur lång tid har sökanden på sig att komplettera?",),
        page="ansokan/komplettering",
        anchor="tidsfrist",
    ),
    Section(
        "beslut/aterkrav#beslutsfattare",
        title="Återkrav",
        heading="Vem fattar beslut om återkrav",
        body=(
            "Beslut om återkrav fattas av enhetschefen för stödenheten. Belopp över "
            "en miljon kronor beslutas av GD enligt § 12 i beslutsordningen."
        ),
        page="beslut/aterkrav",
        anchor="beslutsfattare",
    ),
    Section(
        "ansokan/handlaggning#tid",
        title="Handläggning",
        heading="Handläggningstid",
        body=(
            "Normal handläggningstid är tre månader från att ansökan är komplett. "
            "Ärenden om ERUF-medel prioriteras inte framför andra ärenden."
        ),
        page="ansokan/handlaggning",
        anchor="tid",
    ),
    Section(
        "utbetalning/rekvisition#underlag",
        title="Rekvisition",
        heading="Underlag för utbetalning",
        body=(
            "Stödmottagaren rekvirerar stödet med lägesrapport och ekonomisk "
            "redovisning, t.ex. huvudbok och lönespecifikationer. Arbetsgivaravgifter "
            "räknas som stödberättigande kostnader."
        ),
        page="utbetalning/rekvisition",
        anchor="underlag",
    ),
    Section(
        "fonder/eruf#om",
        title="Europeiska regionala utvecklingsfonden",
        heading="Om fonden",
        body=(
            "Europeiska regionala utvecklingsfonden finansierar projekt som stärker "
            "regionernas konkurrenskraft och innovation."
        ),
        page="fonder/eruf",
        anchor="om",
    ),
]


@pytest.fixture
def sections():
    return list(SECTIONS)


@pytest.fixture
def engine(sections):
    engine = Engine()
    engine.add_many(sections)
    return engine
