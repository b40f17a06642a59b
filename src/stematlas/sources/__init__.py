"""Source modules: one per agency file family, each reading the agency's own layout
into published facts and tidy tables. The registry lists them all."""
