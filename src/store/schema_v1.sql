-- Amparo vault schema, version 1. Applied inside one transaction; never edited once released:
-- later versions add migrations (schema_v2.sql, ...) instead.

CREATE TABLE keyslot_use (
    slot INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'recovery'))
) STRICT;

CREATE TABLE person (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    dob TEXT,
    dob_approx INTEGER NOT NULL DEFAULT 0,
    a_number TEXT UNIQUE,
    nationality TEXT,
    interpreter_needed INTEGER NOT NULL DEFAULT 0,
    detained INTEGER NOT NULL DEFAULT 0,
    facility TEXT,
    phone TEXT,
    email TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
) STRICT;

CREATE TABLE person_alias (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (person_id, alias)
) STRICT;

CREATE TABLE person_language (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (person_id, language)
) STRICT;

CREATE TABLE person_address (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    since TEXT NOT NULL,
    reported_court TEXT,
    reported_uscis TEXT
) STRICT;
CREATE INDEX person_address_by_person ON person_address(person_id, since);

CREATE TABLE legal_case (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    jurisdiction TEXT NOT NULL CHECK (jurisdiction IN ('us-eoir', 'us-uscis', 'mx-comar', 'co', 'unhcr')),
    proceeding TEXT,
    stage TEXT NOT NULL DEFAULT 'intake',
    lawyer TEXT,
    receipt_number TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
) STRICT;
CREATE INDEX legal_case_filter ON legal_case(jurisdiction, stage);

CREATE TABLE case_relief (
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    relief TEXT NOT NULL,
    PRIMARY KEY (case_id, relief)
) STRICT;

-- Key dates (last arrival, NTA served, I-589 filed/received, hearings, decisions).
CREATE TABLE case_date (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX case_date_by_case ON case_date(case_id, date);

-- The per-case age identity that encrypts the case's attachments. Deleting the case deletes it.
CREATE TABLE case_key (
    case_id TEXT PRIMARY KEY REFERENCES legal_case(id) ON DELETE CASCADE,
    identity TEXT NOT NULL
) STRICT;

CREATE TABLE case_role (
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
    role TEXT NOT NULL CHECK (role IN ('client', 'derivative', 'witness', 'adverse', 'other')),
    PRIMARY KEY (case_id, person_id, role)
) STRICT;
CREATE INDEX case_role_by_person ON case_role(person_id);

CREATE TABLE note (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX note_by_case ON note(case_id, created);

CREATE TABLE task (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due TEXT,
    done TEXT,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX task_by_case ON task(case_id, due);

CREATE TABLE document (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    metadata TEXT NOT NULL CHECK (metadata IN ('stripped', 'not-applicable', 'kept-malformed')),
    metadata_removed INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX document_by_case ON document(case_id, created);

-- Hash-chained: hash = SHA-256(prev_hash || canonical entry). `audit verify` recomputes it.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
) STRICT;

-- One full-text index over everything searchable. unicode61 with remove_diacritics 2 folds
-- case and accents, so "gonzalez" finds "González". secure-delete makes FTS5 overwrite deleted
-- entries instead of leaving them in the index.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    id UNINDEXED,
    case_id UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
