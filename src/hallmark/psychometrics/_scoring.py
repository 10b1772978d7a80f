"""Scoring option responses against a key.

Responses are held as one byte each: code 0 is an omitted response (blank), code 255 a response
the candidate did not reach, and codes 1..254 option labels, ``options[code - 1]``. One million
candidates by 150 items then take 150 MB, and every count an item analysis needs is a bincount
or a comparison over codes, never a float matrix of the same size.

Omitted and not reached are kept apart from wrong: an omit is a blank the candidate passed
over; not reached is the explicit code ``.`` or a candidate's trailing run of blanks.

Most items score 0 or 1: right when the response is one of the item's accepted options. An item
may instead carry a `Credit`, its row of the credit matrix: the whole points each response
earns, out of the item's maximum. A multiple-response item is one: its responses are option
sets written as labels joined by "|" ("A|C"), and `response_set_credit` builds its credit,
all or nothing (one point for exactly the keys) or partial (a point per key chosen less one per
other option chosen, never below 0, out of the number of keys).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from hallmark.psychometrics.io import EncodedTable, ResponseTable, ScoredTable

__all__ = [
    "MAX_OPTIONS",
    "NOT_REACHED",
    "NOT_REACHED_CODE",
    "OMITTED",
    "RESPONSE_SET_SEPARATOR",
    "Credit",
    "EncodedResponses",
    "ScoringResult",
    "encode_options",
    "mark_trailing_not_reached",
    "response_set_credit",
    "score_responses",
    "scores_to_result",
]

OMITTED = 0
NOT_REACHED = 255
MAX_OPTIONS = 254
# The label a response file uses for "not reached"; trailing blanks are read the same way.
NOT_REACHED_CODE = "."
# How a response that is a set of options is written: its labels, sorted, joined ("A|C").
RESPONSE_SET_SEPARATOR = "|"
_ROW_BLOCK = 65536


@dataclass(frozen=True)
class Credit:
    """One item's row of a credit matrix: the points each response earns.

    Attributes:
        points: response label -> whole points, 0 to `maximum`; any other response (and an
            omitted or unreached one) earns 0.
        maximum: what the item is worth (at least 1; 1 is an item scored right or wrong).
        separator: for an item whose responses are option sets ("A|C"), the string joining
            their labels, so that the item analysis reports each option; "" otherwise.
    """

    points: Mapping[str, int]
    maximum: int
    separator: str = ""

    def __post_init__(self) -> None:
        if type(self.maximum) is not int or self.maximum < 1:
            raise ValueError(
                f"a credit's maximum must be a whole number >= 1; got {self.maximum!r}"
            )
        for label, value in self.points.items():
            if type(value) is not int or not 0 <= value <= self.maximum:
                raise ValueError(
                    f"credit for response {label!r} is {value!r}; it must be a whole number "
                    f"from 0 to {self.maximum}"
                )
        if not self.keys:
            raise ValueError("a credit needs at least one response earning the maximum")

    @property
    def keys(self) -> frozenset[str]:
        """The responses earning the full `maximum`."""
        return frozenset(label for label, v in self.points.items() if v == self.maximum)

    def options(self, label: str) -> list[str]:
        """The option labels a response is made of (itself, without a separator)."""
        return label.split(self.separator) if self.separator else [label]


def response_set_credit(
    keys: Iterable[str],
    responses: Iterable[str],
    *,
    partial: bool,
    separator: str = RESPONSE_SET_SEPARATOR,
) -> Credit:
    """The credit of a multiple-response item over the responses seen.

    Each response is an option set written with `separator` ("A|C"). All or nothing: 1 point
    for exactly the keys, else 0. Partial: a point per key chosen less one per other option
    chosen, floored at 0, out of the number of keys.
    """
    key = frozenset(str(k).strip() for k in keys)
    if not key or "" in key:
        raise ValueError("a multiple-response key needs at least one non-blank option")
    full = separator.join(sorted(key))
    points = {full: len(key) if partial else 1}
    for response in set(responses):
        text = str(response).strip()
        if text in ("", NOT_REACHED_CODE) or text in points:
            continue
        chosen = frozenset(text.split(separator))
        if partial:
            points[text] = max(0, len(chosen & key) - len(chosen - key))
        else:
            points[text] = int(chosen == key)
    return Credit(points, len(key) if partial else 1, separator)


@dataclass(frozen=True)
class EncodedResponses:
    """Option responses as uint8 codes.

    Attributes:
        codes: uint8 array (candidates, items); 0 = omitted, 255 = not reached,
            c in 1..254 = the option ``options[c - 1]``.
        options: the option labels, in code order.
    """

    codes: np.ndarray
    options: list[str]

    def __post_init__(self) -> None:
        _encoded_iv(self.codes, self.options)

    @property
    def omitted(self) -> np.ndarray:
        """Boolean mask of omitted responses."""
        return np.asarray(self.codes == OMITTED)

    @property
    def not_reached(self) -> np.ndarray:
        """Boolean mask of responses the candidate did not reach."""
        return np.asarray(self.codes == NOT_REACHED)

    def decode(self, not_reached: str = NOT_REACHED_CODE) -> np.ndarray:
        """The responses as a str array: "" for omitted, `not_reached` for not reached."""
        labels = np.array(["", *self.options, *[""] * (255 - len(self.options))], dtype=object)
        labels[NOT_REACHED] = not_reached
        width = max([1, len(not_reached), *(len(o) for o in self.options)])
        return np.asarray(labels[self.codes], dtype=f"<U{width}")

    def code_of(self, option: str) -> int | None:
        """The code of an option label, or None when no response used it."""
        try:
            return self.options.index(option) + 1
        except ValueError:
            return None


def _encoded_iv(codes: np.ndarray, options: Sequence[str]) -> None:
    if not isinstance(codes, np.ndarray) or codes.dtype != np.uint8 or codes.ndim != 2:
        raise TypeError("codes must be a 2-D numpy array of dtype uint8")
    if len(options) > MAX_OPTIONS:
        raise ValueError(f"options has {len(options)} labels; at most {MAX_OPTIONS} fit in a code")
    if len(set(options)) != len(options):
        raise ValueError("options has a repeated label")
    if any(not isinstance(o, str) or o in ("", NOT_REACHED_CODE) for o in options):
        raise ValueError(f"options must be non-blank strings other than {NOT_REACHED_CODE!r}")
    for start in range(0, codes.shape[0], _ROW_BLOCK):
        # adding 1 wraps 255 (not reached) to 0, so one max checks every code has a label
        block = codes[start : start + _ROW_BLOCK] + np.uint8(1)
        if block.size and int(block.max()) > len(options) + 1:
            bad = int(block.max()) - 1
            raise ValueError(
                f"codes holds {bad}, which has no label in options ({len(options)} labels)"
            )


def mark_trailing_not_reached(codes: np.ndarray) -> None:
    """Recode, in place, each candidate's trailing run of omitted responses as not reached.

    A candidate who stops answering before the end of the form did not reach the remaining
    items; blanks followed later by an answer are omits. A record with no answer at all is
    entirely not reached.
    """
    n, k = codes.shape
    if k == 0 or n == 0:
        return
    # Only records whose last response is unanswered can have a trailing run.
    last_code = codes[:, -1]
    open_ended = np.flatnonzero((last_code == OMITTED) | (last_code == NOT_REACHED))
    columns = np.arange(k)
    for start in range(0, len(open_ended), _ROW_BLOCK):
        rows = open_ended[start : start + _ROW_BLOCK]
        block = codes[rows]
        answered = (block != OMITTED) & (block != NOT_REACHED)
        # index of the last answered item; -1 when none
        last = k - 1 - np.argmax(answered[:, ::-1], axis=1)
        last[~answered.any(axis=1)] = -1
        block[columns[None, :] > last[:, None]] = NOT_REACHED
        codes[rows] = block


def encode_options(
    responses: np.ndarray | Sequence[Sequence[str]],
    *,
    trailing_not_reached: bool = True,
    not_reached_code: str = NOT_REACHED_CODE,
) -> EncodedResponses:
    """Encode a matrix of option labels as uint8 codes.

    Blank ("" or None) is omitted, `not_reached_code` is not reached, and with
    `trailing_not_reached` a candidate's trailing run of blanks is not reached too.
    Labels are stripped of surrounding whitespace and are case-sensitive.
    """
    values = _encode_options_iv(responses)
    flat = values.ravel()
    labels, inverse = np.unique(flat, return_inverse=True)
    lookup = np.zeros(len(labels), dtype=np.uint8)
    options: list[str] = []
    for i, label in enumerate(labels.tolist()):
        text = "" if label is None else str(label).strip()
        if text == "":
            lookup[i] = OMITTED
        elif text == not_reached_code:
            lookup[i] = NOT_REACHED
        else:
            options.append(text)
    options = sorted(set(options))
    if len(options) > MAX_OPTIONS:
        raise ValueError(
            f"responses has {len(options)} distinct option labels; at most {MAX_OPTIONS} fit"
        )
    position = {o: c + 1 for c, o in enumerate(options)}
    for i, label in enumerate(labels.tolist()):
        text = "" if label is None else str(label).strip()
        if text and text != not_reached_code:
            lookup[i] = position[text]
    codes = lookup[inverse.reshape(values.shape)]
    if trailing_not_reached:
        mark_trailing_not_reached(codes)
    return EncodedResponses(codes=np.ascontiguousarray(codes), options=options)


def _encode_options_iv(responses: np.ndarray | Sequence[Sequence[str]]) -> np.ndarray:
    values = np.asarray(responses, dtype=object)
    if values.ndim != 2:
        raise ValueError(
            f"responses must be 2-D (candidates, items); got {values.ndim} dimension(s)"
        )
    # None sorts badly next to str in np.unique; blank it first.
    values = np.where(values == None, "", values)  # noqa: E711 - elementwise comparison
    return np.asarray(values.astype(str))


KeyEntry = Iterable[str] | str | Credit
KeyLike = Mapping[str, KeyEntry] | Sequence[KeyEntry]


@dataclass(frozen=True)
class ScoringResult:
    """Responses scored against a key, with omitted and not reached kept apart from wrong.

    Attributes:
        items: the scored items, in column order (dropped items removed).
        dropped: items left out of scoring (key ``*`` or the `dropped` argument).
        codes: uint8 (candidates, items) option codes of the scored items (see
            `EncodedResponses`): the option each candidate chose, per response.
        options: option labels in code order.
        keys: the accepted options of each scored item (for a credited item, the responses
            earning its maximum).
        weights: float64 (candidates,) pattern frequencies.
        option_data: False when built from 0/1 scores (no distractors to analyse).
        credits: per scored item its `Credit`, or None for an item scored right or wrong;
            empty when every item is.

    The score matrix, the masks and the raw scores are computed on first use, so that a large
    analysis can work from the codes alone.
    """

    items: list[str]
    dropped: list[str]
    codes: np.ndarray
    options: list[str]
    keys: list[frozenset[str]]
    weights: np.ndarray
    option_data: bool = True
    credits: tuple[Credit | None, ...] = ()
    _key_codes: np.ndarray = field(init=False, repr=False, compare=False)
    _points: np.ndarray | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.credits and len(self.credits) != len(self.items):
            raise ValueError(f"credits has {len(self.credits)} entries for {len(self.items)} items")
        object.__setattr__(self, "_key_codes", _key_code_table(self.keys, self.options))
        points = None
        if any(c is not None for c in self.credits):
            points = _points_table(self.keys, self.credits, self.options)
        object.__setattr__(self, "_points", points)

    @property
    def n_candidates(self) -> int:
        return int(self.codes.shape[0])

    @cached_property
    def maxima(self) -> np.ndarray:
        """int (items,): what each item is worth (1 unless its credit says more)."""
        if not self.credits:
            return np.ones(len(self.items), dtype=np.int64)
        return np.array([1 if c is None else c.maximum for c in self.credits], dtype=np.int64)

    @property
    def max_raw(self) -> int:
        """The highest raw score: the sum of the items' maxima."""
        return int(self.maxima.sum())

    @property
    def polytomous(self) -> bool:
        """Whether some item is worth more than one point."""
        return bool((self.maxima > 1).any())

    @cached_property
    def scores(self) -> np.ndarray:
        """float64 (candidates, items): the share of each item's maximum earned (1.0 right,
        0.0 wrong for items scored right or wrong); NaN omitted or not reached."""
        out = np.empty(self.codes.shape)
        for start, block in self.row_blocks():
            part = self.points(block) / self.maxima
            part[(block == OMITTED) | (block == NOT_REACHED)] = np.nan
            out[start : start + len(block)] = part
        return out

    @cached_property
    def omitted(self) -> np.ndarray:
        """bool (candidates, items): the candidate left the item blank and answered later ones."""
        return np.asarray(self.codes == OMITTED)

    @cached_property
    def not_reached(self) -> np.ndarray:
        """bool (candidates, items): the candidate did not reach the item."""
        return np.asarray(self.codes == NOT_REACHED)

    @cached_property
    def raw_scores(self) -> np.ndarray:
        """int32 (candidates,): points earned; an omitted or unreached item earns nothing."""
        out = np.empty(self.n_candidates, dtype=np.int32)
        for start, block in self.row_blocks():
            out[start : start + len(block)] = self.points(block).sum(axis=1)
        return out

    def points(self, codes: np.ndarray) -> np.ndarray:
        """Points earned on these codes (a block of rows of `codes`): 0/1 unless credited."""
        if self._points is None:
            return self.correct(codes).astype(np.uint8)
        return np.asarray(self._points[np.arange(codes.shape[1])[None, :], codes])

    def correct(self, codes: np.ndarray) -> np.ndarray:
        """bool: which of these codes (a block of rows of `codes`) earn the item's maximum."""
        table = self._key_codes
        hit = codes == table[:, 0]
        for extra in range(1, table.shape[1]):
            hit |= codes == table[:, extra]
        unkeyed = table[:, 0] == OMITTED  # no accepted option occurs in the data
        if unkeyed.any():
            hit[:, unkeyed] = False
        return hit

    def row_blocks(self, rows: int = _ROW_BLOCK) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, block of codes) in blocks that keep temporaries small."""
        for start in range(0, self.n_candidates, rows):
            yield start, self.codes[start : start + rows]

    @property
    def encoded(self) -> EncodedResponses:
        return EncodedResponses(codes=self.codes, options=self.options)

    def with_weights(self, weights: np.ndarray) -> ScoringResult:
        return ScoringResult(
            self.items,
            self.dropped,
            self.codes,
            self.options,
            self.keys,
            weights,
            self.option_data,
            self.credits,
        )


def _points_table(
    keys: Sequence[frozenset[str]], credits: Sequence[Credit | None], options: Sequence[str]
) -> np.ndarray:
    """uint8 (items, 256): the points of every code of every item (0 for omitted, unreached)."""
    code = {o: c + 1 for c, o in enumerate(options)}
    table = np.zeros((len(keys), 256), dtype=np.uint8)
    for j, (key, credit) in enumerate(zip(keys, credits, strict=True)):
        earned = credit.points if credit is not None else dict.fromkeys(key, 1)
        for label, value in earned.items():
            if label in code:
                table[j, code[label]] = value
    return table


def _key_code_table(keys: Sequence[frozenset[str]], options: Sequence[str]) -> np.ndarray:
    """(items, most keys) codes of each item's accepted options; OMITTED when none occurs."""
    code = {o: c + 1 for c, o in enumerate(options)}
    per_item = [sorted(code[o] for o in key if o in code) for key in keys]
    width = max([1, *(len(c) for c in per_item)])
    table = np.zeros((len(keys), width), dtype=np.uint8)
    for j, item_codes in enumerate(per_item):
        if item_codes:
            # repeat the first code so every row has `width` codes to compare with
            table[j] = item_codes + item_codes[:1] * (width - len(item_codes))
    return table


