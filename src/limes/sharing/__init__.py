"""Sharing between the two states' nodes: identities, agreements, signed exchange, export guard."""
