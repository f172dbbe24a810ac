-- The HTTP API (issue 20): bearer tokens and background tasks.
--
-- api_tokens: a token is shown once, when issued; only its SHA-256 is kept. It ends at
-- expires_at, or when revoked (by hand, or because its account was disabled or its
-- password changed: cred_stamp is a hash of the account's password hash when the
-- token was issued, so a new password ends every older token).
CREATE TABLE IF NOT EXISTS api_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,     -- sha256 hex of the token
    prefix      TEXT NOT NULL,            -- its first characters, to tell tokens apart
    account     TEXT NOT NULL,
    kind        TEXT NOT NULL,            -- 'signin' (POST /token) | 'portal' (huibian user token)
    label       TEXT,
    cred_stamp  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,            -- UTC ISO
    last_used_at TEXT,
    revoked_at  TEXT,
    revoked_reason TEXT
);
CREATE INDEX IF NOT EXISTS api_tokens_account ON api_tokens(account);

-- api_tasks: work the API does in the background (uploads, volume exports), kept here
-- so a restart of the server finds it: a task left 'running' by a dead server is
-- queued again (resumed) or, after too many interruptions, failed.
CREATE TABLE IF NOT EXISTS api_tasks (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,            -- 'upload' | 'volume_export'
    status      TEXT NOT NULL,            -- queued | running | done | failed
    account     TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    runner      TEXT,                     -- 'pid:boot' of the server running it
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    started_at  TEXT,
    finished_at TEXT,
    error       TEXT,                     -- JSON {"code","message"} of a failed task
    result      TEXT                      -- JSON: the files an export wrote
);
CREATE INDEX IF NOT EXISTS api_tasks_status ON api_tasks(status, created_at);

-- The files of an upload task: one row per uploaded file (member = -1, its bytes
-- spooled beside the store until the task ends) and one per stored source (a zip's
-- members each get their own row). status NULL: being stored (sha256 known).
CREATE TABLE IF NOT EXISTS api_task_files (
    task_id     TEXT NOT NULL REFERENCES api_tasks(id) ON DELETE CASCADE,
    upload      INTEGER NOT NULL,         -- the uploaded file's position in the request
    member      INTEGER NOT NULL,         -- -1: the upload itself; 0…: its sources in order
    name        TEXT NOT NULL,
    sha256      TEXT,
    status      TEXT,                     -- stored | duplicate | failed | NULL (in flight)
    items       TEXT NOT NULL DEFAULT '[]',
    duplicate_of TEXT,
    error       TEXT,                     -- JSON {"code","message"}
    PRIMARY KEY (task_id, upload, member)
) WITHOUT ROWID;
