"""File verbs of hallmark.psychometrics: each module exposes ``main(argv, prog) -> int``."""