def score_responses(
    responses: ResponseTable | EncodedTable | EncodedResponses | np.ndarray,
    key: KeyLike,
    *,
    items: Sequence[str] | None = None,
    weights: np.ndarray | Sequence[float] | None = None,
    dropped: Iterable[str] = (),
    trailing_not_reached: bool = True,
) -> ScoringResult:
    """Score option responses against a key.

    Args:
        responses: a `ResponseTable`, an `EncodedTable`, `EncodedResponses`, or a 2-D array of
            option labels ("" blank, "." not reached).
        key: item -> accepted options (an iterable of labels, or a string "A" / "A|C", either
            accepted); an empty set or "*" drops the item; or a `Credit` for an item scored
            in points (see `response_set_credit`). Or a sequence with one entry per column.
        items: item names, when `responses` carries none (arrays, `EncodedResponses`).
        weights: pattern frequencies; default those of the table, else ones.
        dropped: more items to leave out of scoring (after a key review).
        trailing_not_reached: recode each candidate's trailing blanks as not reached (for
            label arrays and `ResponseTable`; an `EncodedTable` was coded when read).

    Returns:
        A `ScoringResult`. The raw score counts omitted and unreached items as wrong.
    """
    encoded, names, table_weights = _as_encoded(responses, items, trailing_not_reached)
    keys, credits = _score_responses_iv(key, names, dropped)
    n = encoded.codes.shape[0]
    w = _weights_iv(weights if weights is not None else table_weights, n)
    kept = [j for j, name in enumerate(names) if keys[name]]
    codes = encoded.codes if len(kept) == len(names) else encoded.codes[:, kept]
    return ScoringResult(
        items=[names[j] for j in kept],
        dropped=[name for name in names if not keys[name]],
        codes=np.ascontiguousarray(codes),
        options=list(encoded.options),
        keys=[keys[names[j]] for j in kept],
        weights=w,
        credits=tuple(credits.get(names[j]) for j in kept) if credits else (),
    )


