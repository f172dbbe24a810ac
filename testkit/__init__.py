"""Utilities shared by tests/ and bench/: files made from our own text (PDF, scans,
OFD, DOCX, zip) and corpus builders. Writes stores only through the library."""
