"""Appeals against every decision that affects a person, heard by an independent panel."""
