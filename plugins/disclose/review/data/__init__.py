"""Data files of the check (shipped as package data)."""
