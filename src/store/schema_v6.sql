-- Schema v6: intake. The conflict check's index of name tokens (store/conflicts.rs keeps it in step
-- with every write of a person's name or aliases; vaults from before get it at their first
-- unlock).

CREATE TABLE person_name_token (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    -- 0 = the person's name, 1.. = the aliases in order.
    variant INTEGER NOT NULL,
    -- How many tokens that name has.
    tokens INTEGER NOT NULL,
    token TEXT NOT NULL,
    canon TEXT NOT NULL,
    phonetic TEXT NOT NULL,
    PRIMARY KEY (person_id, variant, token)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_name_token_by_token ON person_name_token(token);
-- Every distinct token, so a check compares the query with each once, however many people
-- share it (a token nobody has any more stays; it only costs one comparison).
CREATE TABLE name_token (
    token TEXT PRIMARY KEY,
    canon TEXT NOT NULL,
    phonetic TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Rows brought in from an office's spreadsheet, by the sheet's own id for the row: importing the
-- same sheet again updates these people and cases instead of adding them twice.
CREATE TABLE sheet_row (
    external_id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    case_id TEXT REFERENCES legal_case(id) ON DELETE SET NULL
) STRICT;

-- How a case ended, and the day it was closed, for the office's statistics (store/report.rs).
ALTER TABLE legal_case ADD COLUMN outcome TEXT
    CHECK (outcome IN ('granted', 'denied', 'withdrawn', 'dismissed', 'other'));
ALTER TABLE legal_case ADD COLUMN closed TEXT;

-- Where each record sits in the full-text index: removing or replacing a record's entry was a
-- scan of the whole index (its kind and id columns are not indexed), which made every write
-- slower as the vault grew. Now it is one lookup.
CREATE TABLE search_key (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    fts_rowid INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
INSERT OR REPLACE INTO search_key (kind, id, fts_rowid) SELECT kind, id, rowid FROM search_index;
