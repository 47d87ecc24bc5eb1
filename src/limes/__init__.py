"""limes: joint border management for two neighbouring states.

Each state runs its own node; what crosses between nodes is what agreements allow.
See docs/architecture.md for the map of the code.
"""

__version__ = "0.1.0"
