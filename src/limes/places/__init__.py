"""Named places on the map: crossing points, camps and towns, with their sources."""
