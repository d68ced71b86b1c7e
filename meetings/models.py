"""Models of the meetings app; the issues that build it add them here."""
