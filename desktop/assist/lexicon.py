"""Small word lists the rules rely on: speech verbs, hedges, titles, cue nouns, countries.

They are data, not logic, so that a reviewer can see (and extend) exactly what the
rule-based engine knows.
"""

from __future__ import annotations

from db.models.vocab import EntityType


def _words(text: str) -> frozenset[str]:
    """A word list written as prose-like lines, which reviewers read more easily."""
    return frozenset(text.split())


# Verbs that introduce reported speech or an attributed assertion.
SPEECH_VERBS = frozenset({
    "say", "says", "said", "saying",
    "tell", "tells", "told", "telling",
    "announce", "announces", "announced", "announcing",
    "claim", "claims", "claimed", "claiming",
    "warn", "warns", "warned", "warning",
    "state", "states", "stated", "stating",
    "reveal", "reveals", "revealed", "revealing",
    "describe", "describes", "described", "describing",
    "note", "notes", "noted", "noting",
    "add", "adds", "added", "adding",
    "insist", "insists", "insisted", "insisting",
    "argue", "argues", "argued", "arguing",
    "report", "reports", "reported", "reporting",
    "confirm", "confirms", "confirmed", "confirming",
    "deny", "denies", "denied", "denying",
    "suggest", "suggests", "suggested", "suggesting",
    "emphasize", "emphasizes", "emphasized", "emphasizing",
    "emphasise", "emphasises", "emphasised", "emphasising",
    "stress", "stresses", "stressed", "stressing",
    "explain", "explains", "explained", "explaining",
    "acknowledge", "acknowledges", "acknowledged", "acknowledging",
    "allege", "alleges", "alleged", "alleging",
    "assert", "asserts", "asserted", "asserting",
    "declare", "declares", "declared", "declaring",
    "predict", "predicts", "predicted", "predicting",
    "express", "expresses", "expressed", "expressing",
    "estimate", "estimates", "estimated", "estimating",
    "write", "writes", "wrote", "writing",
    "tweet", "tweets", "tweeted", "posted",
    "accuse", "accuses", "accused", "accusing",
    "promise", "promises", "promised", "promising",
    "vow", "vows", "vowed", "vowing",
    "admit", "admits", "admitted", "admitting",
})

# Nouns for unnamed speakers: "officials say", "a district official claimed".
ANONYMOUS_SPEAKERS = frozenset({
    "official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman",
    "analyst", "analysts", "expert", "experts", "diplomat", "diplomats", "witness",
    "witnesses", "residents", "resident", "observers", "authorities", "ministry",
    "government", "police", "military", "operator", "investigators", "report", "reports",
    "statement", "aides", "aide", "insiders", "planners",
})

# Hedged or forward-looking cues. Modal and probability words make judgement
# candidates; plans and expectations make indicators (something to watch for).
JUDGEMENT_CUES = (
    "could", "would", "may", "might", "likely", "unlikely", "probably", "possibly",
    "potentially", "potential", "perhaps", "appears to", "seems to", "risk of",
)
INDICATOR_CUES = (
    "plans to", "planning to", "planned to", "is expected to", "are expected to",
    "was expected to", "expects to", "intends to", "intend to", "aims to", "aiming to",
    "is set to", "are set to", "is preparing to", "are preparing to", "will", "is due to",
    "are due to", "scheduled to", "is poised to", "are poised to",
)

# Titles and roles that come before a person's name ("Defense Secretary Pete Hegseth").
TITLE_WORDS = frozenset({
    "president", "vice-president", "secretary", "minister", "chancellor", "premier",
    "general", "commander", "admiral", "colonel", "major", "captain", "lieutenant",
    "sergeant", "ambassador", "governor", "mayor", "senator", "congressman",
    "congresswoman", "representative", "director", "chief", "chairman", "chairwoman",
    "chair", "spokesperson", "spokesman", "spokeswoman", "king", "queen", "prince",
    "princess", "pope", "judge", "prosecutor", "envoy", "leader", "ceo", "founder",
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "lord", "lady", "speaker",
    "officer", "deputy", "head",
})

