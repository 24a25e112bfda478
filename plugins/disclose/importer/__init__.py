"""Importing pages of an existing disclosure site (HTML or text, UTF-8/GBK/GB18030)."""
