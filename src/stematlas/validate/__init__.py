"""Findings, row checks and the quarantine."""
