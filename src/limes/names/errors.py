"""Errors of the names context: what a name can be refused for."""

from __future__ import annotations

from limes.errors import Invalid


class NameEmpty(Invalid):
    """The name holds no letters once punctuation, digits and particles are set aside."""

    code = "name_empty"


class NameTooShort(Invalid):
    """Every part of the name is a single letter: nothing can be matched on an initial alone."""

    code = "name_too_short"


class NameTooLong(Invalid):
    """The name is longer than any real name (more than 200 characters or 12 parts)."""

    code = "name_too_long"


class NameScriptUnknown(Invalid):
    """The name is written in a script the normaliser does not read (it reads Arabic and
    Latin, with Persian and Kurdish letters folded to their Arabic neighbours)."""

    code = "name_script_unknown"
