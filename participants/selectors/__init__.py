"""Selectors: functions that read participant data for views (they never change anything)."""
