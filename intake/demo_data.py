"""Demo data of intake (step 40); filled in below."""
