"""Multi-fidelity search: successive halving and Hyperband, as schedulers around a searcher.

A *budget* (scikit-learn says *resource*) is how much an evaluation may spend: training samples,
epochs, boosting rounds. Cheap low-budget evaluations rank many configurations; only the best
earn a bigger budget. The schedulers decide *how much* each trial gets; the searcher they wrap
("random" by default, or any configured searcher, e.g. Sobol) decides *which* configurations
to try, the split Dive into Deep Learning's HPO chapter uses::

    from helpers import minimize
    from helpers.halving import SuccessiveHalving, Hyperband
    halving = SuccessiveHalving(min_budget=45, max_budget=1215, factor=3)
    result = minimize(objective, space, method=halving, n_trials=halving.n_trials_needed())
    # objective(params, budget) -> loss; every trial records its budget, and the best is
    # chosen among the trials of the last rung (`self.max_budget`)

- `halving_schedule` gives the rungs (candidates, budget) of scikit-learn's
  `HalvingRandomSearchCV`, rule for rule. `SuccessiveHalving` runs that schedule when given
  `n_candidates`; by default it counts the rungs down from `max_budget` so that the last one
  always runs at the full budget (the same schedule whenever max/min is a power of `factor`).
- `hyperband_brackets` gives the brackets of Li et al. (2018), Algorithm 1, and `Hyperband`
  runs them, from the most aggressive bracket to plain full-budget random search.
"""

from __future__ import annotations

import math
import numbers

from .checks import check_int, check_number
from .searcher import Searcher, make_searcher, register, searcher_class

__all__ = ["halving_schedule", "hyperband_brackets", "SuccessiveHalving", "Hyperband"]


def _check_factor(factor):
    check_number("factor", factor)
    if not factor > 1:
        # scikit-learn accepts any factor > 0, but a factor <= 1 keeps every candidate and
        # never grows the budget: log(., factor) is then undefined or negative
        raise ValueError(f"factor must be greater than 1, not {factor!r}")


# More rungs than any real schedule has (factor 2 from 1 to 2**20 epochs has 21): a factor just
# above 1 would otherwise build millions of rungs, and Hyperband their square, until memory
# runs out.
MAX_RUNGS = 200


def _check_rungs(n_rungs, settings):
    if n_rungs > MAX_RUNGS:
        raise ValueError(f"{settings} make a schedule of {n_rungs} rungs (more than "
                         f"{MAX_RUNGS}): each rung multiplies the budget by factor, so a factor "
                         f"this close to 1 needs that many to climb from the smallest budget to "
                         f"the largest. Use a factor of 2 or more (3 is usual)")


