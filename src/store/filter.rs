//! WHERE clauses built from the filters a screen sets.
//!
//! A filter left out must not be written as `(?1 IS NULL OR col = ?1)`: SQLite plans a statement
//! once, before it sees the values, and that form defeats every index. Opening a case read every
//! deadline in the vault that way (docs/performance.md). Each combination of filters is its own
//! statement instead, still with every value bound, never spliced into the SQL.

use rusqlite::types::Value;

#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    /// Add `clause` when `value` is given; every `?` in it stands for that value.
    pub(crate) fn when<V: Into<Value>>(&mut self, clause: &str, value: Option<V>) -> &mut Self {
        if let Some(v) = value {
            let n = self.bind(v);
            self.clauses.push(clause.replace('?', &n));
        }
        self
    }

    /// Add a clause without a value (a literal of this crate's).
    pub(crate) fn always(&mut self, clause: &str) -> &mut Self {
        self.clauses.push(clause.to_string());
        self
    }

    /// Bind one more value (for LIMIT and OFFSET, say); returns its placeholder.
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }

    /// ` WHERE a AND b`, or nothing when no filter is set.
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub(crate) fn params(&self) -> rusqlite::ParamsFromIter<&[Value]> {
        rusqlite::params_from_iter(&self.params[..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_filters_set_are_written_and_each_value_is_bound() {
        let mut w = Where::default();
        w.when("a = ?", Some("x".to_string()))
            .when("b = ?", None::<String>)
            .when("(c = ? OR d = ?)", Some(3))
            .always("e IS NULL");
        let limit = w.bind(50);
        assert_eq!(format!("{}{limit}", w.sql()), " WHERE a = ?1 AND (c = ?2 OR d = ?2) AND e IS NULL?3");
        assert_eq!(Where::default().sql(), "");
    }
}
