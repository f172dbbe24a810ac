-- Review: each reviewer's scores and comment per item, and the audit log of every
-- change a person makes (labels, scores, accounts, volumes): who, what, when.
--
-- review_scores.item_id has no foreign key to items, like volume_items: a score must
-- not vanish silently if a file is re-ingested; the shortlist joins items and leaves
-- out scores of items no longer stored.
CREATE TABLE IF NOT EXISTS review_scores (
    item_id      TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    scores       TEXT NOT NULL,          -- JSON {criterion id: number}
    weighted     REAL NOT NULL,          -- weighted mean under the rubric when submitted
    comment      TEXT NOT NULL DEFAULT '',
    rubric       TEXT NOT NULL,          -- rubric version (hash of the rubric file)
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (item_id, reviewer)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS review_scores_reviewer ON review_scores(reviewer);

CREATE TABLE IF NOT EXISTS audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,            -- UTC ISO time
    actor       TEXT NOT NULL,            -- account name
    action      TEXT NOT NULL,            -- score.submit, label.set, user.add, volume.* …
    target_kind TEXT NOT NULL,            -- item | user | volume
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log(target_kind, target);
