"""Measuring understanding on the team's labeled development set: the set itself
(``devset``), scores (``scoring``), the literal cue-word baseline (``baseline``) and the
run that predicts and scores (``run``)."""
