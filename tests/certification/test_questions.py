"""The certification's questions match seed 001: the profile's 79 rows (NSP/VP/Dok.09,
"Möjliga stödinsatser") and the 25 minimum requirements (NSP/MC/Dok.10), count and order.

The seed's words are copied here as the seed writes them (typos included): the data may
correct a spelling only by keeping the seed's words beside it (`seed`).
"""

import pytest

from tenants.certification import questions

# seed 001, "Möjliga stödinsatser": the first column of every row, top to bottom.
SEED_PROFILE_ROWS = ['Forskning', 'Kunskapshöjande insatser', 'Kampanjer', 'Utbildning av professioner som möter utsatta', 'Utbildning av privatpersoner', 'Utbildning av företag', 'Utbildning av specifika riskgrupper', 'Ekonomiska/sociala initiativ', 'Initiativ för reducering av barns utsatthet', "Initiativ för reducering av efterfrågan/'demand'", 'Initiativ för strukturell förändring inom företag', 'Informell identifiering av brottsoffer', 'Antal platser', 'Personal på plats', 'Klassificering', 'Typ av boende', 'Kök för egen matlagning', 'Catering', 'Tisbegränsat', 'Säkerheten bedöms vara:', 'Stödsamtal', "Advocacy' /Språkrör", 'Nätbaserat stöd', 'Kontakt med myndigheter', 'Kontakt med hälso- och sjukvård', 'Kontakt med psykiaterapeutiskt stöd', 'Socialt stöd och skydd.', 'Grupparbete', 'Fritidsaktiviteter', 'Insatser/Möjligheter att stärka självkänslan', 'Andligt stöd', 'Matkasse', 'Ekonomiskt stöd', 'Hygienartiklar', 'Kläder', 'NRM och identifiering', 'Asyl', 'Migration', 'Brottmål', 'Rättigheter', 'Första hjälpen', 'Akut medicinsk vård', 'Hälsa- och sjukvård i övrigt', 'Krissamtal', 'Trauma bearbetning', 'Psykolog-/Psykiatrimottagning', 'Översättning (informellt personal eller volontär)', 'Översättning (formellt auktoriserad)', 'Tolkning (informellt volontär)', 'Tolkning (formellt auktoriserad)', 'Vård', 'Nolltolerans', 'Förbud av bruk', 'Barn tilläts i verksamheten', 'Förskola/skola', 'Specifika aktiviteter erbjuds', 'Specifikt avsatt personal', 'Råd', 'Hjälp med ansökan/stämningansökan', 'Information om relevanta rättsprocesser', 'Hjälp vid polisanmälan', 'Juridisk representation', 'Stöd i fortlöpande av rättsprocessen', 'Målsägande biträde', 'Anordnar/medföljer vid besök och intervjuer', 'Medföljer/ger stöd vid rättegång', 'Följer upp/Ger stöd efter rättegång', 'Representation i migrationsärenden', 'Ansökan om ID/pass', 'Kontakt med myndigheter', 'Kontakt med anhöriga', 'Stöd i ansökningsprocessen', 'Nätverk för uppföljning i hemlandet', 'Söka bostad', 'Utbildning', 'Kontakt med myndigheter', 'Praktik', 'CV', 'Arbetsmarknadsinsatser']

