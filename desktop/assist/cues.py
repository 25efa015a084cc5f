"""Attribution cues (PARC 3.0's "cue" role): the words that tie a source to a content.

Data, not logic: every inflected form maps to its lemma, so the parser-based finder
needs no lemmatizer (one pipeline component less to load). Two kinds of verb:

- *reporting* verbs take the content as a clause ("said that…", "…, she warned");
- *stance* verbs carry the content in the verb phrase itself ("accused Kyiv of…",
  "condemned the strikes", "was dismissed by…"): the claim is the clause they head.
"""

from __future__ import annotations


def _forms(spec: str) -> dict[str, str]:
    """"say said saying says | tell told …" -> {form: lemma}; the first form is the lemma."""
    table: dict[str, str] = {}
    for group in spec.split("|"):
        words = group.split()
        if words:
            for word in words:
                table[word] = words[0]
    return table


REPORTING = _forms("""
say said says saying | tell told tells telling | add added adds adding |
announce announced announces announcing | state stated states stating |
claim claimed claims claiming | warn warned warns warning | note noted notes noting |
insist insisted insists insisting | argue argued argues arguing |
report reported reports reporting | confirm confirmed confirms confirming |
suggest suggested suggests suggesting | stress stressed stresses stressing |
emphasise emphasised emphasises emphasising emphasize emphasized emphasizes emphasizing |
explain explained explains explaining | acknowledge acknowledged acknowledges acknowledging |
allege alleged alleges alleging | assert asserted asserts asserting |
declare declared declares declaring | predict predicted predicts predicting |
estimate estimated estimates estimating | write wrote writes writing written |
tweet tweeted tweets tweeting | post posted posts posting | admit admitted admits admitting |
remark remarked remarks remarking | surmise surmised surmises surmising |
conclude concluded concludes concluding | assess assessed assesses assessing |
believe believed believes believing | think thought thinks thinking |
contend contended contends contending | maintain maintained maintains maintaining |
reiterate reiterated reiterates reiterating | observe observed observes observing |
quip quipped quips quipping | reply replied replies replying |
respond responded responds responding | counter countered counters countering |
comment commented comments commenting | testify testified testifies testifying |
disclose disclosed discloses disclosing | reveal revealed reveals revealing |
concede conceded concedes conceding | caution cautioned cautions cautioning |
recall recalled recalls recalling | complain complained complains complaining |
agree agreed agrees agreeing | acknowledge | indicate indicated indicates indicating |
signal signalled signaled signals signalling signaling | hint hinted hints hinting |
boast boasted boasts boasting | insist | forecast forecasts forecasting |
announce | inform informed informs informing | brief briefed briefs briefing |
pledge pledged pledges pledging | promise promised promises promising |
vow vowed vows vowing | threaten threatened threatens threatening |
describe described describes describing | call called calls calling |
see sees saw seen seeing | consider considered considers considering |
find found finds finding | show showed shows shown showing
""")

STANCE = _forms("""
accuse accused accuses accusing | condemn condemned condemns condemning |
deny denied denies denying | dismiss dismissed dismisses dismissing |
reject rejected rejects rejecting | question questioned questions questioning |
praise praised praises praising | laud lauded lauds lauding |
criticise criticised criticises criticising criticize criticized criticizes criticizing |
blame blamed blames blaming | welcome welcomed welcomes welcoming |
urge urged urges urging | slam slammed slams slamming | hail hailed hails hailing |
applaud applauded applauds applauding | denounce denounced denounces denouncing |
dispute disputed disputes disputing | challenge challenged challenges challenging |
brand branded brands branding | label labelled labeled labels labelling labeling |
defend defended defends defending | rebuff rebuffed rebuffs rebuffing |
refute refuted refutes refuting | attribute attributed attributes attributing
""")

# Reporting verbs whose bare object is the content ("announced a new drone office").
OBJECT_CONTENT = frozenset({"announce", "confirm", "deny", "report", "reveal", "disclose",
                            "predict", "forecast", "estimate", "acknowledge", "admit",
                            "describe", "call", "pledge", "promise", "vow", "threaten"})
# Verbs whose content is a to-infinitive ("pledged to build").
INFINITIVE_CONTENT = frozenset({"pledge", "promise", "vow", "threaten", "urge",
                                "claim", "call"})
# Cognition verbs count only with a named or official source ("the reforms suggest",
# "the data show" are the writer's inferences, not attributions).
NEEDS_AGENT = frozenset({"suggest", "indicate", "show", "find", "see", "consider", "think",
                         "believe", "signal", "hint", "call", "describe", "note", "add",
                         "maintain", "observe", "recall", "reply", "respond", "counter",
                         "comment", "brief", "inform", "hail", "label", "brand"})

# Nouns that stand for speakers without naming them ("officials said").
ANONYMOUS = frozenset({
    "official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman",
    "spokespeople", "analyst", "analysts", "expert", "experts", "diplomat", "diplomats",
    "witness", "witnesses", "resident", "residents", "observer", "observers", "authorities",
    "investigators", "investigator", "aides", "aide", "insiders", "planners", "leaders",
    "lawmakers", "legislators", "critics", "commentators", "people", "officers", "prosecutors",
    "researchers", "scientists", "activists", "campaigners", "police", "military", "army",
    "navy", "government", "ministry", "minister", "ministers", "court", "statement", "report",
    "council", "commission", "committee", "agency", "office", "department", "service",
    "embassy", "spokesmen", "staff", "team", "administration", "regime", "kremlin", "media",
    "newspaper", "broadcaster", "secretary", "president", "chief", "head",
    "director", "envoy", "ambassador", "commander", "general", "party", "group", "company",
    "firm", "union", "alliance", "bloc", "organisation", "organization", "parliament",
})

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"it", "they", "we", "i"})

# Reporting verbs whose passive still reports ("was announced by", "was confirmed by");
# other passives do not ("was recalled by the Reich" is not speech). Stance verbs
# always keep their source in the passive ("was dismissed by", "was questioned by").
PASSIVE_REPORTING = frozenset({"announce", "report", "confirm", "claim", "state", "deny",
                               "reveal", "disclose", "predict", "estimate", "assess",
                               "describe", "suggest"})
# Cognition verbs count only as the sentence's own verb or in a relative clause ("ISD,
# which sees the issue as…"): inside another clause they belong to whoever speaks there.
COGNITION = frozenset({"see", "consider", "think", "believe", "find", "show", "suggest",
                       "indicate"})
