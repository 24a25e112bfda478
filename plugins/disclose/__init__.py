"""disclose: a Pelican plugin and CLI for government information disclosure sites."""

__version__ = "0.1.0"


def register() -> None:
    """Pelican entry point: connect our signal handlers."""
    from .site.plugin import register as _register

    _register()
