"""The review desk (审核台): a local web page on 127.0.0.1 where the person at this workstation
sees their queue, what changed since the last approved version, and decides.

The desk has no logic of its own about states: it reads the repository through the library
(corpus, gate, review) and decides through `approval/actions.py`, like the CLI.
"""
