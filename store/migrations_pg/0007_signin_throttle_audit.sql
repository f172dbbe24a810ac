-- Failed sign-ins (per account and per client address), so repeated failures are slowed
-- down across app restarts, and indexes for the admins' audit log page (filters by who
-- and by date).
CREATE TABLE IF NOT EXISTS signin_failures (
    key          TEXT COLLATE "C" PRIMARY KEY,        -- account:NAME | client:ADDRESS
    failures     BIGINT NOT NULL,        -- consecutive failures in the current window
    last_failure DOUBLE PRECISION NOT NULL,           -- unix seconds
    locked_until DOUBLE PRECISION NOT NULL DEFAULT 0  -- unix seconds; no attempt is checked before
);

CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor, at);
