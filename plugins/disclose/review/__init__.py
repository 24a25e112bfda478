"""The confidentiality check (保密审查 assistance): rules, engine, reports."""

from .engine import Checker, ReviewSettings, blocking
from .finding import Finding

__all__ = ["Checker", "Finding", "ReviewSettings", "blocking"]
