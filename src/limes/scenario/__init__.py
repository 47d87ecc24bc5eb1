"""The default scenario: the Iraq–Syria border, its crossing points and refugee camps."""
