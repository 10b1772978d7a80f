"""Named warnings for data that a statistic cannot use, and for iterations that do not settle."""

__all__ = [
    "ConvergenceWarning",
    "DegenerateDataWarning",
    "PsychometricsWarning",
    "SmallGroupWarning",
]


class PsychometricsWarning(UserWarning):
    """Base class of the warnings that hallmark.psychometrics emits."""


class DegenerateDataWarning(PsychometricsWarning):
    """The data leave a statistic undefined (no variance, nobody reached an item, ...).

    The statistic is reported as NaN and the warning names what was degenerate.
    """


class ConvergenceWarning(PsychometricsWarning):
    """An iterative estimate stopped before meeting its convergence criterion."""


class SmallGroupWarning(PsychometricsWarning):
    """A group is smaller than the minimum a statistic needs to be trusted.

    The statistic is still reported; the warning names the group, its size and the minimum.
    """
