"""Reading and writing items in interchange formats: one module per format, one shape.

Each format module has `read(data: bytes) -> Parsed` and `write(records, context) -> bytes`.
A reader never touches the database: it turns a file into `Record`s and the problems it saw;
`hallmark.itembank.transfer` checks the records against the bank and imports all or nothing.
"""

from hallmark.itembank.interchange.records import Context, Parsed, Record, SetRecord

__all__ = ["Context", "Parsed", "Record", "SetRecord"]