# Words that, right before a name, say what kind of thing it is.
PRECEDING_TYPE_CUES: dict[str, EntityType] = {
    "company": EntityType.ORGANIZATION, "firm": EntityType.ORGANIZATION,
    "manufacturer": EntityType.ORGANIZATION, "maker": EntityType.ORGANIZATION,
    "group": EntityType.ORGANIZATION, "agency": EntityType.ORGANIZATION,
    "newspaper": EntityType.ORGANIZATION, "broadcaster": EntityType.ORGANIZATION,
    "startup": EntityType.ORGANIZATION, "contractor": EntityType.ORGANIZATION,
    "party": EntityType.ORGANIZATION, "bank": EntityType.ORGANIZATION,
    "operation": EntityType.EVENT, "exercise": EntityType.EVENT,
    "vessel": EntityType.EQUIPMENT, "ship": EntityType.EQUIPMENT,
    "tanker": EntityType.EQUIPMENT, "frigate": EntityType.EQUIPMENT,
    "city": EntityType.GPE, "town": EntityType.GPE, "village": EntityType.GPE,
    "region": EntityType.LOCATION, "province": EntityType.GPE,
    "northern": EntityType.GPE, "southern": EntityType.GPE, "eastern": EntityType.GPE,
    "western": EntityType.GPE, "central": EntityType.GPE,
}

# Words right after a name that say what it is: "the Norland authorities", "the Halden field".
FOLLOWING_TYPE_CUES: dict[str, EntityType] = {
    **dict.fromkeys(("authorities", "government", "mainland", "territorial", "border",
                     "embassy", "parliament", "president", "prime", "foreign", "capital",
                     "citizens", "nationals"), EntityType.GPE),
    **dict.fromkeys(("field", "basin", "valley", "river", "peninsula", "coast", "region",
                     "delta"), EntityType.LOCATION),
    **dict.fromkeys(("spokesperson", "spokesman", "spokeswoman", "shares", "headquarters",
                     "executives", "employees"), EntityType.ORGANIZATION),
}

# First words that make a name a place: "Port Vanta", "Lake Ladoga".
PREFIX_TYPES: dict[str, EntityType] = dict.fromkeys(
    ("port", "mount", "lake", "cape", "fort", "gulf", "isle", "mt"), EntityType.LOCATION)

# Lower-case heads that belong to a facility's name: "the Kessel (gas) pipeline".
FACILITY_HEADS = ("pipeline", "bridge", "dam", "refinery", "canal", "tunnel", "airport",
                  "airbase", "power plant", "nuclear plant", "power station", "terminal")

# Head nouns that, right after a name, make it equipment ("the Patriot missile system").
EQUIPMENT_HEADS = frozenset({
    "missile", "missiles", "system", "systems", "drone", "drones", "tank", "tanks", "rocket",
    "rockets", "launcher", "launchers", "aircraft", "jet", "jets", "fighter", "fighters",
    "bomber", "bombers", "helicopter", "helicopters", "howitzer", "howitzers", "rifle",
    "rifles", "radar", "radars", "interceptor", "interceptors", "submarine", "frigate",
    "destroyer", "vehicle", "vehicles", "munition", "munitions", "warhead", "torpedo",
})

# The last word of a capitalised name that gives its type away.
SUFFIX_TYPES: dict[str, EntityType] = {
    **dict.fromkeys(
        ("ministry", "department", "agency", "company", "corporation", "corp", "inc", "ltd",
         "council", "committee", "commission", "army", "navy", "forces", "force", "guard",
         "bank", "university", "institute", "party", "post", "times", "news", "press",
         "office", "service", "services", "observatory", "foundation", "union", "alliance",
         "organization", "organisation", "group", "court", "parliament", "police", "shipping",
         "airlines", "industries", "systems", "association", "federation", "staff",
         "herald", "gazette", "tribune", "journal", "telegraph", "chronicle", "institution"),
        EntityType.ORGANIZATION),
    **dict.fromkeys(
        ("airport", "base", "port", "bridge", "plant", "station", "dam", "pipeline",
         "refinery", "terminal", "prison", "embassy", "harbour", "harbor", "canal"),
        EntityType.FACILITY),
    **dict.fromkeys(
        ("river", "sea", "ocean", "mountains", "mountain", "gulf", "bay", "strait", "island",
         "islands", "valley", "desert", "peninsula", "lake", "coast", "oblast", "region",
         "east", "west", "quarter", "district", "street", "avenue", "square", "road"),
        EntityType.LOCATION),
    **dict.fromkeys(("treaty", "accord", "accords", "agreement", "pact", "protocol", "deal"),
                    EntityType.AGREEMENT),
    **dict.fromkeys(("war", "summit", "conference", "offensive", "crisis", "olympics"),
                    EntityType.EVENT),
}

# Abbreviations that name a class of thing, not one thing.
GENERIC_ACRONYMS = frozenset({
    "UAV", "UAVs", "UAS", "AI", "CEO", "CEOs", "GDP", "TV", "PDF", "AIS", "IED", "IEDs",
    "MANPADS", "ATGM", "ATGMs", "OK", "AM", "PM", "HQ", "ID", "USB", "GPS", "LNG", "LPG",
    "CO2", "SMS", "FAQ",
})

