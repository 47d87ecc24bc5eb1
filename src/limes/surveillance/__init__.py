"""Surveillance: sectors, fence zones, towers and sensors; detections correlated into alarms;
coverage of the boundary and the tower planner. See docs/surveillance.md."""
