"""helpers: the small package that the notebooks of *Hyperparameter Tuning: from scratch to
practice* share.

    from helpers import Real, Integer, Categorical, minimize
    space = {"C": Real(1e-3, 1e3, log=True), "kernel": Categorical(["rbf", "poly"])}
    result = minimize(objective, space, method="random", n_trials=50, seed=0)
    result.best_value, result.best_params, result.values

Rooms: `space` (search spaces), `objectives` (toy functions, CV objectives, datasets),
`search` (the ask/tell loop and its methods), `plots`, `versions` (the setup cell's check) and
`course` (the notebook machinery: generated cells, student copies, execution).
"""

from .objectives import CVObjective, ToyFunction, branin, forrester, hartmann6, load_dataset
from .plots import (PALETTE, plot_best_so_far, plot_final_values, plot_heatmap,
                    plot_validation_curve, set_style)
from .search import METHODS, Result, Searcher, Trial, minimize, register
from .space import (Categorical, Integer, Real, from_unit, grid, grid_levels, sample,
                    to_param_grid, to_unit)
from .versions import check_versions

__all__ = [
    "Real", "Integer", "Categorical", "sample", "grid", "grid_levels", "to_param_grid",
    "to_unit", "from_unit",
    "minimize", "Searcher", "register", "METHODS", "Result", "Trial",
    "CVObjective", "ToyFunction", "forrester", "branin", "hartmann6", "load_dataset",
    "PALETTE", "set_style", "plot_best_so_far", "plot_final_values", "plot_heatmap",
    "plot_validation_curve",
    "check_versions",
]
