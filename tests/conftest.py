import gettext
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from dashboard import i18n
from dashboard.data import load_dataset
from dashboard.model.filters import Filters, filter_cycles, filter_deployments, filter_milestones, filter_missions, filter_programmes

FIXTURES = Path(__file__).parent / "fixtures"
FREEDONIA = FIXTURES / "freedonia"
REAL_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def freedonia():
    return load_dataset(FREEDONIA)


@pytest.fixture(scope="module")
def frames(freedonia):
    """The Freedonia fixture's tables with no filter, as the pages hand them to the charts."""
    everything = Filters()
    programmes = filter_programmes(freedonia, everything)
    missions = filter_missions(freedonia, everything)
    return SimpleNamespace(
        milestones=filter_milestones(freedonia, everything),
        programmes=programmes,
        cycles=filter_cycles(freedonia, everything, programmes),
        missions=missions,
        deployments=filter_deployments(freedonia, everything, missions),
    )


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the Freedonia fixture; edit files in it to break it."""
    target = tmp_path / "data"
    shutil.copytree(FREEDONIA, target)
    return target


# A catalogue that marks every message it 'translates': tests of each layer use it to see that
# a text went through gettext, placeholders kept, in a language other than English.
MARK = "⟦"


class Marked(gettext.NullTranslations):
    """A catalogue that 'translates' every message by marking it, placeholders kept."""

    def gettext(self, message):
        return MARK + message

    def ngettext(self, singular, plural, n):
        return MARK + (singular if n == 1 else plural)

    def pgettext(self, context, message):
        return MARK + message


@pytest.fixture
def marked_catalogue(monkeypatch):
    """Every language but English 'translated' by Marked."""
    monkeypatch.setattr(i18n, "_catalogue", lambda code: Marked() if code != i18n.DEFAULT else gettext.NullTranslations())


@pytest.fixture
def marked(marked_catalogue):
    """Marked, and the code under test run in Russian."""
    with i18n.language("ru"):
        yield
