"""Small helpers of the Streamlit edge that are plain functions."""

import pandas as pd
import pyarrow as pa

from dashboard.ui.widgets import css_string, on_screen


def test_css_string_quotes_a_word_and_cannot_break_out_of_its_style_element():
    assert css_string("Загрузить") == '"Загрузить"'
    assert css_string('a"b\\c</style>\n') == '"a\\22 b\\5c c\\3c /style\\3e \\a "'


def test_a_table_on_screen_shows_gaps_as_empty_cells_and_goes_to_arrow_as_it_is():
    """The missions page's personnel column has years with no figure: shown as "" (never "None"
    or "<NA>"), and the frame converts to Arrow without Streamlit's logged fallback."""
    frame = pd.DataFrame(
        {
            "Mission": ["KFOR", "ISAF", "ISAF"],
            "Year": [2003, 2004, 2005],
            "Personnel": pd.array([150, None, 22], dtype="Int64"),
            "Note": ["", None, "x"],
        }
    )
    shown = on_screen(frame)
    assert shown["Personnel"].tolist() == ["150", "", "22"]
    assert shown["Note"].tolist() == ["", "", "x"]
    assert shown["Year"].tolist() == [2003, 2004, 2005]  # a column without gaps keeps its numbers
    pa.Table.from_pandas(shown)  # raised ArrowInvalid on a mix of numbers and "" before
