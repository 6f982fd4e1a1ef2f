"""Views of the agreements app: thin functions that parse a form, call a service or selector, render."""
