"""The ground floor: records, errors, the stage protocol, limits and settings.
Imports nothing of the project."""
