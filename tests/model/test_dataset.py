"""Dataset.remembered: values derived from a dataset, made once per key and kept."""

from dashboard.data import load_dataset
from tests.conftest import FREEDONIA


def test_a_remembered_value_is_made_once_per_key_and_only_the_last_keys_are_kept():
    dataset = load_dataset(FREEDONIA)  # its own copy: what it keeps is not shared with other tests
    made = []

    def make(key):
        return lambda: made.append(key) or f"value of {key}"

    assert dataset.remembered(("a",), make("a"), keep=2) == "value of a"
    assert dataset.remembered(("a",), make("a"), keep=2) == "value of a"
    assert made == ["a"]
    dataset.remembered(("b",), make("b"), keep=2)
    dataset.remembered(("c",), make("c"), keep=2)  # "a" is the oldest of three: let go
    assert dataset.remembered(("c",), make("c"), keep=2) == "value of c"
    assert dataset.remembered(("a",), make("a"), keep=2) == "value of a"
    assert made == ["a", "b", "c", "a"]


def test_each_language_of_a_dataset_keeps_its_own_values():
    dataset = load_dataset(FREEDONIA)
    dataset.remembered(("k",), lambda: "English")
    assert dataset.in_language("az").remembered(("k",), lambda: "Azerbaijani") == "Azerbaijani"
    assert dataset.remembered(("k",), lambda: "made again") == "English"
