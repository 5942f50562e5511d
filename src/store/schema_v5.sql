-- Schema v5: the duress passphrase. Its slot index is recorded here, inside the encrypted
-- database, with the action it performs; the key-slot file itself shows nothing.

CREATE TABLE keyslot_use_v5 (
    slot INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'recovery', 'duress-wipe', 'duress-decoy'))
) STRICT;
INSERT INTO keyslot_use_v5 (slot, kind) SELECT slot, kind FROM keyslot_use;
DROP TABLE keyslot_use;
ALTER TABLE keyslot_use_v5 RENAME TO keyslot_use;
