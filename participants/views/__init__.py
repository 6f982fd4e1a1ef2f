"""Views of the participant register: thin function views (parse a form, call one service or selector, render)."""
