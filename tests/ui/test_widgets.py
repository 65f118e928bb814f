"""Small helpers of the Streamlit edge that are plain functions."""

from dashboard.ui.widgets import css_string


def test_css_string_quotes_a_word_and_cannot_break_out_of_its_style_element():
    assert css_string("Загрузить") == '"Загрузить"'
    assert css_string('a"b\\c</style>\n') == '"a\\22 b\\5c c\\3c /style\\3e \\a "'
