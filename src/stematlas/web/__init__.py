"""The website and API, served from the warehouse, read only."""
