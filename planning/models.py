"""Models of the planning app; the issues that build it add them here."""
