//! What `status` reports: counts and the vault's cryptographic parameters (never a secret).

use serde::Serialize;

use crate::error::Result;
use crate::store::migrate;
use crate::vault::kdf::KdfParams;
use crate::vault::Vault;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Status {
    pub format_version: u16,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub schema_version: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub people: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cases: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub notes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub tasks_open: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub documents: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub audit_entries: u64,
    pub kdf: KdfStatus,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KdfStatus {
    pub algorithm: &'static str,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl From<KdfParams> for KdfStatus {
    fn from(p: KdfParams) -> Self {
        KdfStatus { algorithm: "argon2id", memory_kib: p.m_kib, iterations: p.t, parallelism: p.p }
    }
}

impl Vault {
    pub fn status(&self) -> Result<Status> {
        let count = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Status {
            format_version: self.keyslots_version(),
            schema_version: migrate::version(&self.conn)?,
            people: count("SELECT count(*) FROM person")?,
            cases: count("SELECT count(*) FROM legal_case")?,
            notes: count("SELECT count(*) FROM note")?,
            tasks_open: count("SELECT count(*) FROM task WHERE done IS NULL")?,
            documents: count("SELECT count(*) FROM document")?,
            audit_entries: count("SELECT count(*) FROM audit")?,
            kdf: self.kdf_params().into(),
        })
    }
}
