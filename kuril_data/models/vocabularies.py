"""The closed vocabularies: each a dict of value -> meaning, and a static ``Literal`` type.

The dicts document every value once (schema descriptions and the card are built from
them); the ``Literal`` aliases are written out so that type checkers see the values too.
A test checks that each ``Literal`` equals its dict's keys.
"""

from __future__ import annotations

from typing import Literal

PARAGRAPH_KINDS = {
    "headline": "the article's title line",
    "lede": "the opening paragraph, including the dateline",
    "subheading": "a section heading inside the article body",
    "body": "any other paragraph of running text",
}

ENTITY_TYPES = {
    "person": "a human being",
    "group": "an unnamed set of people acting or addressed together (e.g. 'reporters')",
    "organization": "a named organisation: news agency, ministry, international forum",
    "government": "the executive of a state, as an actor (often named by metonymy: 'Moscow' as a "
    "party to a dialogue)",
    "state": "a sovereign state or polity, present or past (Russia, the USSR)",
    "place": "a city or geographic region that is not itself disputed",
    "territory": "an island, island group or area whose status the article discusses",
    "agreement": "a treaty, declaration or other formal agreement, signed or prospective",
    "alliance": "a standing military or political alliance between states",
    "meeting": "a conference, summit or ministerial meeting referred to as a thing",
    "historical_event": "a historical event referred to as a thing (World War II)",
}

MENTION_TYPES = {
    "name": "a proper name, bare or with the possessive 's left outside the span",
    "nominal": "a common-noun phrase that refers to the entity ('Russia's top diplomat')",
    "pronoun": "a personal or possessive pronoun ('he', 'its', 'our', 'they')",
    "adjectival": "an adjective derived from a name ('Russian', 'Japanese', 'Soviet')",
}

ALIAS_SCRIPTS = {
    "Latn": "Latin script (English names and romanisations)",
    "Cyrl": "Cyrillic script",
    "Jpan": "Japanese script (kanji and kana)",
}

QUOTE_TYPES = {
    "direct": "the content is entirely inside quotation marks and framed as direct speech",
    "indirect": "reported speech with no quotation marks (paraphrase)",
    "mixed": "verbatim quoted words inside an indirect-speech frame ('added that \u201c...\u201d')",
}

EVENT_TYPES = {
    "statement": "a statement, remark, assurance or acknowledgement, public or not (any "
    "reported speech act other than a promise)",
    "promise": "a commitment to do something",
    "meeting": "a meeting or consultation between parties",
    "negotiation": "negotiations or talks, single or ongoing",
    "visit": "a visit by an official to another state",
    "agreement": "parties reaching an agreement or understanding",
    "signing": "the signing or conclusion of a formal agreement",
    "implementation": "carrying out the terms of an agreement",
    "recognition": "one party recognising a status, claim or result",
    "transfer": "a document or object passing from one party to another",
    "response": "a reply or reaction to a request or concern",
    "territorial_incorporation": "territory becoming part of a state",
    "territorial_dispute": "a party challenging the status of a territory",
    "dispute_settlement": "settling a dispute between parties",
    "war": "a war itself (its end is war_termination)",
    "war_termination": "ending a state of war between states",
    "withdrawal": "armed forces or a presence being withdrawn or discontinued",
    "alliance_activity": "building or strengthening a military alliance, or an alliance "
    "relying on something (a threat, a partner)",
    "threat_designation": "a party defining another as a threat",
}

EVENT_STATUSES = {
    "occurred": "happened by the publication date (ACE tense: past)",
    "ongoing": "began before publication and continues at it",
    "planned": "announced, intended, promised, agreed or predicted, and not reported as "
    "done by publication",
    "hypothetical": "conditional, required, possible or desired; not asserted to happen",
    "negated": "asserted not to have happened",
}

DATE_RESOLUTIONS = {
    "explicit": "the text states the date in full",
    "dateline": "resolved against the dateline date: a relative or partial expression "
    "('on Saturday', 'in December', 'November 22'), or a perfect running up to publication",
    "relative_to_event": "anchored to another event the article dates ('back then', 'when "
    "the declaration was being coordinated'); an undated anchor gives 'unknown'",
    "vague": "a vague period ('since the mid-20th century') mapped to an EDTF approximate date",
    "enrichment": "the article gives no date; the date comes from a checked outside "
    "source named in the record's enrichment list",
    "unknown": "no date can be given; date, date_earliest and date_latest are null",
}

PARTICIPANT_ROLES = {
    "speaker": "the source of a statement or promise (PARC source)",
    "addressee": "whom a statement, promise or request is directed to",
    "agent": "who does or would do the action (ACE Agent)",
    "patient": "who or what undergoes the action, or is acted on (ACE Entity/Artifact)",
    "recipient": "who receives something (ACE Recipient); also the party whose sovereignty "
    "or claim is recognised, and the party a response is directed to",
    "participant": "an equal party to what happens (a meeting, negotiation, agreement, "
    "settlement or alliance)",
    "visitor": "who makes a visit",
    "host": "who hosts a visit or meeting",
    "signatory": "a party signing an agreement",
    "topic": "what the event is about",
    "instrument": "the agreement or document through which the action happens (also the "
    "document whose terms are implemented or under which something is to happen)",
    "occasion": "the meeting or setting at which the event takes place",
}

