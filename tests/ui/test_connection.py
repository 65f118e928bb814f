"""The connection notice's words follow the reader's language, escaped like any translation."""

from dashboard import i18n
from dashboard.ui import connection


def test_the_notice_is_worded_in_the_language_of_the_run():
    english = connection.notice_html()
    assert "The connection to the dashboard&#x27;s server was lost." in english
    with i18n.language("ru"):
        russian = connection.notice_html()
    assert "Соединение с сервером информационной панели потеряно." in russian
    assert "Перезагрузить страницу</a>" in russian
    assert "server was lost" not in russian and "busy with many readers" not in russian
    assert russian.startswith(connection.NOTICE_STYLE)  # shown by the same rules in every language


def test_a_translation_is_text_never_markup(monkeypatch):
    monkeypatch.setattr(connection, "_", lambda message: "<b>" + message)
    markup = connection.notice_html().split("</style>", 1)[1]
    assert "<b>" not in markup and "&lt;b&gt;Reload the page</a>" in markup
