-- Schema 7: the case list at the scale of a large office (docs/performance.md).

-- The case list's filter matched names against the whole full-text index, notes included: a
-- common surname matched a hundred thousand notes, each read (and decrypted) to learn it was
-- not a person. People and case titles now also have an index of their own, sharing the
-- main index's rowids so an entry is removed from both at once.
CREATE VIRTUAL TABLE name_index USING fts5(
    kind UNINDEXED,
    id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO name_index (name_index, rank) VALUES ('secure-delete', 1);
INSERT INTO name_index (rowid, kind, id, body)
    SELECT rowid, kind, id, body FROM search_index WHERE kind IN ('person', 'case');

-- The case list is newest first: a page, filtered or not, is read from one of these indexes
-- instead of sorting every case that matches.
CREATE INDEX legal_case_by_created ON legal_case(created);
CREATE INDEX legal_case_by_jurisdiction ON legal_case(jurisdiction, created);
CREATE INDEX legal_case_by_stage ON legal_case(stage, created);
CREATE INDEX legal_case_by_lawyer ON legal_case(lawyer, created);
