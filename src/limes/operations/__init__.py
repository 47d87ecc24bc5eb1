"""Operations: units of both parties, dispatch by ETA, incidents with outcomes, hotspots,
trends and impact levels by sector. See docs/surveillance.md."""
