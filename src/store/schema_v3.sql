-- Amparo vault schema, version 3: the vault's identity and its contacts.

-- The vault's own key pairs: an age X25519 identity (bundles are encrypted to its recipient) and
-- an Ed25519 key in minisign format (bundles are signed with it). One row. Created at `init`;
-- vaults from before get theirs at the first unlock after the upgrade.
CREATE TABLE identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    age_identity TEXT NOT NULL,
    sign_seed BLOB NOT NULL CHECK (length(sign_seed) = 32),
    sign_key_id BLOB NOT NULL CHECK (length(sign_key_id) = 8),
    display_name TEXT,
    export_seq INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
) STRICT;

-- Other lawyers' public keys, from their contact cards.
CREATE TABLE contact (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    minisign_public_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    trust TEXT NOT NULL CHECK (trust IN ('unverified', 'verified')),
    created TEXT NOT NULL,
    updated TEXT NOT NULL
) STRICT;

-- What an export sends for each attachment (the stored bytes, after metadata stripping), so it
-- can list them in the manifest without reading every blob twice. NULL for attachments added
-- before v3: export reads those once more to hash them.
ALTER TABLE document ADD COLUMN stored_size INTEGER;
ALTER TABLE document ADD COLUMN stored_sha256 TEXT;
