"""Machine-readable zones of ICAO Doc 9303: TD1, TD2, TD3, MRV-A and MRV-B."""
