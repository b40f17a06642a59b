"""The household vocabulary of living wages: MIT's twelve household types (one
adult; two adults, one working; two adults, both working; none to three children),
each with one id and one label used everywhere."""

from __future__ import annotations

WORDS = {0: "no", 1: "one", 2: "two", 3: "three"}
# (adults, working adults), in MIT's order.
KINDS = ((1, 1), (2, 1), (2, 2))


def household_id(adults: int, working: int, children: int) -> str:
    """``1-adult-1-child``, ``2-adults-1-working-0-children``."""
    kids = f"{children}-{'child' if children == 1 else 'children'}"
    if adults == 1:
        return f"1-adult-{kids}"
    return f"2-adults-{working}-working-{kids}"


def household_label(adults: int, working: int, children: int) -> str:
    """``One adult, one child``, ``Two adults (both working), no children``."""
    kids = f"{WORDS[children]} {'child' if children == 1 else 'children'}"
    if adults == 1:
        return f"One adult, {kids}"
    both = "both working" if working == 2 else "one working"
    return f"Two adults ({both}), {kids}"


def every_household() -> list[tuple[str, str]]:
    """(id, label) of every household, in MIT's order."""
    return [
        (household_id(a, w, c), household_label(a, w, c))
        for a, w in KINDS
        for c in range(4)
    ]
