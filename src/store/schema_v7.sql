-- Schema 7: the case list at the scale of a large office (docs/performance.md).

-- The short entries of the full-text index (people's names, case titles, task titles and
-- document names) also get an index of their own. The case list's name filter matched against
-- the main index, which also holds every note: a common surname matched a hundred thousand
-- notes, each read (and decrypted) to learn it was not a person. And search ranks these short
-- entries here, then lists notes newest first, instead of ranking every note that matches.
-- Entries share the main index's rowids, so one is removed from both at once.
CREATE VIRTUAL TABLE name_index USING fts5(
    kind UNINDEXED,
    id UNINDEXED,
    case_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO name_index (name_index, rank) VALUES ('secure-delete', 1);
INSERT INTO name_index (rowid, kind, id, case_id, body)
    SELECT rowid, kind, id, case_id, body FROM search_index WHERE kind != 'note';

-- The case list is newest first: a page, filtered or not, is read from one of these indexes
-- instead of sorting every case that matches.
CREATE INDEX legal_case_by_created ON legal_case(created);
CREATE INDEX legal_case_by_jurisdiction ON legal_case(jurisdiction, created);
CREATE INDEX legal_case_by_stage ON legal_case(stage, created);
CREATE INDEX legal_case_by_lawyer ON legal_case(lawyer, created);

-- The dashboard counts and lists what is overdue: open tasks by due date.
CREATE INDEX task_open_by_due ON task(due) WHERE done IS NULL;
