"""What other contexts may use of pipeline: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.pipeline.dead_letters import DeadLetter, DeadLetterRepository
from limes.pipeline.ports import AlarmDetectionRepository, RawMessage

__all__ = [
    "AlarmDetectionRepository",
    "DeadLetter",
    "DeadLetterRepository",
    "RawMessage",
]
