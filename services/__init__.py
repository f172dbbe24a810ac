"""Services for people and review: accounts, sessions, audit, review rounds and
volumes. The permission checks (``require``) live here, in the library, so the CLI,
the app and the HTTP API apply the same rules."""
