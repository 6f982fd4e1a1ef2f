"""Demo step 60: history for the reports (filled below)."""
