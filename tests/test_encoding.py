"""The unit-cube encoder of model-based methods: one-hot categories, log scales, integer cells,
vectorised round trips, snapping."""

import numpy as np
import pytest

from helpers import Categorical, Encoder, Integer, Real, sample

SPACE = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
         "kernel": Categorical(["rbf", "poly", "sigmoid"]), "tol": Real(0.0, 1.0),
         "n_estimators": Integer(10, 1000, log=True), "layers": Categorical([(8,), (8, 8)])}


def test_columns_are_one_per_number_and_one_per_category():
    enc = Encoder(SPACE)
    assert enc.n_features == 1 + 1 + 3 + 1 + 1 + 2
    assert enc.columns[2:5] == ["kernel=rbf", "kernel=poly", "kernel=sigmoid"]
    assert enc.slices["kernel"] == slice(2, 5)


def test_round_trip_of_many_configurations_at_once():
    enc = Encoder(SPACE)
    configs = sample(SPACE, np.random.default_rng(0), size=300)
    X = enc.encode(configs)
    assert X.shape == (300, enc.n_features) and X.min() >= 0 and X.max() <= 1
    back = enc.decode(X)
    for a, b in zip(configs, back):
        assert a["degree"] == b["degree"] and a["kernel"] == b["kernel"]
        assert a["n_estimators"] == b["n_estimators"] and a["layers"] == b["layers"]
        assert b["C"] == pytest.approx(a["C"], rel=1e-12)
        assert b["tol"] == pytest.approx(a["tol"], abs=1e-12)
        assert type(b["layers"]) is tuple and type(b["degree"]) is int


def test_categories_are_one_hot_with_no_order():
    enc = Encoder({"kernel": Categorical(["rbf", "poly", "sigmoid"])})
    X = enc.encode([{"kernel": "rbf"}, {"kernel": "poly"}, {"kernel": "sigmoid"}])
    np.testing.assert_array_equal(X, np.eye(3))
    # every two categories are equally far apart: no category lies "between" two others
    distances = {round(float(np.linalg.norm(X[i] - X[j])), 12) for i in range(3)
                 for j in range(i + 1, 3)}
    assert distances == {round(np.sqrt(2), 12)}


def test_log_dimensions_are_linear_in_log_and_integers_sit_in_their_cells():
    enc = Encoder({"C": Real(1e-2, 1e2, log=True), "k": Integer(0, 3)})
    X = enc.encode([{"C": 1e-2, "k": 0}, {"C": 1.0, "k": 3}, {"C": 1e2, "k": 1}])
    np.testing.assert_allclose(X[:, 0], [0, 0.5, 1])
    np.testing.assert_allclose(X[:, 1], [0.125, 0.875, 0.375])


def test_decode_snaps_any_point_to_a_valid_configuration():
    enc = Encoder({"k": Integer(0, 3), "kernel": Categorical(["rbf", "poly"]),
                   "x": Real(0, 1)})
    raw = np.array([[0.30, 0.2, 0.7, 1.4], [-0.5, 0.9, 0.1, -0.2], [1.0, 0.5, 0.5, 0.5]])
    decoded = enc.decode(raw)
    assert decoded == [{"k": 1, "kernel": "poly", "x": 1.0}, {"k": 0, "kernel": "rbf", "x": 0.0},
                       {"k": 3, "kernel": "rbf", "x": 0.5}]
    snapped = enc.snap(raw)
    np.testing.assert_allclose(snapped[0], [0.375, 0, 1, 1.0])
    np.testing.assert_array_equal(enc.snap(snapped), snapped)  # snapping is idempotent


def test_sample_is_encoded_and_reproducible():
    enc = Encoder(SPACE)
    a, b = enc.sample(np.random.default_rng(3), 50), enc.sample(np.random.default_rng(3), 50)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(enc.snap(a), a)  # samples are valid configurations


def test_bad_input_is_a_clear_error():
    enc = Encoder(SPACE)
    with pytest.raises(ValueError, match="columns"):
        enc.decode(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="list of configurations"):
        enc.encode({"C": 1.0})
    with pytest.raises(ValueError, match="lacks 'degree'"):
        enc.encode([{"C": 1.0}])
    with pytest.raises(ValueError, match="not one of the categories"):
        Encoder({"kernel": Categorical(["rbf"])}).encode([{"kernel": "linear"}])


def test_vectorised_snap_equals_encode_of_decode_bit_for_bit():
    from helpers import Categorical, Integer, Real, TabularBenchmark

    spaces = [TabularBenchmark().space,
              {"C": Real(1e-3, 1e3, log=True), "x": Real(-2.0, 3.0), "k": Integer(1, 9),
               "n": Integer(2, 500, log=True), "layers": Categorical([(8,), (8, 8), "none"])}]
    rng = np.random.default_rng(0)
    for space in spaces:
        enc = Encoder(space)
        X = rng.uniform(-0.2, 1.2, size=(2000, enc.n_features))  # outside the cube too
        np.testing.assert_array_equal(enc.snap(X), enc.encode(enc.decode(X)))
