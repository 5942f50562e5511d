-- Schema v4: importing bundles from co-counsel, and backups.

-- The last export sequence number imported from each contact: an older or equal one is a replay.
ALTER TABLE contact ADD COLUMN last_sequence INTEGER NOT NULL DEFAULT 0;

-- The version (SHA-256 of its canonical JSON) of each mergeable unit as last exchanged with a
-- co-counsel, sent or received: the common ancestor that tells "changed here", "changed there"
-- and "changed on both sides" apart (docs/bundle-format.md §6).
CREATE TABLE sync_base (
    unit TEXT PRIMARY KEY,
    hash TEXT NOT NULL
) STRICT;

-- A unit changed on both sides: ours stays in place, theirs waits here for the lawyer.
CREATE TABLE merge_conflict (
    id TEXT PRIMARY KEY,
    unit TEXT NOT NULL UNIQUE,
    case_id TEXT REFERENCES legal_case(id) ON DELETE CASCADE,
    contact_id TEXT REFERENCES contact(id) ON DELETE SET NULL,
    theirs TEXT NOT NULL,
    received TEXT NOT NULL
) STRICT;
