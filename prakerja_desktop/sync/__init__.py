"""Outreach bundles: pairing by file, signed and encrypted bundles, merge at the office, acknowledgements.

Modules: `hlc` (hybrid logical clock), `keys` (device and office key pairs, pairing files), `bundle_format`
(the file layout, signing, encryption, limits), `rows` (table rows to and from JSON), `export`,
`apply` (import and merge at the office), `review` (the same NIK from two devices), `ack`
(acknowledgement and purge on the laptop), `tombstones` (erasures that travel), `returns` (the office's
return bundle to a laptop), `room` (`app.sync`: the door for the GUI and the command line).
"""
