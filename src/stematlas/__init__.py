"""STEM Atlas: equity indicators from public education, labor and early learning."""

__version__ = "0.1.0"
