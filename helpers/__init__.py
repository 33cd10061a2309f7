"""helpers: the small package that the notebooks of *Hyperparameter Tuning: from scratch to
practice* share.

    from helpers import Real, Integer, Categorical, minimize
    space = {"C": Real(1e-3, 1e3, log=True), "kernel": Categorical(["rbf", "poly"])}
    result = minimize(objective, space, method="random", n_trials=50, seed=0)
    result.best_value, result.best_params, result.values

What each file holds:
- `space`: search spaces (Real, Integer, Categorical; conditional ones with `when=`), sampling,
  grids, the positional encoding.
- `encoding`: the unit-cube encoding with one-hot categories that model-based methods use.
- `searcher`: the ask/tell `Searcher` interface, with the `start`/`finish` calls that keep a
  search's books, `Trial`, and the registry of methods.
- `checks`: the input checks every module shares.
- `search`: `minimize`, the one loop every method runs in.
- `result`: `Result`, what a search returns (also built from evaluations made elsewhere).
- `grid_search`, `random_search`: the methods ("grid"; "random" and "sobol"); the function
  `helpers.grid` lists a grid's configurations.
- `bayes`: Gaussian processes, acquisition functions and Bayesian optimisation ("bayes") (05).
- `evolution`: CMA-ES with restarts on the unit cube ("evolution") (06); `scipy_bridge`: SciPy's
  differential evolution recorded as a Result, to compare with it.
- `tpe`: the Tree-structured Parzen Estimator ("tpe") (10), conditional spaces natively.
- `halving`: successive halving and Hyperband, schedulers around any searcher (08).
- `hypergradients`: gradients of the validation loss with respect to a hyperparameter (07).
- `compare`: the notebooks' seed (`COURSE_SEED`), running a method over seeds, regret, median
  and spread, and the paired comparison of two methods over the same seeds.
- `journal`: a search's trials on disk as they finish (`minimize(storage=...)`), to resume.
- `importance`: which hyperparameters matter, from a search's trials, with its uncertainty.
- `objectives`: toy functions with known optima (and how near a population is to one),
  cross-validated objectives, datasets.
- `suite`: notebook 09's benchmark suite: its problems, its methods, and `run`, one search
  recorded at budget checkpoints (imported on its own: `from helpers import suite`).
- `tabular`: a real model's evaluations stored in `data/` and looked up: the benchmark of 09.
- `optuna_bridge`: Optuna's samplers as a searcher (`OptunaSearcher`), run by `minimize`, and
  its pruners through Optuna's own loop (09; needs the `practice` extra, imported only when
  used).
- `plots`: the course's style and the figures several notebooks draw; `lecture_plots`: the
  figures one lecture draws. `versions`: the setup cell's version check, and
  `require_practice`, which installs 09's extra on Colab.
"""

# importing a method's module registers it under its name
from . import bayes as _bayes, grid_search as _grid_search, halving as _halving  # noqa: F401
from . import random_search as _random_search, tpe as _tpe  # noqa: F401
from .bayes import BayesSearcher, GaussianProcess
from .compare import Paired, course_seed, paired, regret, run_seeds, seed_block, summarize
from .encoding import Encoder
from .evolution import CMAES, EvolutionSearcher
from .grid_search import GridSearcher
from .halving import Hyperband, SuccessiveHalving, halving_schedule, hyperband_brackets
from .hypergradients import (fit_logistic, hypergradient_search, logistic_hypergradient,
                             ridge_hypergradient)
from .importance import importance
from .objectives import (CVObjective, NoisyFunction, ToyFunction, ackley10, branin,
                         conditional_network, forrester, goldstein_price, hartmann3, hartmann6,
                         levy10, load_dataset, mixed_branin, rosenbrock4)
from .lecture_plots import (plot_kfold, plot_nested_cv, plot_parallel_coordinates,
                            plot_populations, plot_validation_curve)
from .plots import PALETTE, plot_best_so_far, plot_final_values, plot_heatmap, set_style
from .random_search import RandomSearcher, SobolSearcher
from .result import Result
from .tpe import TPESearcher
from .search import last_result, minimize
from .searcher import METHODS, Searcher, Trial, make_searcher, register
from .space import (Categorical, Integer, Real, active, from_unit, grid, grid_levels, grid_size,
                    is_conditional, sample, to_param_grid, to_unit)
from .tabular import TabularBenchmark
from .versions import check_versions

__all__ = [
    "Real", "Integer", "Categorical", "sample", "grid", "grid_levels", "grid_size",
    "to_param_grid", "to_unit", "from_unit", "active", "is_conditional", "Encoder",
    "minimize", "last_result", "Searcher", "register", "make_searcher", "METHODS", "Result",
    "Trial",
    "GridSearcher", "RandomSearcher", "SobolSearcher", "BayesSearcher", "GaussianProcess",
    "EvolutionSearcher", "CMAES", "TPESearcher",
    "SuccessiveHalving", "Hyperband",
    "halving_schedule", "hyperband_brackets",
    "run_seeds", "regret", "summarize", "importance", "course_seed", "seed_block", "paired",
    "Paired",
    "ridge_hypergradient", "logistic_hypergradient", "fit_logistic", "hypergradient_search",
    "CVObjective", "ToyFunction", "forrester", "branin", "hartmann6", "load_dataset",
    "goldstein_price", "hartmann3", "levy10", "rosenbrock4", "ackley10", "mixed_branin",
    "conditional_network", "NoisyFunction",
    "TabularBenchmark",
    "PALETTE", "set_style", "plot_best_so_far", "plot_final_values", "plot_heatmap",
    "plot_validation_curve", "plot_parallel_coordinates", "plot_populations", "plot_kfold",
    "plot_nested_cv",
    "check_versions",
]
