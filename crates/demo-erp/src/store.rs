//! The demo ERP's SQLite database: records of each kind as the JSON the contract sends, and
//! the files (attachments, documents) as bytes.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

/// A record of the contract in its wire form.
pub type Body = Map<String, Value>;

/// Opens (creating when missing) the database in WAL mode with its schema.
///
/// # Errors
/// SQLite errors opening or creating the file.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS records (
             kind  TEXT NOT NULL,
             id    TEXT NOT NULL,
             owner TEXT NOT NULL DEFAULT '',
             body  TEXT NOT NULL,
             PRIMARY KEY (kind, id)
         );
         CREATE INDEX IF NOT EXISTS records_owner ON records (kind, owner);
         CREATE TABLE IF NOT EXISTS files (
             id         INTEGER PRIMARY KEY AUTOINCREMENT,
             owner_kind TEXT NOT NULL,
             owner_id   TEXT NOT NULL,
             name       TEXT NOT NULL,
             bytes      BLOB NOT NULL
         );
         CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    Ok(conn)
}

/// Whether the database was seeded already.
pub fn is_seeded(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |r| {
        r.get::<_, String>(0)
    })
    .optional()
    .map(|v| v.is_some())
}

/// Writes a record, replacing one of the same kind and id.
pub fn put(
    conn: &Connection,
    kind: &str,
    id: &str,
    owner: &str,
    body: &Body,
) -> rusqlite::Result<()> {
    let text = serde_json::to_string(body).unwrap_or_default();
    conn.execute(
        "INSERT INTO records (kind, id, owner, body) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, body = excluded.body",
        params![kind, id, owner, text],
    )?;
    Ok(())
}

/// One record with its owner.
pub fn get(conn: &Connection, kind: &str, id: &str) -> rusqlite::Result<Option<(String, Body)>> {
    conn.query_row(
        "SELECT owner, body FROM records WHERE kind = ?1 AND id = ?2",
        params![kind, id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()
    .map(|row| row.map(|(owner, body)| (owner, parse(&body))))
}

/// Every record of a kind belonging to `owner` (all of the kind when `owner` is `None`), in
/// insertion order.
pub fn list(
    conn: &Connection,
    kind: &str,
    owner: Option<&str>,
) -> rusqlite::Result<Vec<(String, Body)>> {
    let mut stmt = conn.prepare(
        "SELECT id, body FROM records WHERE kind = ?1 AND (?2 IS NULL OR owner = ?2) ORDER BY rowid",
    )?;
    let rows = stmt.query_map(params![kind, owner], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|row| row.map(|(id, body)| (id, parse(&body))))
        .collect()
}

/// Moves a record to another kind (an invoice that was paid leaves the open list).
pub fn rekind(conn: &Connection, kind: &str, id: &str, new_kind: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "UPDATE records SET kind = ?3 WHERE kind = ?1 AND id = ?2",
        params![kind, id, new_kind],
    )? == 1)
}

/// The next id of a kind, counting from `start`.
pub fn next_id(conn: &Connection, kind: &str, start: u64) -> rusqlite::Result<String> {
    let key = format!("next_{kind}");
    let current: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [&key], |r| {
            r.get(0)
        })
        .optional()?;
    let n = current.and_then(|v| v.parse::<u64>().ok()).unwrap_or(start);
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, (n + 1).to_string()],
    )?;
    Ok(n.to_string())
}

/// Marks the database as seeded.
pub fn mark_seeded(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', '1')",
        [],
    )?;
    Ok(())
}

/// Stores a file that belongs to a record.
pub fn add_file(
    conn: &Connection,
    owner_kind: &str,
    owner_id: &str,
    name: &str,
    bytes: &[u8],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO files (owner_kind, owner_id, name, bytes) VALUES (?1, ?2, ?3, ?4)",
        params![owner_kind, owner_id, name, bytes],
    )?;
    Ok(())
}

/// The files of a record, in the order they were stored.
pub fn files(
    conn: &Connection,
    owner_kind: &str,
    owner_id: &str,
) -> rusqlite::Result<Vec<(String, Vec<u8>)>> {
    let mut stmt = conn.prepare(
        "SELECT name, bytes FROM files WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![owner_kind, owner_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

fn parse(text: &str) -> Body {
    serde_json::from_str(text).unwrap_or_default()
}
