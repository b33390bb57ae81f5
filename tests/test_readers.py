"""One reader table (issue 29, item 4): ``records.documents.READERS`` maps each suffix to its reader,
and the same table says which files are record files (folder walking, the "expected one of" message)
and which reader reads each one; nothing else lists the suffixes."""

from __future__ import annotations

from velvoite.records import documents, files
from velvoite.records.tables import RawRecord


def test_the_record_files_are_the_files_a_reader_reads_in_the_tables_order():
    assert files.SUFFIXES == tuple(documents.READERS) == (".yaml", ".yml", ".json", ".csv", ".xlsx", ".ods")
    assert files.not_read(files.Path("a.txt")) == ("not a record file: expected one of "
                                                   ".yaml, .yml, .json, .csv, .xlsx, .ods")


def test_a_reader_added_to_the_table_is_walked_to_named_and_dispatched(tmp_path, monkeypatch):
    seen = []

    def lines(source, path, notes, within, columnar):
        seen.append(path)
        return iter([RawRecord({"org": line}, n) for n, line in enumerate(source.read_text("utf-8").split(), 1)])

    monkeypatch.setitem(documents.READERS, ".lst", lines)
    (tmp_path / "a.lst").write_text("kunta-179\nkunta-992\n", "utf-8")
    (tmp_path / "b.txt").write_text("x", "utf-8")
    found, errors = files.record_files([tmp_path])
    assert [p.name for p, _ in found] == ["a.lst"]
    assert [e.path for e in errors] == [str(tmp_path / "b.txt")] and ".ods, .lst" in str(errors[0])
    raws = list(documents.iter_raw(tmp_path / "a.lst", "a.lst"))
    assert seen == ["a.lst"] and [(r.values["org"], r.line) for r in raws] == [("kunta-179", 1), ("kunta-992", 2)]
