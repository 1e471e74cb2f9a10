"""Resource files of the temporal tagger (TOML data; a package only so that they ship with it)."""
