"""Grid search as a searcher: the finest full grid that fits the budget (see
`helpers.space.grid_levels`: every category first, then the other dimensions level by level)."""

from __future__ import annotations

from .searcher import Searcher, register
from .space import grid_levels, iter_grid

__all__ = ["GridSearcher"]


@register("grid")
class GridSearcher(Searcher):
    """Every point of the finest full grid within n_trials, in scikit-learn's ParameterGrid
    order (so ties break as in GridSearchCV). `levels` (an int, or a dict per name) fixes the
    grid instead."""

    def __init__(self, levels=None):
        super().__init__()
        self.levels = levels

    def setup(self):
        # the levels used live apart from the option: `levels=None` stays the option (the repr)
        levels = grid_levels(self.space, self.n_trials) if self.levels is None else self.levels
        self._points = iter_grid(self.space, levels)  # lazy: a huge grid costs no memory

    def ask(self):
        return next(self._points, None)
