-- Amparo vault schema, version 2: the deadline engine.

-- Key dates become events: the same rows, plus a note and an update time.
ALTER TABLE case_date RENAME TO case_event;
ALTER TABLE case_event ADD COLUMN note TEXT;
ALTER TABLE case_event ADD COLUMN updated TEXT;
UPDATE case_event SET updated = created;
DROP INDEX case_date_by_case;
CREATE INDEX case_event_by_case ON case_event(case_id, date);
CREATE INDEX case_event_by_date ON case_event(date);

-- Deadlines: computed by a rule from an event (rule and event_id set) or typed in (rule NULL).
-- Computed rows are rewritten whenever their case's events change; `trace` holds the
-- computation as JSON steps (see src/deadlines/trace.rs).
CREATE TABLE deadline (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    rule TEXT,
    edition TEXT,
    event_id TEXT REFERENCES case_event(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('deadline', 'earliest', 'watch')),
    title TEXT,
    due TEXT NOT NULL,
    file_by TEXT NOT NULL,
    trace TEXT NOT NULL,
    done TEXT,
    -- 'marked' by the lawyer (kept as history), or 'met' by a later event (undone if it goes).
    done_how TEXT CHECK (done_how IN ('marked', 'met')),
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK ((rule IS NULL) = (event_id IS NULL)),
    CHECK (rule IS NOT NULL OR title IS NOT NULL),
    CHECK ((done IS NULL) = (done_how IS NULL)),
    UNIQUE (case_id, rule, event_id)
) STRICT;
CREATE INDEX deadline_by_due ON deadline(due, done);
CREATE INDEX deadline_by_case ON deadline(case_id, due);

-- The edition of a rule the lawyer chose for one case (otherwise: by the event's date).
CREATE TABLE case_rule_edition (
    case_id TEXT NOT NULL REFERENCES legal_case(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    edition TEXT NOT NULL,
    PRIMARY KEY (case_id, rule)
) STRICT;

-- Days the courts or offices are closed (`closure`: not business days) and periods during which
-- deadlines do not run (`suspension`); calendar NULL = every calendar. Both inclusive.
CREATE TABLE calendar_exception (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('closure', 'suspension')),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    calendar TEXT CHECK (calendar IN ('us', 'mx', 'co')),
    note TEXT,
    created TEXT NOT NULL,
    CHECK (first_day <= last_day)
) STRICT;

-- Settings that belong to the vault (they shape stored data, so they travel with it).
CREATE TABLE vault_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Which reminders (deadline, lead days) the lawyer has already seen.
CREATE TABLE reminder_seen (
    deadline_id TEXT NOT NULL REFERENCES deadline(id) ON DELETE CASCADE,
    lead_days INTEGER NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (deadline_id, lead_days)
) STRICT;
