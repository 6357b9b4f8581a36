"""The fixed catalogue of validation errors: code, stage, title, meaning, message template.

Modelled on frictionless (each kind has a ``code``, ``title``, ``description`` and
message ``template``) and jsonschema (the location is data: an RFC 6901 pointer, rendered
on demand). A message is always built from the error's fields, never typed by hand.

How messages show their parameters: :mod:`kuril_data.validation.report`.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class ErrorKind:
    """One entry of the catalogue."""

    code: str
    stage: str
    title: str
    description: str
    template: str
    severity: str = ERROR


def _k(
    code: str, stage: str, title: str, description: str, template: str, severity: str = ERROR
) -> ErrorKind:
    return ErrorKind(code, stage, title, description, template, severity)


_KINDS = [
    # ------------------------------------------------------------------ io (exit 2)
    _k(
        "path-not-found",
        "io",
        "Path not found",
        "A path given to the validator does not exist.",
        "no such file or folder",
    ),
    _k(
        "not-a-file",
        "io",
        "Not a regular file",
        "A path names something that is not a regular file where a JSON file is expected "
        "(a folder that is not a dataset folder, a FIFO, a device).",
        "expected a JSON file or a dataset folder, found {found}",
    ),
    _k(
        "unreadable-file",
        "io",
        "Unreadable file",
        "The file exists but could not be read (permissions, I/O error).",
        "cannot read the file: {reason}",
    ),
    _k(
        "file-too-large",
        "io",
        "File too large",
        "The file is larger than the configured limit (--max-bytes); it is refused unread.",
        "file is {size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)",
    ),
    _k(
        "no-dataset-files",
        "io",
        "No dataset files",
        "A folder was given that holds neither entities.json nor articles/*.json.",
        "no dataset files here (expected entities.json and/or articles/*.json)",
    ),
    # ------------------------------------------------------------------ json (exit 1)
    _k(
        "byte-order-mark",
        "json",
        "Byte-order mark",
        "The file starts with a UTF-8 byte-order mark; RFC 8259 forbids it in JSON text. "
        "The rest of the file is still checked.",
        "file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM",
    ),
    _k(
        "invalid-utf8",
        "json",
        "Invalid UTF-8",
        "The file is not valid UTF-8.",
        "invalid UTF-8 at byte {offset}: {reason}",
    ),
    _k(
        "invalid-json",
        "json",
        "Malformed JSON",
        "The file is not well-formed JSON (truncated, a stray character, a number too long).",
        "malformed JSON: {reason}",
    ),
    _k(
        "duplicate-key",
        "json",
        "Duplicate key",
        "A JSON object has the same key twice; parsers disagree on which value wins, so the "
        "file is ambiguous.",
        "key '{key!e}' appears more than once in this object",
    ),
    _k(
        "non-finite-number",
        "json",
        "NaN or Infinity",
        "NaN, Infinity and -Infinity are not JSON numbers (RFC 8259).",
        "'{value}' is not a JSON number",
    ),
    _k(
        "nesting-too-deep",
        "json",
        "Nesting too deep",
        "Arrays and objects are nested deeper than any dataset file can be.",
        "JSON nested deeper than {limit} levels",
    ),
    # ------------------------------------------------------------------ structure
    _k(
        "missing-field",
        "structure",
        "Missing field",
        "A required field is absent (every field is required; optional ones are null).",
        "required field '{field!e}' is missing",
    ),
    _k(
        "unknown-field",
        "structure",
        "Unknown field",
        "A field that the schema does not define (often a typo).",
        "unknown field '{field!e}'",
    ),
    _k(
        "wrong-type",
        "structure",
        "Wrong type",
        "A value has the wrong JSON type (a number given as a string, a list for an object).",
        "expected {expected}, found {found}",
    ),
    _k(
        "not-in-vocabulary",
        "structure",
        "Value not in vocabulary",
        "A value of a closed vocabulary (types, roles, statuses, codes) that is not in it.",
        "{value!j} is not one of: {allowed!l}",
    ),
    _k(
        "malformed-id",
        "structure",
        "Malformed id",
        "An id is not a lower-case kebab-case slug (letters, digits, single hyphens).",
        "{value!j} is not a well-formed id (lower-case kebab-case, e.g. 'sergey-lavrov')",
    ),
    _k(
        "pattern-mismatch",
        "structure",
        "Pattern mismatch",
        "A string does not have the required form (hash, language tag, pointer, version).",
        "{value!j} does not match the pattern {pattern}",
    ),
    _k(
        "length-out-of-range",
        "structure",
        "Length out of range",
        "A string or list is shorter or longer than allowed.",
        "{found} has length {length}; the {bound} is {limit}",
    ),
    _k(
        "value-out-of-range",
        "structure",
        "Number out of range",
        "A number is smaller or larger than allowed (a negative offset).",
        "{value!j} is out of range; the {bound} is {limit}",
    ),
    _k(
        "invalid-date",
        "structure",
        "Invalid date",
        "A date field is not an ISO 8601 calendar date (YYYY-MM-DD).",
        "{value!j} is not an ISO 8601 date (YYYY-MM-DD)",
    ),
    _k(
        "unsupported-schema-version",
        "structure",
        "Unsupported schema version",
        "The file declares a schema major version this validator does not read.",
        "schema_version {value!j} is not supported; this validator reads {supported}",
    ),
    _k(
        "model-schema-disagreement",
        "structure",
        "Models and schema disagree",
        "The pydantic models reject a value the published JSON Schema accepts. This is a bug "
        "in kuril-data; please report it. The models' verdict is shown.",
        "the models reject this value ({detail}) but the published schema accepts it",
    ),
    # ------------------------------------------------------------------ semantic
    _k(
        "span-out-of-range",
        "semantic",
        "Span out of range",
        "span_end is before span_start, or past the end of document.text.",
        "span [{start}, {end}) is not inside document.text (length {length})",
    ),
    _k(
        "span-mismatch",
        "semantic",
        "Span text mismatch",
        "A record's text (or a quote's cue) does not equal document.text[span_start:span_end].",
        "{found!j} does not equal document.text[{start}:{end}] = {expected!j}",
    ),
    _k(
        "paragraphs-not-tiling",
        "semantic",
        "Paragraphs do not tile the text",
        "Paragraph spans must cover document.text exactly, in order, with no gap or overlap.",
        "{detail}",
    ),
    _k(
        "paragraph-index-mismatch",
        "semantic",
        "Paragraph index out of sequence",
        "paragraph_index must count 0, 1, 2, ... in order.",
        "paragraph_index is {found}; expected {expected}",
    ),
    _k(
        "text-not-nfc",
        "semantic",
        "Text not NFC",
        "document.text must be in Unicode Normalization Form C.",
        "document.text is not in Unicode NFC",
    ),
    _k(
        "text-hash-mismatch",
        "semantic",
        "Text hash mismatch",
        "text_sha256 must be the SHA-256 of document.text encoded as UTF-8.",
        "text_sha256 is {found!j}; the text hashes to {expected!j}",
    ),
    _k(
        "dangling-reference",
        "semantic",
        "Dangling reference",
        "An id refers to a record that does not exist (entities: in the entity registry; "
        "mentions, quotes, events: in the same article).",
        "{target} id {value!j} does not resolve{scope}",
    ),
    _k(
        "reference-type-mismatch",
        "semantic",
        "Reference to the wrong kind of entity",
        "A reference resolves to an entity whose type cannot fill that field (an outlet that "
        "is not an organization, a location that is a person).",
        "{value!j} is a {found}; this field needs one of: {allowed}",
    ),
    _k(
        "speaker-mention-mismatch",
        "semantic",
        "Speaker mention of another entity",
        "quote.speaker_mention_id must be a mention of quote.speaker_id, or of an entity "
        "the speaker is part_of (a state named for its government).",
        "mention {mention!j} refers to {found!j}, not to the speaker {expected!j}",
    ),
    _k(
        "reference-cycle",
        "semantic",
        "Reference cycle",
        "Quotes nested in each other, or entities part of each other, in a loop.",
        "{field} forms a cycle: {cycle}",
    ),
    _k(
        "nested-quote-not-contained",
        "semantic",
        "Nested quote outside its container",
        "A quote nested in another must lie inside that quote's content span.",
        "span [{start}, {end}) is not inside the span [{outer_start}, {outer_end}) of {outer!j}",
    ),
    _k(
        "duplicate-id",
        "semantic",
        "Duplicate id",
        "Ids are unique across the whole dataset (all files, all record kinds).",
        "id {value!j} is already used at {first}",
    ),
    _k(
        "invalid-edtf",
        "semantic",
        "Invalid EDTF date",
        "A date is not a valid Library of Congress EDTF string (levels 0-2).",
        "{value!j} is not a valid EDTF date",
    ),
    _k(
        "date-bounds-mismatch",
        "semantic",
        "Date bounds do not match the EDTF date",
        "date_earliest and date_latest must equal the EDTF lower and upper strict bounds of "
        "date (null for an open or unknown end; both null when date is null).",
        "{field} is {found!j}; the date {date!j} gives {expected!j}",
    ),
    _k(
        "date-bounds-order",
        "semantic",
        "Date bounds out of order",
        "date_earliest must not be after date_latest.",
        "date_earliest {earliest} is after date_latest {latest}",
    ),
    _k(
        "date-resolution-mismatch",
        "semantic",
        "Date resolution inconsistent",
        "date_resolution 'unknown' goes with a null date, and only with it.",
        "date_resolution is {resolution!j} but date is {date!j}",
    ),
    _k(
        "enrichment-missing",
        "semantic",
        "Enrichment entry missing",
        "A date resolved by enrichment must name its source in an enrichment entry for /date.",
        "date_resolution is 'enrichment' but no enrichment entry has field '/date'",
    ),
    _k(
        "status-date-conflict",
        "semantic",
        "Status contradicts the date",
        "An event that occurred cannot start after publication; a planned one cannot end "
        "before it; an ongoing one must include it.",
        "status {status!j} but the date {date!j} {relation} publication ({published})",
    ),
    _k(
        "dateline-date-mismatch",
        "semantic",
        "Dateline date differs from the publication date",
        "document.dateline.date must equal document.published: the publication date is the "
        "dateline's.",
        "dateline date {found!j} differs from published {expected!j}",
    ),
    _k(
        "speech-event-mismatch",
        "semantic",
        "Speech event without the speaker",
        "A quote's speech_event_id must name an event in which the quote's speaker takes part.",
        "event {event!j} has no participant {speaker!j}",
    ),
    _k(
        "fact-quote-mismatch",
        "semantic",
        "Fact inconsistent with its quote",
        "A fact taken from a quote is asserted by the quote's speaker, and its evidence span "
        "lies inside the quote's content.",
        "{detail}",
    ),
    _k(
        "source-chain-mismatch",
        "semantic",
        "Source chain inconsistent",
        "fact.source_chain starts with the document's outlet and ends with asserted_by.",
        "source_chain {position} is {found!j}; expected {expected!j} ({expected_field})",
    ),
    _k(
        "enrichment-field-unresolved",
        "semantic",
        "Enrichment field does not resolve",
        "An enrichment entry's field pointer must name a field of the record that carries it.",
        "{value!j} does not name a field of this record",
    ),
    _k(
        "span-not-trimmed",
        "semantic",
        "Span not trimmed",
        "A mention, quote, cue, event trigger or fact evidence starts or ends with white "
        "space: spans are trimmed to their first and last non-space character.",
        "{found!j} starts or ends with white space",
    ),
    _k(
        "trigger-crosses-paragraphs",
        "semantic",
        "Trigger crosses paragraphs",
        "An event trigger must lie inside one paragraph.",
        "trigger [{start}, {end}) is not inside one paragraph",
    ),
    _k(
        "duplicate-cue",
        "semantic",
        "Cue shared by quotes",
        "One cue introduces one quote: two quotes with the same cue span are one quote "
        "split in two, or one of them has the wrong cue.",
        "cue [{start}, {end}) also introduces {other!j}",
    ),
    _k(
        "cue-misplaced",
        "semantic",
        "Cue misplaced",
        "A quote's cue lies outside its own content, and a nested quote's cue lies inside "
        "the content of the quote it is nested in.",
        "cue [{start}, {end}) {problem}",
    ),
    _k(
        "source-chain-nesting",
        "semantic",
        "Source chain does not follow the quotes",
        "A fact's source_chain is the outlet followed by the speaker of every quote that "
        "encloses its evidence, outermost first; a fact with no quote is the outlet's own.",
        "source_chain is {found!j}; the quotes give {expected!j}",
    ),
    _k(
        "date-resolution-text",
        "semantic",
        "Date resolution disagrees with the text",
        "date_resolution says where the date comes from, so it must agree with date_text: "
        "'explicit' and 'vague' resolve a temporal expression of the article (date_text "
        "set); 'enrichment' means the article gives no date (date_text null). 'dateline' "
        "may have no date_text when the tense alone gives the bound (a present perfect).",
        "date_resolution {resolution!j} with date_text {date_text!j}",
    ),
    _k(
        "enrichment-value-mismatch",
        "semantic",
        "Enrichment value differs from the date",
        "When the date comes from enrichment, the /date enrichment entry holds that date.",
        "date {date!j} but the /date enrichment entry gives {value!j}",
    ),
    _k(
        "fact-quote-not-innermost",
        "semantic",
        "Fact not attributed to the quote around it",
        "A fact's quote_id is the innermost quote whose content contains the fact's "
        "evidence, and null only when no quote contains it; with source-chain-nesting this "
        "keeps a claim made inside a quote from being recorded as the outlet's own.",
        "quote_id is {found!j}; the innermost quote around the evidence is {expected!j}",
    ),
    _k(
        "fact-event-mismatch",
        "semantic",
        "Fact linked to another source's event",
        "A fact's event_ids name events asserted by the same source as the fact: one record "
        "per eventuality, source and status, so a source's claim never links another "
        "source's account. (The trigger may lie outside the evidence when the evidence "
        "refers back to the event.)",
        "event {event!j} is asserted by {found!j}, the fact by {expected!j}",
        WARNING,
    ),
    _k(
        "mention-id-format",
        "semantic",
        "Mention id not in the id format",
        "A mention id is m-SHORT-START-ENTITY: SHORT the article's short id (lower-case "
        "letters and digits, the same for every mention of the article), START the "
        "mention's span_start with at least 4 digits, ENTITY its entity_id; so the id says "
        "where the mention is and whom it names.",
        "mention id {value!j} is not {expected!j}",
        WARNING,
    ),
    _k(
        "state-as-source",
        "semantic",
        "A state speaks or asserts",
        "Speaking, being addressed and asserting are acts of a state's government: a quote's "
        "speaker or addressee, a statement's speaker or addressee participant, an "
        "asserted_by and a source_chain entry name a government (or a person or "
        "organisation), never an entity of type state.",
        "{value!j} is a state; use its government",
        WARNING,
    ),
    _k(
        "unused-record",
        "semantic",
        "Record no fact or quote uses",
        "Every quote is the source of a fact, and every event is a quote's speech event or "
        "linked by a fact; an unused record is usually a missing link.",
        "{what} {value!j} is not used by any {by}",
        WARNING,
    ),
    _k(
        "date-out-of-range",
        "semantic",
        "Date outside years 1-9999",
        "A valid EDTF date whose year is before 1 or after 9999 (year 0, negative years, "
        "Y-prefixed years): the published date columns cannot hold its bounds.",
        "{value!j} is valid EDTF but outside the years 1-9999 the date columns can hold",
    ),
    _k(
        "url-not-http",
        "semantic",
        "Address is not http(s)",
        "document.source_url and republication_url must be absolute http:// or https:// "
        "addresses with a host and no spaces (no javascript:, data: or file: addresses).",
        "{value!j} is not an http(s) address",
    ),
    _k(
        "too-many-errors",
        "semantic",
        "Too many errors",
        "A file has more findings than the run's limit (--max-errors, default 1,000); the "
        "rest were counted, not reported, so memory stays flat however broken a file is.",
        "at least {count} more finding(s) in this file were not reported (limit {limit}; "
        "raise it with --max-errors)",
    ),
    _k(
        "entity-registry-unusable",
        "semantic",
        "Entity registry unusable",
        "The entity registry could not be read or parsed, so no entity reference was "
        "checked; its own errors say why. Reported once, not once per reference.",
        "entity references were not checked: {registry} is unusable",
        WARNING,
    ),
    _k(
        "unmentioned-entity",
        "semantic",
        "Entity never mentioned",
        "No article in the dataset mentions the entity (it may still be referenced as a "
        "role organisation or a part_of whole).",
        "entity {value!j} has no mention in any article",
        WARNING,
    ),
    _k(
        "alias-without-source",
        "semantic",
        "Alias without a source",
        "An alias is either a form an article of the dataset uses (it occurs in a "
        "document's text) or an outside name with an enrichment entry for "
        "/aliases/<i> naming its source; an annotator's translation or official style is "
        "not an alias.",
        "alias {value!j} occurs in no article and has no enrichment entry",
        WARNING,
    ),
    _k(
        "file-name-mismatch",
        "semantic",
        "File name does not match doc_id",
        "An article file is named <doc_id>.json.",
        "file is named {found!j}; its doc_id gives {expected!j}",
        WARNING,
    ),
    _k(
        "not-ordered",
        "semantic",
        "Records out of order",
        "Records are kept in canonical order (mentions, quotes, events and facts by span_start; "
        "entities by entity_id) so that diffs stay small.",
        "{what} is out of order: it sorts before the previous record",
        WARNING,
    ),
    _k(
        "no-entity-registry",
        "semantic",
        "No entity registry",
        "An article was validated without an entities.json (given or next to its articles/ "
        "folder), so entity references were not checked.",
        "no entities.json found; entity references were not checked",
        WARNING,
    ),
]

CATALOGUE: dict[str, ErrorKind] = {k.code: k for k in _KINDS}
