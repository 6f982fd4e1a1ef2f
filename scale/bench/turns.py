"""Measuring processes that take turns, round by round (`make bench`, and `SCALE=2`).

The bench compares databases with each other: national against small, and with `SCALE=2` 120
units against 60. Measured one database after the other, minutes apart, the machine's load moved
the pages' times by more than the 10 % allowed (runs of the same commit gave 0,93–1,20 for pages
whose statements read the same blocks at both sizes, and national/small 9,76 against 6,4). One
process per database (settings are per process) now measures in turns: small's round, national's,
then the 120 units' (when measured), then small's next round, so all see the same minutes of the
machine and their medians compare directly.

A turn is a number in a small file: process `me` of `players` may go when it is `me` modulo
`players`, and hands on by writing the next number (os.replace: never a half-written file).
A process that waits longer than `patience` seconds gives up with an error rather than hang the
bench when its partner has died.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PartnerGone(RuntimeError):
    """The other measuring process did not hand on its turn in time."""


class Turns:
    def __init__(self, path: Path, *, me: int, players: int = 2, patience: float = 600.0) -> None:
        if not 0 <= me < players:
            raise ValueError(f"player {me} of {players}")
        self.path, self.me, self.players, self.patience = Path(path), me, players, patience

    @staticmethod
    def start(path: Path) -> None:
        """Make the file before any player starts: player 0 goes first."""
        Path(path).write_text("0")

    def _read(self) -> int:
        return int(self.path.read_text() or 0)

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this process's turn, run the block, hand on (also when the block fails)."""
        deadline = time.monotonic() + self.patience
        while (number := self._read()) % self.players != self.me:
            if time.monotonic() > deadline:
                raise PartnerGone(f"no turn for player {self.me} in {self.patience:.0f} s ({self.path}: {number})")
            time.sleep(0.002)
        try:
            yield
        finally:
            spare = self.path.with_name(f"{self.path.name}.{self.me}")
            spare.write_text(str(number + 1))
            os.replace(spare, self.path)
