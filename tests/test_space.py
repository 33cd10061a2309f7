"""Search spaces: sampling distributions, grids, the unit-cube encoding, and bad input."""

import math

import numpy as np
import pytest
from scipy import stats
from sklearn.model_selection import ParameterGrid

from helpers import (Categorical, Integer, Real, from_unit, grid, grid_levels, sample,
                     to_param_grid, to_unit)

SPACE = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
         "kernel": Categorical(["rbf", "poly"]), "tol": Real(0.0, 1.0),
         "n_estimators": Integer(10, 1000, log=True)}


# --- sampling distributions -------------------------------------------------------------

def test_log_real_samples_are_log_uniform():
    x = Real(1e-3, 1e3, log=True).rvs(size=20_000, random_state=0)
    assert x.min() >= 1e-3 and x.max() <= 1e3
    # every decade gets a sixth of the samples; a KS test against scipy's loguniform agrees
    counts, _ = np.histogram(np.log10(x), bins=6, range=(-3, 3))
    np.testing.assert_allclose(counts / len(x), 1 / 6, atol=0.01)
    assert stats.kstest(x, stats.loguniform(1e-3, 1e3).cdf).pvalue > 0.01


def test_linear_real_samples_are_uniform():
    x = Real(-2.0, 3.0).rvs(size=20_000, random_state=1)
    assert stats.kstest(x, stats.uniform(-2, 5).cdf).pvalue > 0.01
    assert abs(x.mean() - 0.5) < 0.05


def test_integer_samples_cover_both_ends_equally():
    k = Integer(1, 5).rvs(size=50_000, random_state=2)
    assert set(np.unique(k)) == {1, 2, 3, 4, 5}
    np.testing.assert_allclose(np.bincount(k)[1:] / len(k), 0.2, atol=0.01)


def test_log_integer_probabilities_follow_the_log_cells():
    dim = Integer(1, 8, log=True)
    k = dim.rvs(size=100_000, random_state=3)
    expected = np.log(np.arange(2, 10) / np.arange(1, 9)) / np.log(9)
    np.testing.assert_allclose(np.bincount(k, minlength=9)[1:] / len(k), expected, atol=0.006)


def test_categorical_samples_are_uniform_over_categories():
    c = Categorical(["a", "b", None]).rvs(size=30_000, random_state=4)
    for category in ["a", "b", None]:
        assert abs(np.mean([v == category for v in c]) - 1 / 3) < 0.012


def test_rvs_returns_plain_python_scalars():
    assert type(Real(0, 1).rvs(random_state=0)) is float
    assert type(Integer(1, 3).rvs(random_state=0)) is int
    assert Categorical(["x", "y"]).rvs(random_state=0) in ("x", "y")


def test_rvs_accepts_randomstate_generator_int_and_rejects_others():
    dim = Real(0, 1)
    assert dim.rvs(random_state=5) == dim.rvs(random_state=5)
    assert dim.rvs(random_state=np.random.default_rng(5)) == dim.rvs(random_state=5)
    a = dim.rvs(size=3, random_state=np.random.RandomState(5))
    b = dim.rvs(size=3, random_state=np.random.RandomState(5))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError, match="random_state"):
        dim.rvs(random_state="five")


def test_sampling_does_not_touch_global_random_state():
    state = np.random.get_state()[1].copy()
    sample(SPACE, np.random.default_rng(0))
    Real(0, 1).rvs(size=10, random_state=1)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_sample_is_reproducible_and_in_range():
    a = [sample(SPACE, np.random.default_rng(7)) for _ in range(3)]
    b = [sample(SPACE, np.random.default_rng(7)) for _ in range(3)]
    assert a == b
    rng = np.random.default_rng(8)
    for _ in range(200):
        p = sample(SPACE, rng)
        assert 1e-3 <= p["C"] <= 1e3 and 0.0 <= p["tol"] <= 1.0
        assert p["degree"] in range(1, 6) and 10 <= p["n_estimators"] <= 1000
        assert type(p["degree"]) is int and p["kernel"] in ("rbf", "poly")


def test_space_works_as_randomized_search_distributions():
    from sklearn.model_selection import ParameterSampler
    configs = list(ParameterSampler(SPACE, n_iter=50, random_state=0))
    assert len(configs) == 50
    assert all(1e-3 <= c["C"] <= 1e3 and c["kernel"] in ("rbf", "poly") for c in configs)
    assert len({c["C"] for c in configs}) == 50


# --- grids -------------------------------------------------------------------------------

