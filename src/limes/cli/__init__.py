"""The ``limes`` command: one group per context, each command thin."""