# Well-known alternative names that no string similarity would find.
KNOWN_ALIASES: tuple[tuple[str, EntityType, tuple[str, ...]], ...] = (
    ("United States", EntityType.GPE,
     ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America", "the States")),
    ("United Kingdom", EntityType.GPE, ("U.K.", "UK", "Britain", "Great Britain")),
    ("European Union", EntityType.ORGANIZATION, ("EU", "E.U.")),
    ("United Nations", EntityType.ORGANIZATION, ("UN", "U.N.")),
    ("NATO", EntityType.ORGANIZATION, ("North Atlantic Treaty Organization", "Nato")),
    ("Russia", EntityType.GPE, ("Russian Federation",)),
    ("Pentagon", EntityType.ORGANIZATION, ("US Department of Defense", "Department of Defense")),
    ("Department of State", EntityType.ORGANIZATION,
     ("State Department", "U.S. Department of State", "US Department of State")),
    ("Department of the Treasury", EntityType.ORGANIZATION,
     ("U.S. Department of the Treasury", "US Department of the Treasury", "Treasury Department",
      "U.S. Treasury", "US Treasury")),
)

COUNTRIES = _words("""
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Botswana
Brazil Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros
Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia
Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana Greece Grenada
Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland
Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos
Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi
Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia
Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger
Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland
Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia
Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania
Thailand Togo Tonga Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay
Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe Kyiv Moscow Washington London
Paris Berlin Beijing Brussels Warsaw Copenhagen Tehran Ankara Minsk Kharkiv Odesa Crimea
Donetsk Luhansk Mariupol Lviv Dnipro Zaporizhzhia Kherson Sevastopol Tokyo Seoul
""") | frozenset({
    "United States", "United Kingdom", "South Africa", "South Korea", "North Korea",
    "New Zealand", "Saudi Arabia", "Sri Lanka", "Costa Rica", "El Salvador",
    "United Arab Emirates", "Bosnia and Herzegovina", "North Macedonia", "Czech Republic",
    "Ivory Coast", "Papua New Guinea", "Dominican Republic", "East Timor", "U.S.", "U.K.",
    "America", "Britain",
})

# Nationality adjectives the suffix rule ("-ian", "-ese", "-ish") does not catch.
DEMONYMS = _words("""
American African Mexican Cuban Moroccan Venezuelan Dominican Kenyan Ugandan Afghan Pakistani
Iraqi Israeli Saudi Thai Kazakh Uzbek Turkish Greek Dutch French German Kurdish Yemeni Qatari
Emirati Kuwaiti Omani Bahraini Bangladeshi Nepali Somali Chinese Japanese Polish Danish
Swedish Finnish Spanish British Irish Scottish Welsh Belarusian Ukrainian Russian European
Western Eastern Northern Southern Soviet Arab Islamic Muslim Christian Jewish
""")

# Words that are never the start of a name, wherever they stand.
NEVER_NAME_START = _words("""
I January February March April June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""")

# Capitalised words that start sentences or headings without naming anything.
STOP_CAPITALISED = _words("""
A An The This That These Those It Its In On At By For From With Without Within Into Of Off
Over Under After Before During Since Until While When Where Why How What Which Who Whom
Whose If Unless Although Though However Despite But And Or Nor So Yet As Also Earlier Later
Meanwhile Moreover Furthermore Still Even Then There Here Such Some Many Most Much More
Few Several All Any Each Every Both Either Neither No Not Our Their His Her My Your We They
He She I You One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next
Recent Recently Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday
Saturday Sunday January February March April May June July August September October
November December Strategic Context Implications Background Summary Conclusion Analysis
According Among Amid Against Along Around Across Between Beyond Through Throughout Toward
Towards Upon Via Once Now Only Just Perhaps Maybe Indeed Overall Instead Otherwise Thus
Therefore Hence Nevertheless Nonetheless Regardless Following Including Given Asked Speaking
Update Breaking Opinion
""")

# Function words left out when comparing sentences for summaries.
STOP_WORDS = _words("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just may me might more most must my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours
yourself yourselves said says say also one two new according including however since
""")

# Common German function words: German capitalises every noun, so in German text a
# capital letter does not mark a name and the capitalised-sequence rule stands down.
GERMAN_FUNCTION_WORDS = _words("""
der die das und ist nicht mit von den dem des ein eine einen zu auf für sich im auch
werden wird sind wir sie es bei aus nach oder wie als noch nur über
""")
