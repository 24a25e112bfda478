"""The evaluation set of the confidentiality check: planted identifiers and clean look-alikes."""
