"""Reading: bytes → report text.

Readers are plugins (:func:`giar_lint.hookspecs.giar_lint_read_input`).
"""

from giar_lint.read.result import ReadResult

__all__ = ["ReadResult"]
