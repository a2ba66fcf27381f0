//! Where SQLite and PostgreSQL need different SQL, the two forms side by side. Every
//! other query in the server is written once, in the SQL both understand.

/// One statement in each dialect.
pub struct Sql {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// The BEGIN of a write transaction. SQLite takes its one write lock at once (instead
/// of upgrading a read lock later, which fails under contention); PostgreSQL's
/// statements read what is committed when each one starts, so that after
/// [`WRITE_LOCK`] every read sees every earlier writer's commit.
pub const BEGIN_WRITE: Sql = Sql {
    sqlite: "BEGIN IMMEDIATE",
    postgres: "BEGIN ISOLATION LEVEL READ COMMITTED",
};

/// The lock every writer of every instance takes first, held until its transaction
/// ends: PostgreSQL's counterpart of SQLite's write lock (SQLite needs no statement).
/// The key is arbitrary and fixed.
pub const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock(7150001)";

/// The BEGIN of a pull: one snapshot for every query in it. SQLite's read
/// transaction is one already.
pub const BEGIN_READ: Sql = Sql {
    sqlite: "BEGIN",
    postgres: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
};
