"""Discipline cases: notice, response, an independent hearing, a sanction carried out through
the credential's lifecycle, and what the registry discloses of it."""
