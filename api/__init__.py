"""The HTTP API (FastAPI): token sign-in, uploads as background tasks, search, check,
labels, reviews and volumes, with the same roles and rules as the app."""
