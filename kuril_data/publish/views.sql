-- Joined views over the kuril-data tables, for analysts (DuckDB SQL). Written into every
-- built dataset folder by `kuril-data build` (source: kuril_data/publish/views.sql).
-- Rows come in document order (doc_id, then span_start).
-- They expect one view or table per published table, named after it (documents,
-- paragraphs, entities, mentions, quotes, events, event_participants, facts):
-- `kuril_data.load_dataset().duckdb()` creates those and then runs this file. By hand:
--   CREATE VIEW quotes AS SELECT * FROM read_parquet('<dataset>/parquet/quotes.parquet');
-- (one per table; `kuril-data path` prints <dataset>), then run this file.

-- Who is quoted saying what: one row per quote, with the speaker's and addressee's names.
CREATE OR REPLACE VIEW quote_view AS
SELECT q.doc_id, q.quote_id, q.speaker_id, s.name AS speaker_name, q.quote_type,
       q.cue, q.addressee_id, a.name AS addressee_name, q.nested_in,
       q.speech_event_id, q.span_start, q.span_end, q.text
FROM quotes q
JOIN entities s ON s.entity_id = q.speaker_id
LEFT JOIN entities a ON a.entity_id = q.addressee_id
ORDER BY q.doc_id, q.span_start, q.quote_id;

-- Who asserts what: one row per fact, with the asserter's name and the chain of sources.
CREATE OR REPLACE VIEW fact_view AS
SELECT f.doc_id, f.fact_id, f.asserted_by, e.name AS asserted_by_name, f.factuality,
       f.statement, f.source_chain, f.quote_id, f.entity_ids, f.event_ids,
       f.span_start, f.span_end, f.text AS evidence
FROM facts f
JOIN entities e ON e.entity_id = f.asserted_by
ORDER BY f.doc_id, f.span_start, f.fact_id;

-- What happened, when and where, according to whom: one row per event, participants as a
-- list of {entity_id, name, role}.
CREATE OR REPLACE VIEW event_view AS
SELECT ev.doc_id, ev.event_id, ev.event_type, ev.status, ev.factuality, ev.asserted_by,
       src.name AS asserted_by_name, ev.date, ev.date_earliest, ev.date_latest,
       ev.date_resolution, ev.date_text, ev.location_id, loc.name AS location_name,
       (SELECT list({'entity_id': p.entity_id, 'name': pe.name, 'role': p.role}
                    ORDER BY p.entity_id, p.role)
        FROM event_participants p JOIN entities pe ON pe.entity_id = p.entity_id
        WHERE p.event_id = ev.event_id) AS participants,
       ev.span_start, ev.span_end, ev.text AS trigger
FROM events ev
JOIN entities src ON src.entity_id = ev.asserted_by
LEFT JOIN entities loc ON loc.entity_id = ev.location_id
ORDER BY ev.doc_id, ev.span_start, ev.event_id;