def test_grid_values_spread_on_the_right_scale():
    np.testing.assert_allclose(Real(1e-3, 1e3, log=True).grid(7), 10.0 ** np.arange(-3, 4))
    np.testing.assert_allclose(Real(0, 1).grid(5), [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_array_equal(Integer(1, 5).grid(10), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(Integer(1, 100, log=True).grid(3), [1, 10, 100])
    assert list(Categorical(["a", "b", "c"]).grid(2)) == ["a", "b"]
    assert Real(1, 100, log=True).grid(1)[0] == pytest.approx(10)


@pytest.mark.parametrize("n_trials, expected", [
    (1, {"a": 1, "b": 1}), (9, {"a": 3, "b": 3}), (50, {"a": 7, "b": 7}),
    (12, {"a": 4, "b": 3}), (100, {"a": 10, "b": 10})])
def test_grid_levels_is_the_finest_balanced_grid_within_budget(n_trials, expected):
    assert grid_levels({"a": Real(0, 1), "b": Real(0, 1)}, n_trials) == expected


def test_grid_levels_respects_discrete_dimensions():
    space = {"k": Categorical(["x", "y"]), "C": Real(1e-3, 1e3, log=True)}
    assert grid_levels(space, 20) == {"k": 2, "C": 10}
    assert grid_levels({"d": Integer(1, 3)}, 100) == {"d": 3}


def test_grid_order_is_scikit_learns_parameter_grid_order():
    space = {"gamma": Real(1e-4, 1, log=True), "C": Real(1e-2, 1e2, log=True),
             "kernel": Categorical(["rbf", "sigmoid"])}
    levels = {"gamma": 3, "C": 4, "kernel": 2}
    ours = grid(space, levels)
    assert ours == list(ParameterGrid(to_param_grid(space, levels)))
    assert len(ours) == 3 * 4 * 2


def test_param_grid_holds_plain_python_values():
    param_grid = to_param_grid({"C": Real(1, 100, log=True), "d": Integer(1, 3)}, 3)
    assert param_grid == {"C": pytest.approx([1.0, 10.0, 100.0]), "d": [1, 2, 3]}
    assert all(type(v) is float for v in param_grid["C"])
    assert all(type(v) is int for v in param_grid["d"])


# --- unit-cube encoding ------------------------------------------------------------------

def test_unit_cube_round_trip():
    rng = np.random.default_rng(0)
    for _ in range(500):
        params = sample(SPACE, rng)
        u = to_unit(SPACE, params)
        assert u.shape == (len(SPACE),) and np.all((u >= 0) & (u <= 1))
        back = from_unit(SPACE, u)
        assert back["degree"] == params["degree"] and back["kernel"] == params["kernel"]
        assert back["n_estimators"] == params["n_estimators"]
        assert back["C"] == pytest.approx(params["C"], rel=1e-12)
        assert back["tol"] == pytest.approx(params["tol"], abs=1e-12)


def test_unit_cube_is_linear_in_log_for_log_dimensions():
    dim = Real(1e-2, 1e2, log=True)
    np.testing.assert_allclose(dim.to_unit([1e-2, 1.0, 1e2]), [0, 0.5, 1])
    np.testing.assert_allclose(dim.from_unit([0, 0.25, 1]), [1e-2, 1e-1, 1e2])


def test_discrete_unit_cells_are_equal_and_centred():
    dim = Integer(0, 3)
    np.testing.assert_allclose(dim.to_unit([0, 1, 2, 3]), [0.125, 0.375, 0.625, 0.875])
    np.testing.assert_array_equal(dim.from_unit([0, 0.249, 0.25, 0.999, 1.0]), [0, 0, 1, 3, 3])
    np.testing.assert_allclose(Categorical(["a", "b"]).to_unit(["b"]), [0.75])


def test_from_unit_checks_shape():
    with pytest.raises(ValueError, match="shape"):
        from_unit(SPACE, [0.5, 0.5])
    with pytest.raises(ValueError, match="lacks"):
        to_unit(SPACE, {"C": 1.0})


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("make, error, words", [
    (lambda: Real(1, 1), ValueError, "low < high"),
    (lambda: Real(2, 1), ValueError, "low=2"),
    (lambda: Real(0, 1, log=True), ValueError, "low > 0"),
    (lambda: Real(-1, 1, log=True), ValueError, "low=-1"),
    (lambda: Real("0", 1), TypeError, "low"),
    (lambda: Real(0, float("inf")), ValueError, "high"),
    (lambda: Real(True, 2), TypeError, "low"),
    (lambda: Integer(1.5, 3), TypeError, "low"),
    (lambda: Integer(3, 3), ValueError, "low < high"),
    (lambda: Integer(0, 10, log=True), ValueError, "low > 0"),
    (lambda: Categorical([]), ValueError, "at least one"),
    (lambda: Categorical("abc"), TypeError, "list"),
    (lambda: Categorical(["a", "a"]), ValueError, "distinct"),
    (lambda: Real(0, 1).grid(0), ValueError, "levels"),
    (lambda: Real(0, 1).grid(2.0), TypeError, "levels"),
])
def test_bad_dimensions_raise_clear_errors(make, error, words):
    with pytest.raises(error, match=words):
        make()


@pytest.mark.parametrize("space, error, words", [
    ({}, ValueError, "at least one"),
    ([Real(0, 1)], TypeError, "dict"),
    ({"C": (0, 1)}, TypeError, r"space\['C'\]"),
    ({3: Real(0, 1)}, TypeError, "keys"),
])
def test_bad_spaces_raise_clear_errors(space, error, words):
    with pytest.raises(error, match=words):
        sample(space, np.random.default_rng(0))


def test_dimensions_compare_by_value():
    assert Real(0, 1) == Real(0.0, 1.0) and Real(1, 10) != Real(1, 10, log=True)
    assert Integer(1, 3) != Integer(1, 4) and Categorical([1, 2]) == Categorical([1, 2])
    assert "log=True" in repr(Real(1, 10, log=True)) and math.isinf(Real(0, 1).max_levels)


# --- the hostile test's bugs (issue 6), one test each --------------------------------------

def test_tuple_choices_come_back_whole_from_rvs_sample_and_randomized_search():
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.neural_network import MLPClassifier

    layers = Categorical([(50,), (50, 50)])
    assert Categorical([(1, 2), (3, 4)]).rvs(random_state=0) in [(1, 2), (3, 4)]
    drawn = layers.rvs(size=200, random_state=0)
    assert {tuple(v) for v in drawn} == {(50,), (50, 50)} and all(type(v) is tuple for v in drawn)
    rng = np.random.default_rng(0)
    sampled = [sample({"h": layers}, rng)["h"] for _ in range(50)]
    assert set(sampled) == {(50,), (50, 50)}
    from helpers import minimize
    passed = minimize(lambda p: len(p["h"]), {"h": layers}, method="random", n_trials=30, seed=0)
    assert {p["h"] for p in passed.params} == {(50,), (50, 50)}
    assert passed.best_params == {"h": (50,)}
    np.testing.assert_allclose(to_unit({"h": layers}, {"h": (50, 50)}), [0.75])

    class Recording(MLPClassifier):
        seen = []

        def fit(self, X, y):
            Recording.seen.append(self.hidden_layer_sizes)
            return self

        def score(self, X, y):
            return 0.0

    X, y = np.zeros((20, 2)), np.tile([0, 1], 10)
    RandomizedSearchCV(Recording(), {"hidden_layer_sizes": layers}, n_iter=20, cv=2,
                       random_state=0).fit(X, y)
    assert set(Recording.seen) == {(50,), (50, 50)}


def test_list_array_and_estimator_choices_are_returned_as_themselves():
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    pipe = make_pipeline(StandardScaler(), SVC())
    array = np.array([1.0, 2.0])
    dim = Categorical([pipe, array, [1, 2], None])
    values = dim.rvs(size=400, random_state=1)
    assert any(v is pipe for v in values) and any(v is array for v in values)
    assert any(isinstance(v, list) and v == [1, 2] for v in values)
    assert list(dim.grid(4))[0] is pipe
    np.testing.assert_allclose(dim.to_unit([pipe, array, [1, 2], None]),
                               [0.125, 0.375, 0.625, 0.875])


def test_sets_and_equal_choices_are_rejected():
    with pytest.raises(TypeError, match="set"):
        Categorical({"rbf", "poly"})
    with pytest.raises(TypeError, match="set"):
        Categorical(frozenset(["rbf"]))
    for equal in ([1, 1.0], [1, True], [0, False], ["a", "b", "a"]):
        with pytest.raises(ValueError, match="distinct"):
            Categorical(equal)
    Categorical([1, "1", None, (1,)])  # different types that are not == stay distinct


def test_log_integer_grids_hold_as_many_values_as_promised():
    for low, high, levels in [(1, 10, 10), (1, 10, 7), (1, 100, 12), (2, 9, 5), (1, 1000, 40)]:
        dim = Integer(low, high, log=True)
        values = dim.grid(levels)
        assert len(values) == len(set(values)) == min(levels, high - low + 1)
        assert values[0] == low and values[-1] == high and np.all(np.diff(values) > 0)
    assert grid_levels({"k": Integer(1, 10, log=True)}, 10) == {"k": 10}
    assert len(grid({"k": Integer(1, 10, log=True)}, 10)) == 10


def test_bounds_too_large_for_floats_are_rejected():
    with pytest.raises(ValueError, match="2\\*\\*53"):
        Integer(0, 10 ** 20)
    with pytest.raises(ValueError, match="too wide"):
        Real(-1e308, 1e308)
    wide = Integer(-2 ** 52, 2 ** 52)  # the widest that sampling still represents exactly
    assert np.all(np.abs(wide.rvs(size=1000, random_state=0)) <= 2 ** 52)
    assert (Real(-1e300, 1e300).rvs(size=1000, random_state=0) < 0).any()


def test_clear_messages_for_common_mistakes():
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        sample(SPACE, 0)
    with pytest.raises(TypeError, match="log must be True or False"):
        Real(1, 10, log="no")
    with pytest.raises(ValueError, match=r"levels has no entry for \['degree'"):
        to_param_grid({"C": Real(1, 10), "degree": Integer(1, 3)}, {"C": 3})
    with pytest.raises(ValueError, match="size"):
        sample(SPACE, np.random.default_rng(0), size=-1)


def test_sample_of_size_n_equals_n_single_samples():
    many = sample(SPACE, np.random.default_rng(7), size=20)
    rng = np.random.default_rng(7)
    assert many == [sample(SPACE, rng) for _ in range(20)]
    assert sample(SPACE, np.random.default_rng(0), size=0) == []
