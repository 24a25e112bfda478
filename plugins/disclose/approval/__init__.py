"""Review and approval bound to content: roster, records, content hashes, git authors, the gate."""
