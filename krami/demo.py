"""Demo data is seeded in steps that each app registers (krami first, then the apps above it).

`manage.py seed_demo` runs the steps in order inside one transaction. Every step must be
idempotent: running the command twice gives the same data. Only invented people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

DEMO_PASSWORD = "krami-demo-2026"  # nosec B105: printed on purpose, demo accounts only


@dataclass
class DemoContext:
    """What earlier steps made, for later steps to use (units, organisations, users by key)."""

    units: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)  # (username, description)
    stdout: object = None


_steps: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def step(order: int, name: str):
    def decorator(func):
        _steps.append((order, name, func))
        _steps.sort(key=lambda s: s[0])
        return func

    return decorator


def steps():
    return list(_steps)
