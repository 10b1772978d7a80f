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
    images: dict[str, bytes] = field(default_factory=dict)  # every media file, by name
    transcripts: dict[str, str] = field(default_factory=dict)  # audio's, by media name
    captions: dict[str, str] = field(default_factory=dict)  # video's WebVTT, by media name
    source_identifier: str = ""  # the item's identifier in the bank it came from
    item_set: str = ""  # the identifier of its case set, if any

    @property
    def label(self) -> str:
        """How a problem names this item: where it is, and its identifier when it has one."""
        if self.identifier and self.identifier not in self.where:
            return f"{self.where} ({self.identifier})"
        return self.where


@dataclass(frozen=True)
class SetRecord:
    """A case set as a file carries it: the shared stimulus its items ask about."""

    identifier: str
    title: str
    stimulus: str
    files: dict[str, bytes] = field(default_factory=dict)  # every media file, by name
    transcripts: dict[str, str] = field(default_factory=dict)  # audio's, by media name
    captions: dict[str, str] = field(default_factory=dict)  # video's WebVTT, by media name


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Items Hallmark cannot hold (another interaction type, audio without a transcript, ...),
    # one problem each: an import refuses the file for them, or skips them when asked to.
    unsupported: list[Problem] = field(default_factory=list)
    sets: dict[str, SetRecord] = field(default_factory=dict)  # by identifier in the file


@dataclass(frozen=True)
class Context:
    """What a writer needs to know about where the items come from."""

    program: str
    outline_title: str = ""
    outline_version: int | None = None
    competency_statements: dict[str, str] = field(default_factory=dict)
    sets: dict[str, SetRecord] = field(default_factory=dict)  # the records' case sets
