"""Server-rendered SVG charts: pure functions from plain values to an SVG string (page and PDF alike)."""
