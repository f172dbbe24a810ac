"""Compiled volumes (汇编): stored selections of items, exported to DOCX and PDF."""
