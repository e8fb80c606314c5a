"""Every message shown to people exists in Swedish and English, and the catalogues match the code."""
import pytest
from babel.messages.extract import extract_from_dir

from ledger.config import ROOT
from ledger.translations import LANGUAGES, POT, untranslated


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    assert untranslated(language) == []


def test_the_catalogue_template_holds_every_string_in_the_code_and_templates():
    from babel.messages.pofile import read_po

    method_map = [("ledger/**.py", "python"), ("templates/**.html", "jinja2")]
    in_code = {
        message if isinstance(message, str) else message[0]
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
                            "N_": None}
        )
        if message
    }
    with POT.open("rb") as source:
        in_catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    assert in_code - in_catalogue == set(), "run `flask translate update` and translate the new strings"


def _import_every_module() -> None:
    from tests.domain.test_refusal_codes import import_every_module

    import_every_module()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_code_has_a_message_in_both_languages(language):
    from babel.messages.pofile import read_po

    from ledger.domain.problems import registered_messages
    from ledger.translations import po_path

    _import_every_module()
    with po_path(language).open("rb") as source:
        catalogue = {m.id: m.string for m in read_po(source, locale=language) if m.id}
    missing = sorted(code for code, template in registered_messages().items() if not catalogue.get(template))
    assert missing == [], f"codes without a {language} message: {missing} (run `flask translate update`)"


def test_a_production_app_refuses_to_start_when_a_catalogue_is_not_compiled(tmp_path, monkeypatch):
    """Without the compiled Swedish catalogue a Swedish customer would get an English invoice."""
    import ledger.translations as translations

    for language in LANGUAGES:
        (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / language / "LC_MESSAGES" / "messages.po").write_bytes(translations.po_path(language).read_bytes())
    monkeypatch.setattr(translations, "TRANSLATIONS_DIR", tmp_path)
    with pytest.raises(RuntimeError, match=r"sv, en are not compiled.*python -m ledger.translations compile"):
        translations.check_catalogues(development=False)
    translations.check_catalogues(development=True)  # a developer machine compiles them instead
    assert translations.stale_catalogues() == []
    translations.check_catalogues(development=False)
