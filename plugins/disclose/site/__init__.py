"""Pelican integration: the reader hook, the catalogue generator and the output helpers."""
