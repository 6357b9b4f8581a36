"""Rules on quotes: the speaker's mention, the speech event, nesting inside the container."""

from __future__ import annotations

from kuril_data._spans import contains
from kuril_data.validation.report import show_value
from kuril_data.validation.rules._registry import Check, is_span, rule


@rule("speaker-mention-mismatch")
def speaker_mention_matches(c: Check) -> None:
    for i, q in c.records("quotes"):
        mention = c.lookup("mention", q["speaker_mention_id"])
        speaker = c.entity(q["speaker_id"])
        # without the speaker's registry record (no registry, or a dangling id) the
        # part_of wholes are unknown: nothing to compare
        if mention is None or not speaker:
            continue
        wholes = speaker.get("part_of")
        allowed = {
            q["speaker_id"],
            *(w for w in (wholes if isinstance(wholes, list) else []) if isinstance(w, str)),
        }
        target = mention.get("entity_id")
        if isinstance(target, str) and target not in allowed:
            c.err(
                "speaker-mention-mismatch",
                f"/quotes/{i}/speaker_mention_id",
                mention=q["speaker_mention_id"],
                found=target,
                expected=q["speaker_id"],
            )


@rule("speech-event-mismatch")
def speech_event_has_speaker(c: Check) -> None:
    for i, q in c.records("quotes"):
        event = c.lookup("event", q["speech_event_id"])
        if event is None or not isinstance(event.get("participants"), list):
            continue
        taking_part = [p.get("entity_id") for p in event["participants"] if isinstance(p, dict)]
        if q["speaker_id"] not in taking_part:
            c.err(
                "speech-event-mismatch",
                f"/quotes/{i}/speech_event_id",
                event=q["speech_event_id"],
                speaker=q["speaker_id"],
            )


@rule("nested-quote-not-contained")
def nested_quote_inside_container(c: Check) -> None:
    for i, q in c.records("quotes"):
        outer = c.lookup("quote", q["nested_in"])
        if outer is None or outer is q or not is_span(outer):
            continue
        if not contains((outer["span_start"], outer["span_end"]), (q["span_start"], q["span_end"])):
            c.err(
                "nested-quote-not-contained",
                f"/quotes/{i}/nested_in",
                start=q["span_start"],
                end=q["span_end"],
                outer_start=outer["span_start"],
                outer_end=outer["span_end"],
                outer=q["nested_in"],
            )


@rule("duplicate-cue")
def one_quote_per_cue(c: Check) -> None:
    first: dict[tuple[int, int], str] = {}
    for i, q in c.records("quotes"):
        cue = (q["cue_span_start"], q["cue_span_end"])
        if cue in first:
            c.err(
                "duplicate-cue",
                f"/quotes/{i}/cue_span_start",
                start=cue[0],
                end=cue[1],
                other=first[cue],
            )
        else:
            first[cue] = q["quote_id"]


@rule("cue-misplaced")
def cue_placed(c: Check) -> None:
    for i, q in c.records("quotes"):
        start, end = q["cue_span_start"], q["cue_span_end"]
        parent = c.lookup("quote", q["nested_in"])
        problem = None
        if start < q["span_end"] and q["span_start"] < end:
            problem = "overlaps the quote's own content"
        elif (
            is_span(parent)
            and parent is not None
            and parent is not q  # nested in itself: reference-cycle says so
            and not contains((parent["span_start"], parent["span_end"]), (start, end))
        ):
            problem = f"lies outside the content of {show_value(q['nested_in'])}"
        if problem:
            c.err(
                "cue-misplaced",
                f"/quotes/{i}/cue_span_start",
                start=start,
                end=end,
                problem=problem,
            )