def _as_encoded(
    responses: ResponseTable | EncodedTable | EncodedResponses | np.ndarray,
    items: Sequence[str] | None,
    trailing_not_reached: bool,
) -> tuple[EncodedResponses, list[str], np.ndarray | None]:
    from hallmark.psychometrics.io import EncodedTable, ResponseTable

    if isinstance(responses, EncodedTable):
        return responses.encoded, list(responses.items), responses.weights
    if isinstance(responses, ResponseTable):
        encoded = encode_options(responses.responses, trailing_not_reached=trailing_not_reached)
        return encoded, list(responses.items), responses.weights
    if isinstance(responses, EncodedResponses):
        encoded = responses
    else:
        encoded = encode_options(responses, trailing_not_reached=trailing_not_reached)
    k = encoded.codes.shape[1]
    names = _item_names(items, k)
    return encoded, names, None


def _item_names(items: Sequence[str] | None, k: int) -> list[str]:
    if items is None:
        return [f"item{j + 1}" for j in range(k)]
    names = [str(i) for i in items]
    if len(names) != k:
        raise ValueError(f"items has {len(names)} names for {k} item columns")
    if len(set(names)) != len(names):
        raise ValueError("items has a repeated name")
    return names


def _score_responses_iv(
    key: KeyLike, names: Sequence[str], dropped: Iterable[str]
) -> tuple[dict[str, frozenset[str]], dict[str, Credit]]:
    if isinstance(key, Mapping):
        unknown = [str(i) for i in key if i not in set(names)]
        if unknown:
            raise ValueError(f"key names item(s) not in the responses: {', '.join(unknown[:5])}")
        missing = [i for i in names if i not in key]
        if missing:
            raise ValueError(f"key has no entry for item(s): {', '.join(missing[:5])}")
        given = {name: key[name] for name in names}
    else:
        if isinstance(key, str) or len(key) != len(names):
            raise ValueError(f"key must be a mapping or have one entry per item ({len(names)})")
        given = dict(zip(names, key, strict=True))
    credits = {name: k for name, k in given.items() if isinstance(k, Credit)}
    entries = {
        name: k.keys if isinstance(k, Credit) else _key_entry(k, name) for name, k in given.items()
    }
    for name in dropped:
        if name not in entries:
            raise ValueError(f"dropped names {name!r}, which is not an item of the responses")
        entries[name] = frozenset()
        credits.pop(name, None)
    return entries, credits