FACTUALITY = {
    "CT+": "certain that it is so",
    "PR+": "probable that it is so",
    "PS+": "possible that it is so",
    "CT-": "certain that it is not so",
    "PR-": "probable that it is not so",
    "PS-": "possible that it is not so",
    "CTu": "certain, but of unknown polarity",
    "Uu": "uncommitted: the source takes no position",
}

CAMEO_CODES = {
    "010": "make statement, not specified below",
    "012": "make pessimistic comment",
    "020": "make an appeal or request, not specified below",
    "030": "express intent to cooperate, not specified below",
    "032": "express intent to provide diplomatic cooperation",
    "036": "express intent to meet or negotiate",
    "040": "consult, not specified below",
    "042": "make a visit",
    "043": "host a visit",
    "046": "engage in negotiation",
    "050": "engage in diplomatic cooperation, not specified below",
    "057": "sign formal agreement",
    "060": "engage in material cooperation, not specified below",
    "062": "cooperate militarily",
    "100": "demand, not specified below",
    "110": "disapprove, not specified below",
    "111": "criticize or denounce",
    "112": "accuse, not specified below",
    "130": "threaten, not specified below",
    "150": "demonstrate military or police power, not specified below",
    "190": "use conventional military force, not specified below",
}

PLOVER_TYPES = {
    "AGREE": "agree to, promise or accept",
    "CONSULT": "meet, visit, negotiate or talk",
    "SUPPORT": "express support",
    "CONCEDE": "concede, yield, recognise a claim",
    "COOPERATE": "cooperate materially or diplomatically",
    "AID": "give aid",
    "RETREAT": "withdraw or de-escalate",
    "REQUEST": "ask or demand",
    "ACCUSE": "accuse, criticise, blame",
    "REJECT": "reject, refuse",
    "THREATEN": "threaten",
    "PROTEST": "protest",
    "SANCTION": "sanction",
    "MOBILIZE": "mobilise or deploy forces",
    "COERCE": "coerce, seize, restrict",
    "ASSAULT": "use force",
}

PLOVER_MODES = {
    "visit": "CONSULT: one party travels to the other",
    "third-party": "CONSULT: the parties meet at a third location",
    "multilateral": "CONSULT: more than two parties",
    "phone": "CONSULT: by telephone or remotely",
}


ParagraphKind = Literal["headline", "lede", "subheading", "body"]
EntityType = Literal[
    "person",
    "group",
    "organization",
    "government",
    "state",
    "place",
    "territory",
    "agreement",
    "alliance",
    "meeting",
    "historical_event",
]
MentionType = Literal["name", "nominal", "pronoun", "adjectival"]
AliasScript = Literal["Latn", "Cyrl", "Jpan"]
QuoteType = Literal["direct", "indirect", "mixed"]
EventType = Literal[
    "statement",
    "promise",
    "meeting",
    "negotiation",
    "visit",
    "agreement",
    "signing",
    "implementation",
    "recognition",
    "transfer",
    "response",
    "territorial_incorporation",
    "territorial_dispute",
    "dispute_settlement",
    "war",
    "war_termination",
    "withdrawal",
    "alliance_activity",
    "threat_designation",
]
EventStatus = Literal["occurred", "ongoing", "planned", "hypothetical", "negated"]
DateResolution = Literal[
    "explicit", "dateline", "relative_to_event", "vague", "enrichment", "unknown"
]
ParticipantRole = Literal[
    "speaker",
    "addressee",
    "agent",
    "patient",
    "recipient",
    "participant",
    "visitor",
    "host",
    "signatory",
    "topic",
    "instrument",
    "occasion",
]
Factuality = Literal["CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "CTu", "Uu"]
CameoCode = Literal[
    "010",
    "012",
    "020",
    "030",
    "032",
    "036",
    "040",
    "042",
    "043",
    "046",
    "050",
    "057",
    "060",
    "062",
    "100",
    "110",
    "111",
    "112",
    "130",
    "150",
    "190",
]
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
PloverMode = Literal["visit", "third-party", "multilateral", "phone"]

LITERALS: dict[str, tuple[object, dict[str, str]]] = {
    "ParagraphKind": (ParagraphKind, PARAGRAPH_KINDS),
    "EntityType": (EntityType, ENTITY_TYPES),
    "MentionType": (MentionType, MENTION_TYPES),
    "AliasScript": (AliasScript, ALIAS_SCRIPTS),
    "QuoteType": (QuoteType, QUOTE_TYPES),
    "EventType": (EventType, EVENT_TYPES),
    "EventStatus": (EventStatus, EVENT_STATUSES),
    "DateResolution": (DateResolution, DATE_RESOLUTIONS),
    "ParticipantRole": (ParticipantRole, PARTICIPANT_ROLES),
    "Factuality": (Factuality, FACTUALITY),
    "CameoCode": (CameoCode, CAMEO_CODES),
    "PloverType": (PloverType, PLOVER_TYPES),
    "PloverMode": (PloverMode, PLOVER_MODES),
}
"""Each static Literal type and the vocabulary it must equal (checked by a test)."""


def describe(values: dict[str, str]) -> str:
    """A vocabulary as one line for schema descriptions: ``'value': meaning; ...``."""
    return "; ".join(f"'{k}': {v}" for k, v in values.items())