# seed 001, "Minimikrav för certifiering av skyddade boenden": the question of 1..25.
SEED_REQUIREMENT_QUESTIONS = ['Vilka åtgärder vidtas innan en klient anländer till boendet?', 'I vilken utsträckning inhämtas uppgifter/information om klientens bakgrund, situation etc. från andra aktörer?', 'I vilken utsträckning begärs information som bygger på en riskanalys/strukturerad hot- och riskbedömning?', 'I vilken utsträckning genomförs en strukturerad bedömning i samband med inskrivningen?', 'Vilken metod används för att genomföra en strukturerad bedömning i samband med inskrivningen?', 'Vilka rutiner finns för att bedöma behovet av insatser (hjälp, stöd och skydd) i ärenden om människohandel?', 'Vilken metod används för att genomföra en strukturerad bedömning i ärenden om människohandel?', 'I vilken utsträckning används strukturerade bedömningar vid planering av hjälp, stöd och skyddsinsatser?', 'Vilka rutiner finns för att uppmärksammas klientens förutsättningar, önskemål och behov och därmed göra klienten delaktig i bedömnings- och planeringsarbetet?', 'Vilka hjälp, stöd och skyddsinsatser kan erbjudas klienter som vistas på boendet?', 'Hur arbetar boendet för att främja hälsosamma/professionella relationer mellan anställda och klienter?', 'Hur arbetar boendet för att främja hälsosamma/professionella relationer klienter emellan?', 'Vilka rutiner finns för att hantera klagomål från klienter?', 'Hur hanteras de klienter som inte kan hjälpas inom ramen för boendets verksamhet?', 'Vilka åtgärder vidtas för att förbereda klienten för en utslussning?', 'Vilken samverkan finns utarbetad med andra aktörer inom området?', 'I vilken utsträckning genomförs uppföljning med klienten efter att denne lämnat boendet?', 'Finns det framtagna, skriftliga rutiner/handlingsplaner för verksamhetens arbete med ärenden om människohandel?', 'Finns det framtagna, skriftliga rutiner som förtydligar ansvarsfördelningen när det gäller verksamhetens arbete med ärenden om människohandel?', 'Finns det framtagna, skriftliga rutiner som reglerar ensamarbete vid boendet?', 'Finns det framtagna, skriftliga rutiner som reglerar utbildnings- och kunskapsnivå för verksamhetens personal när det kommer till ärenden om människohandel?', 'Finns det framtagna, skriftliga rutiner som reglerar dokumentationen i ärenden om människohandel?', 'Finns det framtagna, skriftliga rutiner som beaktar säkerheten för verksamhetens personal?', 'Finns det framtagna, skriftliga rutiner för hantering av incidenter i eller i anslutning till verksamheten?', 'Finns det framtagna, skriftliga rutiner för hur verksamheten ska utvärderas?']

SEED_AREAS = ["1. Prevention/Förebyggande Kap. 2 ECAT", "2. Skydd, stöd och beviljande av rättigheter Kap. 3 ECAT",
              "3. Rättsprocessen Kap. 5 ECAT", "4. Återvändande Art. 16 ECAT", "5. Integrering"]


def test_the_profile_has_the_seeds_rows_in_its_order():
    rows = questions.profile_rows()
    assert len(rows) == len(SEED_PROFILE_ROWS) == 79
    assert [row.seed for row in rows] == SEED_PROFILE_ROWS


def test_the_profile_has_the_seeds_five_areas():
    assert [area.sv for area in questions.profile_areas()] == SEED_AREAS


def test_profile_ids_are_unique_and_every_row_speaks_swedish_and_english():
    rows = questions.profile_rows() + questions.supplement_rows()
    assert len({row.id for row in rows}) == len(rows)
    for row in rows:
        assert row.sv.strip() and row.en.strip(), row.id
        if row.kind == "housing":
            assert row.value == "number" or questions.options(row.value), row.id


def test_a_corrected_spelling_stays_close_to_the_seed():
    import difflib

    for row in questions.profile_rows():
        if row.seed != row.sv:
            assert difflib.SequenceMatcher(None, row.seed, row.sv).ratio() > 0.8, row.id


def test_the_25_requirements_in_the_seeds_order_by_id():
    found = questions.requirements()
    assert [item.id for item in found] == [f"mc{n:02d}" for n in range(1, 26)]
    assert [item.number for item in found] == list(range(1, 26))
    assert [item.question["sv"] for item in found] == SEED_REQUIREMENT_QUESTIONS


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_requirement_has_its_requirement_and_question_in_both_languages(lang):
    for item in questions.requirements():
        assert item.requirement_text(lang).strip() and item.question_text(lang).strip()
    assert questions.requirements()[0].question_text("en") != questions.requirements()[0].question_text("sv")


def test_the_requirements_sections_follow_the_seed():
    sections = [item.section for item in questions.requirements()]
    assert sections == ["intake"] * 5 + ["stay"] * 9 + ["exit"] * 3 + ["operations"] * 8
