"""Selectors: read intake data for views and home-page sections, through the access helpers."""