def _key_entry(entry: Iterable[str] | str, item: str) -> frozenset[str]:
    labels = entry.split("|") if isinstance(entry, str) else list(entry)
    cleaned = frozenset(str(o).strip() for o in labels)
    if cleaned == {"*"}:
        return frozenset()
    if "" in cleaned or NOT_REACHED_CODE in cleaned:
        raise ValueError(f"key of item {item!r} has a blank or reserved option")
    return cleaned


def _weights_iv(weights: np.ndarray | Sequence[float] | None, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"weights must have one value per candidate ({n}); shape {w.shape}")
    if not np.all(np.isfinite(w) & (w > 0)):
        raise ValueError("weights must be positive finite numbers (pattern frequencies)")
    return w


def scores_to_result(
    scores: ScoredTable | EncodedTable | np.ndarray,
    *,
    items: Sequence[str] | None = None,
    weights: np.ndarray | Sequence[float] | None = None,
    maxima: Sequence[int] | None = None,
) -> ScoringResult:
    """Wrap 0/1 scores (or points, with `maxima`) as a `ScoringResult`.

    `scores` is a float matrix (NaN = no response), a `ScoredTable`, or an `EncodedTable`
    read with ``scored=True`` (kept at one byte per response). A missing score is treated as
    not reached: left out of that item's statistics and counted as wrong in the raw score.
    Write 0 where an omit should count as wrong. With `maxima` (what each item is worth),
    scores are whole points from 0 to the item's maximum, each item credited accordingly.
    """
    from hallmark.psychometrics.io import EncodedTable, ScoredTable

    if isinstance(scores, EncodedTable):
        return _encoded_scores_to_result(scores, items, weights)
    table_weights = None
    if isinstance(scores, ScoredTable):
        items = scores.items if items is None else items
        table_weights = scores.weights
        matrix = scores.scores
    else:
        matrix = scores
    if maxima is not None:
        return _points_to_result(np.asarray(matrix, dtype=np.float64), maxima, items, weights)
    values = _scores_iv(matrix)
    names = _item_names(items, values.shape[1])
    codes = np.full(values.shape, NOT_REACHED, dtype=np.uint8)
    codes[values == 0] = 1
    codes[values == 1] = 2
    return ScoringResult(
        items=names,
        dropped=[],
        codes=codes,
        options=["0", "1"],
        keys=[frozenset({"1"})] * len(names),
        weights=_weights_iv(weights if weights is not None else table_weights, values.shape[0]),
        option_data=False,
    )


