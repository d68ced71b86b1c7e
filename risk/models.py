"""Models of the risk app; the issues that build it add them here."""
