"""The indicator catalog and the observations computed from published facts."""
