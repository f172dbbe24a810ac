"""The SQLite-to-PostgreSQL translation of store.pg_sql, statement by statement."""

from huibian.store.pg_sql import TableInfo, begin_statement, translate

TABLES = {
    "labels": TableInfo(("item_id", "axis", "label", "score", "reason", "source", "who", "at",
                         "rowid"), ("item_id", "axis", "label", "source"), "rowid"),
    "term_df": TableInfo(("term", "df", "rowid"), ("term",), "rowid"),
    "sim_references": TableInfo(("id", "title", "sha256", "text", "added_at"), ("id",), "id"),
    "search_meta": TableInfo(("key", "value", "rowid"), ("key",), "rowid"),
}


def test_placeholders_percent_and_literals():
    t = translate("SELECT id FROM items WHERE title LIKE ? ESCAPE '\\' AND x = '?%' AND y=?",
                  TABLES)
    assert t.sql == ("SELECT id FROM items WHERE title ILIKE %s ESCAPE '\\' AND x = '?%%' "
                     "AND y=%s")
    assert not t.named and not t.returning


def test_numbered_placeholders_become_named():
    t = translate("SELECT id FROM items WHERE title LIKE ?1 OR unit LIKE ?1 LIMIT ?2", TABLES)
    assert t.sql == ("SELECT id FROM items WHERE title ILIKE %(p1)s OR unit ILIKE %(p1)s "
                     "LIMIT %(p2)s")
    assert t.named


def test_end_column_is_quoted_but_not_the_keyword():
    t = translate("SELECT start, end, CASE WHEN a THEN 1 END FROM entities ORDER BY i.end",
                  TABLES)
    assert t.sql == ('SELECT start, "end", CASE WHEN a THEN 1 END FROM entities '
                     'ORDER BY i."end"')


def test_insert_or_ignore_and_replace():
    t = translate("INSERT OR IGNORE INTO entities VALUES (?,?,?,?,?)", TABLES)
    assert t.sql == "INSERT INTO entities VALUES (%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING"
    t = translate("INSERT OR REPLACE INTO labels VALUES (?,?,?,?,?,?,?,?)", TABLES, many=True)
    assert t.sql == (
        "INSERT INTO labels VALUES (%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (\"item_id\", "
        "\"axis\", \"label\", \"source\") DO UPDATE SET \"score\" = EXCLUDED.\"score\", "
        "\"reason\" = EXCLUDED.\"reason\", \"who\" = EXCLUDED.\"who\", \"at\" = EXCLUDED.\"at\", "
        "rowid = DEFAULT")
    assert not t.returning  # executemany: no RETURNING
    t = translate("INSERT OR REPLACE INTO search_meta VALUES ('tokenizer', ?)", TABLES)
    assert t.sql == ("INSERT INTO search_meta VALUES ('tokenizer', %s) ON CONFLICT (\"key\") "
                     "DO UPDATE SET \"value\" = EXCLUDED.\"value\", rowid = DEFAULT "
                     "RETURNING rowid")


def test_insert_returns_the_identity_for_lastrowid():
    t = translate("INSERT INTO sim_references (title, sha256, text, added_at) VALUES (?,?,?,?)",
                  TABLES)
    assert t.sql.endswith(" RETURNING id") and t.returning


def test_upsert_right_hand_columns_are_qualified():
    t = translate("INSERT INTO term_df SELECT value, 1 FROM json_each(?) WHERE true "
                  "ON CONFLICT(term) DO UPDATE SET df = df + 1", TABLES, many=True)
    assert t.sql == ("INSERT INTO term_df SELECT value, 1 FROM "
                     "json_array_elements_text(%s::json) WHERE true "
                     "ON CONFLICT(term) DO UPDATE SET df = term_df.df + 1")


def test_functions():
    t = translate("SELECT count(*), total(rowid) FROM sim_signatures WHERE version = ?", TABLES)
    assert t.sql == ("SELECT count(*), coalesce(sum(rowid), 0) FROM sim_signatures "
                     "WHERE version = %s")
    assert not t.hide_rowid
    t = translate("UPDATE app_sessions SET last_seen=max(last_seen, ?) WHERE id=?", TABLES)
    assert t.sql == "UPDATE app_sessions SET last_seen=GREATEST(last_seen, %s) WHERE id=%s"
    t = translate("SELECT max(x), min(y) FROM t", TABLES)
    assert t.sql == "SELECT max(x), min(y) FROM t"
    t = translate("SELECT item_id, GROUP_CONCAT(field, ',') FROM item_fields "
                  "WHERE date GLOB '[0-9][0-9]*' AND unit IS ? AND u IS NOT ?", TABLES)
    assert t.sql == ("SELECT item_id, string_agg(field, ',') FROM item_fields "
                     "WHERE date ~ '^[0-9][0-9].*$' AND unit IS NOT DISTINCT FROM %s "
                     "AND u IS DISTINCT FROM %s")


def test_select_star_hides_the_rowid_column():
    assert translate("SELECT * FROM items WHERE id=?", TABLES).hide_rowid
    assert translate("SELECT i.*, (SELECT name FROM f) FROM items i", TABLES).hide_rowid
    assert not translate("SELECT rowid, * FROM items", TABLES).hide_rowid


def test_begin_statements():
    assert begin_statement("BEGIN IMMEDIATE") == "immediate"
    assert begin_statement("begin") == "deferred"
    assert begin_statement("BEGIN DEFERRED;") == "deferred"
    assert begin_statement("SELECT 1") is None


def test_blob_literal_and_char():
    t = translate("INSERT INTO files VALUES (?, 'text', 0, '', '', x'', ?)", {})
    assert t.sql == "INSERT INTO files VALUES (%s, 'text', 0, '', '', '\\x'::bytea, %s)"
    t = translate("SELECT title || char(10) || text FROM items", {})
    assert t.sql == "SELECT title || chr(10) || text FROM items"


def test_an_insert_giving_the_identity_is_marked():
    t = translate("INSERT INTO sim_references (id, title, sha256, text, added_at) "
                  "VALUES (?,?,?,?,?)", TABLES)
    assert t.sets_identity == ("sim_references", "id")
    assert translate("INSERT INTO sim_references (title) VALUES (?)", TABLES).sets_identity \
        is None
