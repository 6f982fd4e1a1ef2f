"""Forms of the agreements app: one section of the summary page per form (agreements/forms/sections.py)."""
