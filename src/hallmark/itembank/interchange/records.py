"""The shape every format reads into and writes from."""

from dataclasses import dataclass, field

from hallmark.itembank.content import Content, Problem


@dataclass
class Record:
    """One item as a file carries it."""

    where: str
    identifier: str
    content: Content
    enemies: tuple[str, ...] = ()
    author: str = ""
    status: str = ""
    is_synthetic: bool = False
    version: int | None = None
    images: dict[str, bytes] = field(default_factory=dict)
    source_identifier: str = ""  # the item's identifier in the bank it came from
    item_set: str = ""  # the identifier of its case set, if any

    @property
    def label(self) -> str:
        """How a problem names this item: where it is, and its identifier when it has one."""
        if self.identifier and self.identifier not in self.where:
            return f"{self.where} ({self.identifier})"
        return self.where


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What a writer needs to know about where the items come from."""

    program: str
    outline_title: str = ""
    outline_version: int | None = None
    competency_statements: dict[str, str] = field(default_factory=dict)
