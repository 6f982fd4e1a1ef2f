from tests.intake.factories import unit_rules  # noqa: F401  (fixture)
