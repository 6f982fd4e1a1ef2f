"""Word lists for invented data: first names, surnames, places, companies, note texts.

Places are real Swedish towns (a unit is named after where it works); every person and
company is invented. Municipality codes are invented too (a 9xxx series that does not exist).
"""

WOMEN = [
    "Aisha", "Alva", "Amanda", "Amira", "Anna", "Asma", "Belma", "Cecilia", "Dalia", "Ebba", "Elin", "Ella",
    "Emma", "Fatima", "Frida", "Hanna", "Ida", "Jasmin", "Jenny", "Johanna", "Julia", "Karin", "Klara", "Leila",
    "Lina", "Linnea", "Maja", "Malin", "Maria", "Moa", "Nadia", "Nora", "Petra", "Rania", "Sanna", "Sara",
    "Selma", "Sofia", "Tove", "Vera", "Wilma", "Yasmin", "Zahra",
]
MEN = [
    "Adam", "Ahmed", "Albin", "Alexander", "Ali", "Anton", "Daniel", "David", "Dennis", "Elias", "Emil", "Erik",
    "Filip", "Gustav", "Hassan", "Hugo", "Isak", "Jakob", "Jesper", "Joel", "Johan", "Jonas", "Kevin", "Leo",
    "Liam", "Linus", "Lucas", "Marcus", "Mattias", "Milan", "Mohamed", "Niklas", "Oliver", "Omar", "Oskar",
    "Patrik", "Rasmus", "Robin", "Samir", "Sebastian", "Simon", "Tobias", "Viktor", "William", "Yusuf",
]
SURNAMES = [
    "Abdi", "Ahmadi", "Andersson", "Axelsson", "Berg", "Bergström", "Björk", "Carlsson", "Dahl", "Demir",
    "Ekström", "Eriksson", "Falk", "Forsberg", "Fredriksson", "Gustafsson", "Hansson", "Hassan", "Holm",
    "Hussein", "Isaksson", "Jansson", "Johansson", "Jonsson", "Karlsson", "Kaya", "Larsson", "Lindberg",
    "Lindqvist", "Lund", "Magnusson", "Mohammed", "Mattsson", "Nilsson", "Nyberg", "Olsson", "Persson",
    "Petrović", "Rashid", "Sandberg", "Sjöberg", "Strand", "Svensson", "Söderberg", "Törnqvist", "Wallin",
    "Wikström", "Yilmaz", "Åberg", "Åkesson", "Öberg",
]
# 60 towns with a Krami unit, each with a neighbouring municipality the unit also serves.
TOWNS = [
    ("Stockholm", "Huddinge"), ("Göteborg", "Mölndal"), ("Malmö", "Burlöv"), ("Uppsala", "Knivsta"),
    ("Västerås", "Hallstahammar"), ("Örebro", "Kumla"), ("Linköping", "Åtvidaberg"), ("Helsingborg", "Bjuv"),
    ("Jönköping", "Habo"), ("Norrköping", "Söderköping"), ("Lund", "Lomma"), ("Umeå", "Vännäs"),
    ("Gävle", "Sandviken"), ("Borås", "Ulricehamn"), ("Södertälje", "Nykvarn"), ("Eskilstuna", "Strängnäs"),
    ("Halmstad", "Laholm"), ("Växjö", "Alvesta"), ("Karlstad", "Hammarö"), ("Sundsvall", "Timrå"),
    ("Östersund", "Krokom"), ("Trollhättan", "Vänersborg"), ("Luleå", "Boden"), ("Kristianstad", "Bromölla"),
    ("Kalmar", "Nybro"), ("Skövde", "Tibro"), ("Karlskrona", "Ronneby"), ("Falun", "Borlänge"),
    ("Uddevalla", "Lysekil"), ("Nyköping", "Oxelösund"), ("Varberg", "Falkenberg"), ("Skellefteå", "Norsjö"),
    ("Motala", "Vadstena"), ("Trelleborg", "Vellinge"), ("Landskrona", "Svalöv"), ("Örnsköldsvik", "Kramfors"),
    ("Lidköping", "Götene"), ("Piteå", "Älvsbyn"), ("Kungsbacka", "Kungälv"), ("Sollentuna", "Järfälla"),
    ("Täby", "Vallentuna"), ("Nacka", "Värmdö"), ("Botkyrka", "Salem"), ("Haninge", "Tyresö"),
    ("Norrtälje", "Österåker"), ("Enköping", "Håbo"), ("Visby", "Slite"), ("Hudiksvall", "Nordanstig"),
    ("Mariestad", "Töreboda"), ("Ängelholm", "Höganäs"), ("Hässleholm", "Osby"), ("Ystad", "Skurup"),
    ("Katrineholm", "Flen"), ("Köping", "Arboga"), ("Sala", "Heby"), ("Alingsås", "Lerum"),
    ("Värnamo", "Gislaved"), ("Arvika", "Eda"), ("Ludvika", "Smedjebacken"), ("Kiruna", "Gällivare"),
]
COMPANY_WORDS = [
    "Bygg", "Lager", "Logistik", "Måleri", "Städ", "Fastighetsservice", "Bilverkstad", "Storkök", "Café",
    "Grönyteskötsel", "Mekaniska", "El", "VVS", "Flytt", "Transport", "Tryckeri", "Snickeri", "Restaurang",
    "Återvinning", "Montage",
]
SCHOOLS = [
    ("Komvux", "Svenska som andraspråk"), ("Komvux", "Matematik 1"), ("Yrkeshögskolan", "Lagerlogistik"),
    ("Komvux", "Undersköterska"), ("Folkhögskolan", "Allmän kurs"), ("Yrkesvux", "Bygg och anläggning"),
]
NOTE_TEXTS = [
    "Samtal om mål och nästa steg.", "Uppföljning av praktiken; handledaren är nöjd.",
    "Deltagaren har fått svar från bostadsbolaget.", "Genomgång av budget och skulder.",
    "Trepartssamtal med arbetsgivaren om fortsatt anställning.", "Planering inför vägledningskursen.",
    "Deltagaren uteblev; nytt möte bokat.", "Kontakt med frivården om villkoren.",
    "CV uppdaterat och två ansökningar skickade.", "Samtal om studier på Komvux.",
]
INTERVIEW_NOTES = [
    "Motiverad, vill arbeta inom bygg.", "Vill studera vidare; behöver stöd med ekonomi.",
    "Har arbetat i lager tidigare. Bor hos syster.", "Vill ha praktik inom restaurang.",
    "Har körkort, söker arbete inom transport.", "Vill komma igång efter lång tid utan arbete.",
]
DRUG_TEST_REASONS = ["Misstänkt påverkan vid gruppträff.", "Misstänkt påverkan vid besök på praktikplatsen."]
WALK_IN_FIRST = ["Alva", "Benjamin", "Cecilia", "David", "Ebba", "Farid", "Greta", "Hamid", "Iris", "Jamal"]
