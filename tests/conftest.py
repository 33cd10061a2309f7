"""Shared by the unit tests: figures are drawn off-screen (this test process only; notebooks keep
their inline backend) and closed after each test, so none leaks into the next."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