def _points_to_result(
    points: np.ndarray,
    maxima: Sequence[int],
    items: Sequence[str] | None,
    weights: np.ndarray | Sequence[float] | None,
) -> ScoringResult:
    if points.ndim != 2 or len(maxima) != points.shape[1]:
        raise ValueError(f"maxima has {len(maxima)} entries for scores of shape {points.shape}")
    top = np.array(maxima, dtype=np.int64)
    finite = np.isfinite(points)
    bad = finite & ((points != np.round(points)) | (points < 0) | (points > top[None, :]))
    if bad.any() or (top < 1).any() or top.max(initial=1) >= MAX_OPTIONS:
        raise ValueError("scores must be whole points from 0 to each item's maximum (>= 1)")
    names = _item_names(items, points.shape[1])
    codes = np.full(points.shape, NOT_REACHED, dtype=np.uint8)
    codes[finite] = points[finite].astype(np.uint8) + 1
    options = [str(v) for v in range(int(top.max(initial=1)) + 1)]
    credits = tuple(
        None if m == 1 else Credit({str(v): v for v in range(int(m) + 1)}, int(m)) for m in top
    )
    return ScoringResult(
        items=names,
        dropped=[],
        codes=codes,
        options=options,
        keys=[frozenset({str(int(m))}) for m in top],
        weights=_weights_iv(weights, points.shape[0]),
        option_data=False,
        credits=credits if any(c is not None for c in credits) else (),
    )


