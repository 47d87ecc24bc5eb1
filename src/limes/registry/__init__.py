"""The registry of persons of concern: households, locations, statuses, statistics.

Pure domain: the modules here import no framework. See docs/registry.md.
"""
