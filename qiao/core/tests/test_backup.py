import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from qiao.core import backups
from qiao.core.search import filter_by_search
from qiao.directory import services
from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.taxonomy.loading import load_shipped_terms
from qiao.taxonomy.models import Term, Vocabulary

# The other database's first bytes, to make a backup of the wrong kind.
OTHER_KIND = {"sqlite": b"PGDMP\x01\x0e\x00", "postgresql": b"SQLite format 3\x00"}

# Transactional, because pg_dump and pg_restore see only committed rows.
round_trip = pytest.mark.usefixtures("shipped_terms")


@pytest.fixture(scope="module")
def _shipped_terms_back_afterwards(django_db_setup, django_db_blocker):
    """Reload the shipped vocabularies once the module's last flush has emptied them.

    They come from a data migration; without this, the tests after this module (and the
    next run on a reused PostgreSQL database) would find no terms.
    """
    yield
    with django_db_blocker.unblock():
        load_shipped_terms(Term)


@pytest.fixture
def shipped_terms(_shipped_terms_back_afterwards, transactional_db):
    load_shipped_terms(Term)


def snapshot_organisations() -> list[dict]:
    organisations = Organisation.objects.order_by("pk")
    return [
        {**row, "terms": sorted(o.terms.values_list("pk", flat=True))}
        for o, row in zip(organisations, organisations.values(), strict=True)
    ]


def search_ids(query: str) -> list[int]:
    return list(filter_by_search(Organisation.objects.all(), query).values_list("pk", flat=True))


def backup(*args: str) -> str:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue().strip()


@round_trip
def test_restore_brings_back_the_rows_and_search_of_the_backup(tmp_path):
    bojie = OrganisationFactory(
        name_zh="上海伯杰医疗科技股份有限公司",
        short_name_zh="伯杰医疗",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "fluorescence_pcr")],
    )
    doomed = OrganisationFactory(name_zh="瑞金医院")
    before = snapshot_organisations()

    path = backup(str(tmp_path / "qiao.backup"))
    services.update_organisation(
        organisation=bojie, by=None, data={"name_zh": "改名以后的公司", "terms": []}
    )
    Organisation.objects.filter(pk=doomed.pk).delete()
    OrganisationFactory(name_zh="备份之后新建的公司")
    call_command("restore", path, interactive=False, stdout=io.StringIO())

    assert snapshot_organisations() == before
    assert search_ids("伯杰") == [bojie.pk]
    assert search_ids("bojie") == [bojie.pk]
    assert search_ids("瑞金") == [doomed.pk]
    assert search_ids("改名") == []
    assert search_ids("备份之后") == []


@round_trip
def test_backup_goes_to_the_backup_dir_by_default(tmp_path, settings):
    settings.QIAO_BACKUP_DIR = tmp_path / "backups"

    path = backup()

    assert re.fullmatch(
        rf"{re.escape(str(tmp_path))}/backups/qiao-{connection.vendor}-\d{{8}}T\d{{6}}Z"
        rf"\.{backups.EXTENSIONS[connection.vendor]}",
        path,
    )
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [path.rsplit("/", 1)[1]]


@round_trip
def test_backup_into_a_path_ending_in_a_slash_makes_the_directory(tmp_path):
    path = backup(f"{tmp_path}/nightly/")

    assert path.startswith(f"{tmp_path}/nightly/qiao-{connection.vendor}-")
    assert [p.name for p in (tmp_path / "nightly").iterdir()] == [path.rsplit("/", 1)[1]]


@round_trip
def test_restore_asks_first_and_stops_unless_told_yes(tmp_path, monkeypatch):
    organisation = OrganisationFactory()
    path = backup(str(tmp_path))
    Organisation.objects.filter(pk=organisation.pk).delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", path)

    assert Organisation.objects.filter(pk=organisation.pk).exists() is False


def test_restore_of_a_missing_file_says_so(tmp_path):
    missing = tmp_path / "nothing-here.sqlite3"

    with pytest.raises(CommandError, match=f"Backup file {missing} does not exist"):
        call_command("restore", str(missing), interactive=False)


def test_restore_refuses_a_backup_of_the_other_database(tmp_path):
    path = tmp_path / "other.backup"
    path.write_bytes(OTHER_KIND[connection.vendor] + b"\x00" * 100)

    with pytest.raises(CommandError, match="but the database is"):
        call_command("restore", str(path), interactive=False)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n")

    with pytest.raises(CommandError, match="is not a Qiao backup"):
        call_command("restore", str(path), interactive=False)


def test_missing_pg_dump_is_named_with_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match=r"pg_dump was not found on PATH.*postgresql-client"):
        backups._pg_command("pg_dump")
