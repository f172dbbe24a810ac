-- The reviewers of a review round (issue 17), kept even when one has no item yet, so
-- items added later are shared among all of them.
CREATE TABLE IF NOT EXISTS round_reviewers (
    round_id INTEGER NOT NULL REFERENCES review_rounds(id),
    reviewer TEXT NOT NULL,
    PRIMARY KEY (round_id, reviewer)
) WITHOUT ROWID;
