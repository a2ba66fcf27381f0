//! The two backends' migrations (`migrations/sqlite`, `migrations/postgres`) are written
//! apart, in each dialect; they must build the same schema: the same tables, each with
//! the same columns of the same kind, nullability and primary key, and the same named
//! indexes. The comparison needs both databases, so it runs in the PostgreSQL lane of
//! `scripts/test.sh` (`LINLI_TEST_DATABASE=postgres`), beside a fresh SQLite file.

mod common;

use std::collections::BTreeMap;

use linli_server::db;

/// A column as both backends can describe it.
#[derive(Debug, PartialEq, Eq)]
struct Column {
    kind: &'static str,
    not_null: bool,
    primary_key: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, BTreeMap<String, Column>>,
    indexes: Vec<String>,
}

/// The kind of a declared type, in either dialect.
fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "text" | "character varying" => "text",
        "integer" | "bigint" | "smallint" => "integer",
        "boolean" => "boolean",
        "blob" | "bytea" => "bytes",
        "real" | "double precision" => "real",
        other => panic!("a column type neither backend is expected to use: {other}"),
    }
}

async fn sqlite_schema(pool: &db::Pool) -> Schema {
    let db::Pool::Sqlite(pool) = pool else {
        unreachable!()
    };
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in tables {
        let columns: Vec<(String, String, bool, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        let columns = columns
            .into_iter()
            .map(|(name, declared, not_null, pk)| {
                let column = Column {
                    kind: kind(&declared),
                    // A primary key is never null in use (PostgreSQL enforces it).
                    not_null: not_null || pk > 0,
                    primary_key: pk > 0,
                };
                (name, column)
            })
            .collect();
        schema.tables.insert(table, columns);
    }
    schema.indexes = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index'
         AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    schema
}

async fn postgres_schema(pool: &db::Pool) -> Schema {
    let db::Pool::Postgres(pool) = pool else {
        unreachable!()
    };
    let mut schema = Schema::default();
    let columns: Vec<(String, String, String, bool, bool)> = sqlx::query_as(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO',
                EXISTS (SELECT 1 FROM information_schema.table_constraints t
                        JOIN information_schema.key_column_usage k
                          ON k.constraint_name = t.constraint_name
                         AND k.table_name = t.table_name
                        WHERE t.constraint_type = 'PRIMARY KEY'
                          AND t.table_name = c.table_name
                          AND k.column_name = c.column_name)
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, name, declared, not_null, primary_key) in columns {
        let column = Column {
            kind: kind(&declared),
            not_null,
            primary_key,
        };
        schema.tables.entry(table).or_default().insert(name, column);
    }
    // The indexes the migrations name (not those PostgreSQL makes for a primary key or
    // a UNIQUE constraint, which SQLite makes unnamed).
    schema.indexes = sqlx::query_scalar(
        "SELECT i.indexname FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename NOT LIKE '_sqlx%'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
         ORDER BY i.indexname",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    schema
}

#[tokio::test]
async fn both_backends_build_the_same_schema() {
    if !common::on_postgres() {
        println!("the schemas are compared in the PostgreSQL lane (LINLI_TEST_DATABASE=postgres)");
        return;
    }
    let postgres = postgres_schema(&common::pool().await).await;
    let sqlite_pool = db::connect(&common::fresh_sqlite_file()).await.unwrap();
    db::migrate(&sqlite_pool).await.unwrap();
    let sqlite = sqlite_schema(&sqlite_pool).await;

    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the tables");
    for (table, columns) in &sqlite.tables {
        assert_eq!(
            columns, &postgres.tables[table],
            "the columns of {table} (SQLite, then PostgreSQL)"
        );
    }
    assert_eq!(sqlite.indexes, postgres.indexes, "the named indexes");
}
