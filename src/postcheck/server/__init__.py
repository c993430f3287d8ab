"""``postcheck server``: a Language Server over stdio (pygls), so writers see findings while
they write.

The server adds nothing to what a finding is: every diagnostic comes from the runner's
:func:`~postcheck.runner.check_text` on the editor's in-memory text, with the same config, rule
packs, suppressions and checklist as ``postcheck check``. This package only translates between
the document model (1-based lines, Unicode columns) and the protocol, decides when to check,
and keeps a broken config or a crashing check from taking the server down.

Importing this package is cheap: pygls is imported by :mod:`.app` only, which ``postcheck
server`` loads; :mod:`.settings` (the ``server:`` config section) is loaded with every config.
"""
