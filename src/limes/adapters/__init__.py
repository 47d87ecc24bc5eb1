"""Adapters: the technologies behind the domain's ports (store, bus, MQTT, CoT, partner link)."""
