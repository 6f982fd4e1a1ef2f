"""Forms of the participant register: register, consent, notes, programme (one module each)."""
