"""Open data (issue 6, in progress): statistical disclosure control for count tables."""
