"""The audit log: append-only, hash-chained, verifiable and reconcilable between nodes."""
