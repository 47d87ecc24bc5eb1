"""The surveillance pipeline: sensor messages validated, dead-lettered or put on the bus by
sector, correlated into alarms, stored and published. See docs/mqtt.md."""