def _encoded_scores_to_result(
    table: EncodedTable,
    items: Sequence[str] | None,
    weights: np.ndarray | Sequence[float] | None,
) -> ScoringResult:
    options = table.encoded.options
    if not set(options) <= {"0", "1"} or (
        table.encoded.codes.size and table.encoded.codes.min() == 0
    ):
        raise ValueError("an EncodedTable of scores must be read with scored=True (0, 1, blank)")
    names = _item_names(table.items if items is None else items, table.encoded.codes.shape[1])
    return ScoringResult(
        items=names,
        dropped=[],
        codes=table.encoded.codes,
        options=list(options),
        keys=[frozenset({"1"})] * len(names),
        weights=_weights_iv(weights if weights is not None else table.weights, len(table.ids)),
        option_data=False,
    )


def _scores_iv(scores: np.ndarray) -> np.ndarray:
    values = np.asarray(scores, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"scores must be 2-D (candidates, items); got {values.ndim} dimension(s)")
    bad = ~(np.isnan(values) | (values == 0) | (values == 1))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            f"scores[{row}, {col}] is {float(values[row, col])!r}; scores must be 0, 1 or NaN"
        )
    return values


def as_scoring(
    data: ScoringResult
    | ResponseTable
    | EncodedTable
    | ScoredTable
    | EncodedResponses
    | np.ndarray,
    key: KeyLike | None,
    weights: np.ndarray | Sequence[float] | None,
    items: Sequence[str] | None,
) -> ScoringResult:
    """Whatever an analysis was given, as a `ScoringResult` (scored with `key` if given)."""
    from hallmark.psychometrics.io import EncodedTable, ResponseTable, ScoredTable

    if isinstance(data, ScoringResult):
        if key is not None:
            raise ValueError("key must be None when data is already scored (a ScoringResult)")
        if weights is None:
            return data
        return data.with_weights(_weights_iv(weights, data.n_candidates))
    if key is not None:
        if isinstance(data, ScoredTable):
            raise ValueError("key must be None for scored data (a ScoredTable)")
        return score_responses(data, key, items=items, weights=weights)
    if isinstance(data, ResponseTable | EncodedTable | EncodedResponses):
        raise ValueError("key is required to score option responses")
    if isinstance(data, np.ndarray) and data.dtype.kind in "USO":
        raise ValueError("key is required to score option responses (an array of labels)")
    return scores_to_result(data, items=items, weights=weights)
