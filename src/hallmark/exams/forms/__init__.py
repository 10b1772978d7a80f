"""Exam forms: the bank of operational items, assembly of draft forms, their review, approval
(freezing), retirement and use in testing windows, and the staff pages at /forms/."""