def halving_schedule(n_candidates: int | str, min_resources: int | str, max_resources: int,
                     factor: float = 3, *, smallest: int = 1) -> list[tuple[int, int]]:
    """The rungs of successive halving as `HalvingRandomSearchCV` runs them: a list of
    `(n_candidates_i, resources_i)` equal to its `n_candidates_` and `n_resources_`.

    The settings it mirrors (the rules of `_run_search` in scikit-learn 1.9):
    - `n_candidates`: an int, or "exhaust" (then `max_resources // min_resources` candidates,
      so that the last rung can reach `max_resources`); `min_resources` must then be an int.
    - `min_resources`: an int, or "exhaust" (then the largest start from which the k rungs
      needed to shrink the candidates below `factor` fit under `max_resources`:
      `max(smallest, max_resources // factor**(k - 1))`). The last rung then runs at
      `start * factor**(k - 1)`, at most `max_resources` but not always equal to it (30
      candidates, max 500, factor 3: start 18, last rung 486), and when the floor `smallest`
      is the larger, fewer rungs fit (40 candidates, max 405, n_samples with 3 folds and 10
      classes: [(40, 60), (14, 180)]). `smallest` is scikit-learn's floor: 1 when the resource
      is an estimator parameter, `2 * n_splits * n_classes` for "n_samples".
    - `max_resources`: an int (scikit-learn's "auto" is the number of samples of X).
    - `factor`: each rung keeps `ceil(n / factor)` candidates and multiplies the resource by
      `factor`; resources are `int(factor**i * min_resources)`.
    - `aggressive_elimination=False` (the default): the schedule stops when the resource would
      pass `max_resources` or when fewer than `factor` candidates are left, whichever comes
      first, so the last rung may use less than `max_resources`.
    Like scikit-learn, the number of rungs uses `math.log`, so a float rounding such as
    `log(243, 3) = 4.999...` gives one rung fewer than exact arithmetic would.
    """
    exhaust = "exhaust"
    if n_candidates == exhaust and min_resources == exhaust:
        raise ValueError("n_candidates and min_resources cannot both be 'exhaust'")
    if n_candidates != exhaust:
        check_int("n_candidates", n_candidates, 1)
    if min_resources != exhaust:
        check_int("min_resources", min_resources, 1)
    check_int("max_resources", max_resources, 1)
    check_int("smallest", smallest, 1)
    _check_factor(factor)
    start = smallest if min_resources == exhaust else min_resources
    if start > max_resources:
        raise ValueError(f"min_resources={start} is greater than max_resources={max_resources}")

    if n_candidates == exhaust:
        n_candidates = max_resources // min_resources
    # the rungs needed to leave fewer than `factor` candidates
    n_required = 1 + math.floor(math.log(n_candidates, factor))
    _check_rungs(min(n_required, 1 + math.floor(math.log(max_resources / start, factor))),
                 f"n_candidates={n_candidates!r}, max_resources={max_resources!r}, "
                 f"factor={factor!r}")
    if min_resources == exhaust:
        start = max(start, max_resources // factor ** (n_required - 1))
    # the rungs the resources allow, from `start` up to `max_resources`
    n_possible = 1 + math.floor(math.log(max_resources // start, factor))
    rungs, n = [], n_candidates
    for i in range(min(n_required, n_possible)):
        rungs.append((n, min(int(factor ** i * start), max_resources)))
        n = math.ceil(n / factor)
    return rungs


def hyperband_brackets(min_budget: float, max_budget: float,
                       factor: float = 3) -> list[list[tuple[int, float]]]:
    """Hyperband's brackets (Li et al. 2018, Algorithm 1), most aggressive first: a list of
    brackets, each a list of rungs `(n_candidates_i, budget_i)`.

    With R = max_budget / min_budget and s_max = floor(log_factor R), bracket s (s_max ... 0)
    starts `ceil((s_max + 1) / (s + 1) * factor**s)` candidates at `max_budget / factor**s` and
    runs successive halving with `floor(n / factor**i)` candidates at rung i. The last bracket
    (s = 0) is plain random search at the full budget: the hedge against a misleading low
    fidelity. Budgets stay ints when both bounds are ints (rounded; exact when R is a power of
    `factor`, e.g. 1 and 81 with factor 3 give the paper's Table 1).
    """
    for name, value in (("min_budget", min_budget), ("max_budget", max_budget)):
        check_number(name, value)
        if not value > 0:
            raise ValueError(f"{name} must be positive, not {value!r}")
    _check_factor(factor)
    if min_budget > max_budget:
        raise ValueError(f"min_budget={min_budget} is greater than max_budget={max_budget}")
    integral = all(isinstance(v, numbers.Integral) for v in (min_budget, max_budget))
    # a small tolerance, so that log(243, 3) = 4.999... counts as 5, as the paper intends
    s_max = math.floor(math.log(max_budget / min_budget, factor) + 1e-9)
    _check_rungs(s_max + 1, f"min_budget={min_budget!r}, max_budget={max_budget!r}, "
                            f"factor={factor!r}")
    brackets = []
    for s in range(s_max, -1, -1):
        n = math.ceil((s_max + 1) / (s + 1) * factor ** s)
        rungs = []
        for i in range(s + 1):
            budget = max_budget * factor ** (i - s)
            if integral:
                budget = max(min_budget, int(round(budget)))
            rungs.append((math.floor(n * factor ** -i + 1e-9), budget))
        brackets.append(rungs)
    return brackets


class _Scheduler(Searcher):
    """What successive halving and Hyperband share: rungs run one after another; a rung's
    configurations are handed out, and the best of them go on to the next rung once every one
    of them has been told. The first rung of a bracket takes new configurations from the
    wrapped searcher, through its `start` and `finish`, so that searcher keeps its own books
    (its view of the objective is that first, cheapest look)."""

    def __init__(self, searcher="random"):
        super().__init__()
        try:
            # the same check minimize makes, now rather than at setup
            cls = searcher_class(searcher)
        except (TypeError, ValueError) as error:
            raise type(error)(f"searcher: {error}") from None
        if issubclass(cls, _Scheduler):
            raise ValueError("searcher must propose configurations; a multi-fidelity scheduler "
                             f"cannot wrap another one, got {searcher!r}")
        make_searcher(searcher)
        self.searcher = searcher

    def brackets(self):
        """The rungs to run: a list of brackets, each a list of (n_candidates, budget)."""
        raise NotImplementedError

    def n_trials_needed(self) -> int:
        """The number of trials the whole schedule runs: pass at least this as n_trials."""
        return sum(n for bracket in self.brackets() for n, _ in bracket)

    def total_budget(self) -> float:
        """The summed budget of the whole schedule (what it costs, in budget units)."""
        return sum(n * b for bracket in self.brackets() for n, b in bracket)

    def setup(self):
        self._brackets = self.brackets()
        if self.n_trials < self.n_trials_needed():
            raise ValueError(f"n_trials={self.n_trials} is too small for {self!r}: its schedule "
                             f"runs {self.n_trials_needed()} trials, pass at least that many")
        inner = make_searcher(self.searcher)  # fresh, or a copy of a configured instance
        # The wrapped searcher shares our generator (the scheduler itself draws nothing), so with
        # the same seed it proposes exactly what it would propose on its own: successive halving
        # and plain random search with one seed rank the very same candidates.
        self.inner = inner.bind(self.space, self.n_trials, self.rng)
        self._inner_trials = {}  # our trial number -> the wrapped searcher's trial
        self._bracket, self._rung = 0, 0
        self._start_rung([])

    def _start_rung(self, promoted):
        n, self._budget = self._brackets[self._bracket][self._rung]
        self._to_ask = list(promoted)       # configurations still to hand out at this rung
        self._n_to_ask = n if self._rung == 0 else len(promoted)
        self._told = []                     # this rung's finished trials, in the order told

    def ask(self):
        while True:
            if self._n_to_ask > 0:
                self._n_to_ask -= 1
                if self._rung > 0:
                    return self._to_ask.pop(0), self._budget
                own = self.inner.start()
                if own is None:  # the searcher ran dry (a small grid): no more candidates
                    self._n_to_ask = 0
                    continue
                self._inner_trials[self.next_number] = own
                return own.params, self._budget
            if self.pending:
                return None  # this rung's last trials are still running: nothing to add yet
            if not self._next_rung():
                return None  # every bracket is done

    def tell(self, trial):
        self._told.append(trial)
        own = self._inner_trials.pop(trial.number, None)
        if own is not None:  # a first-rung trial: the wrapped searcher learns its value too
            own.budget, own.seconds, own.error = trial.budget, trial.seconds, trial.error
            self.inner.finish(own, (trial.value, trial.info))

    def _next_rung(self):
        """Promote the best of the finished rung, or start the next bracket. False when done."""
        bracket = self._brackets[self._bracket]
        if self._rung + 1 < len(bracket) and self._told:
            keep = bracket[self._rung + 1][0]
            # failed trials rank after every finished one (never promoted while a success is
            # left); sorted() is stable, so ties go to the configuration told first
            order = sorted(range(len(self._told)),
                           key=lambda i: (self._told[i].failed,
                                          0.0 if self._told[i].failed else self._told[i].value))
            promoted = [self._told[i].params for i in order[:keep]]
            self._rung += 1
            self._start_rung(promoted)
            return True
        if self._bracket + 1 < len(self._brackets):
            self._bracket, self._rung = self._bracket + 1, 0
            self._start_rung([])
            return True
        return False


@register("halving")
class SuccessiveHalving(_Scheduler):
    """Successive halving (Jamieson & Talwalkar 2016; Karnin et al. 2013): many configurations
    at a small budget, the best `1/factor` of them at `factor` times the budget, and so on up to
    `max_budget`. `Result` picks the best among the trials of the last rung, so that rung must
    run at `max_budget`; every schedule this class accepts does.

    Two ways to set the schedule:

    - `n_candidates=None` (the default): the rungs are counted *down* from `max_budget`, so the
      last one is `max_budget` by construction. With k = floor(log_factor(max_budget /
      min_budget)), the first rung has `factor**k` candidates at `max_budget / factor**k` (an
      int when both budgets are ints, rounded), and each rung keeps `1/factor` of them: this is
      Hyperband's most aggressive bracket (`hyperband_brackets(...)[0]`). When `max_budget /
      min_budget` is a power of `factor` (15 and 405 with factor 3), it is also exactly
      scikit-learn's schedule, `halving_schedule(factor**k, min_budget, max_budget, factor)`:
      [(27, 15), (9, 45), (3, 135), (1, 405)]. When it is not, the budgets differ from
      scikit-learn's, which counts *up* from `min_budget` (`int(min_budget * factor**i)`) and
      stops below `max_budget`: with min 1 and max 405, ours are 2, 5, 15, 45, 135, 405,
      scikit-learn's 1, 3, 9, 27, 81, 243.
    - `n_candidates` an int or "exhaust" (then `max_budget // min_budget` candidates):
      scikit-learn's `HalvingRandomSearchCV` schedule exactly (`halving_schedule`, with
      `aggressive_elimination=False`); a ValueError says why when that schedule stops below
      `max_budget` (too few candidates, or budgets `min_budget * factor**i` that jump past it).

    Options: `max_budget` (required), `min_budget` (default 1; "exhaust" only with an int
    `n_candidates`, as in scikit-learn), `n_candidates` (None, an int or "exhaust"), `factor`
    (> 1), `searcher` (where the candidates come from: a registered name, a Searcher class, or a
    configured instance).
    """

    def __init__(self, max_budget=None, min_budget=1, n_candidates=None, factor=3,
                 searcher="random"):
        super().__init__(searcher)
        if max_budget is None:
            raise ValueError("SuccessiveHalving needs max_budget, the full budget (e.g. "
                             "SuccessiveHalving(max_budget=81) for 81 epochs)")
        if n_candidates is None and min_budget == "exhaust":
            raise ValueError("min_budget='exhaust' needs an int n_candidates (as in "
                             "scikit-learn); with n_candidates=None pass a number as min_budget")
        self.max_budget, self.min_budget = max_budget, min_budget
        self.n_candidates, self.factor = n_candidates, factor
        # check the settings now, with clear messages, rather than at the first trial
        rungs = self.brackets()[0]
        if rungs[-1][1] != max_budget:
            raise ValueError(self._short_of_max_budget(rungs))

    def _short_of_max_budget(self, rungs):
        """Why scikit-learn's schedule stops below max_budget, and what to change."""
        top, factor = rungs[-1][1], self.factor
        start = rungs[0][1]
        settings = (f"n_candidates={self.n_candidates!r}, min_budget={self.min_budget!r}, "
                    f"max_budget={self.max_budget!r}, factor={factor!r}")
        next_budget = int(factor ** len(rungs) * start)
        if next_budget <= self.max_budget:
            # the budgets could go on: the candidates ran out first
            n_more = math.ceil(factor ** (len(rungs)))
            cause = (f"fewer than factor={factor!r} candidates are left after {len(rungs)} "
                     f"rungs (about {n_more} candidates would run one more rung)")
            fix = f"pass n_candidates={n_more} or more, or max_budget={top}"
        else:
            cause = (f"the next budget, {next_budget}, would pass max_budget: the budgets "
                     f"int(min_budget * factor**i) skip max_budget={self.max_budget!r}")
            fix = ("choose min_budget so that max_budget / min_budget is a power of factor, "
                   f"or pass max_budget={top}")
        return (f"with {settings}, scikit-learn's schedule {rungs} ends at budget {top}, below "
                f"max_budget (the best is chosen among the trials at max_budget), because "
                f"{cause}. To fix it, {fix}, or leave n_candidates=None (the default) to count "
                f"the rungs down from max_budget.")

    def brackets(self):
        if self.n_candidates is None:
            return hyperband_brackets(self.min_budget, self.max_budget, self.factor)[:1]
        return [halving_schedule(self.n_candidates, self.min_budget, self.max_budget,
                                 self.factor)]


@register("hyperband")
class Hyperband(_Scheduler):
    """Hyperband (Li et al. 2018): successive halving run in several brackets, from many
    candidates at `min_budget` down to a few at `max_budget` only (`hyperband_brackets`), so a
    low fidelity that misleads costs at most some brackets. The budgets are the paper's; each
    rung keeps `floor(n / factor)` candidates.

    Options: `max_budget` (required), `min_budget`, `factor` (> 1), `searcher` (as for
    `SuccessiveHalving`; a model-based searcher here is the idea of BOHB, Falkner et al. 2018).
    """

    def __init__(self, max_budget=None, min_budget=1, factor=3, searcher="random"):
        super().__init__(searcher)
        if max_budget is None:
            raise ValueError("Hyperband needs max_budget, the full budget (e.g. "
                             "Hyperband(max_budget=81) for 81 epochs)")
        self.max_budget, self.min_budget, self.factor = max_budget, min_budget, factor
        self.brackets()  # check the settings now, with clear messages

    def brackets(self):
        return hyperband_brackets(self.min_budget, self.max_budget, self.factor)
