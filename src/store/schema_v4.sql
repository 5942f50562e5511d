-- Schema v4: importing bundles from co-counsel, and backups.

-- The last export sequence number imported from each contact: an older or equal one is a replay.
ALTER TABLE contact ADD COLUMN last_sequence INTEGER NOT NULL DEFAULT 0;

-- Every version (SHA-256 of its canonical JSON, first 128 bits in hex) of each mergeable unit
-- this vault has sent, received or settled on: its history. Comparing one side's current
-- version with the other side's history tells "changed here", "changed there" and "changed on
-- both sides" apart (docs/bundle-format.md §6).
CREATE TABLE unit_history (
    unit TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (unit, hash)
) STRICT, WITHOUT ROWID;

-- A unit changed on both sides: ours stays in place, theirs waits here for the lawyer.
CREATE TABLE merge_conflict (
    id TEXT PRIMARY KEY,
    unit TEXT NOT NULL UNIQUE,
    case_id TEXT REFERENCES legal_case(id) ON DELETE CASCADE,
    contact_id TEXT REFERENCES contact(id) ON DELETE SET NULL,
    theirs TEXT NOT NULL,
    -- The history their version came with (JSON array of hashes), merged into ours when settled.
    theirs_history TEXT NOT NULL,
    received TEXT NOT NULL
) STRICT;
