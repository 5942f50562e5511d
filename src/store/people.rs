//! People: clients, derivatives, witnesses, adverse parties.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::records::{Address, CaseDetails, CaseRole, HitKind, NewPerson, Person, PersonSummary};
use crate::domain::{self, anumber, Role};
use crate::error::{Error, Result};
use crate::store::{audit, cases, column, require, search};
use crate::vault::Vault;

const NAME_MAX: usize = 300;

fn optional_text(field: &'static str, s: &Option<String>) -> Result<Option<String>> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => domain::required_text(field, t, NAME_MAX).map(Some),
    }
}

/// The person's searchable text: name first (it is the hit's label), then aliases and A-number.
fn search_body(conn: &Connection, id: &str) -> Result<String> {
    let (name, a_number): (String, Option<String>) = conn
        .prepare_cached("SELECT name, a_number FROM person WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut body = name;
    for alias in column::<String>(conn, "SELECT alias FROM person_alias WHERE person_id = ?1 ORDER BY alias", [id])? {
        body.push('\n');
        body.push_str(&alias);
    }
    if let Some(a) = a_number {
        body.push('\n');
        body.push_str(&a);
    }
    Ok(body)
}

pub(crate) fn touch_and_reindex(conn: &Connection, id: &str, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE person SET updated = ?2 WHERE id = ?1")?.execute(params![id, now])?;
    reindex(conn, id)
}

/// Bring the search index and the conflict check's name index in step with a person's record.
fn reindex(conn: &Connection, id: &str) -> Result<()> {
    search::index(conn, HitKind::Person, id, None, &search_body(conn, id)?)?;
    super::conflicts::index_person(conn, id)
}

impl Vault {
    /// Add a person. Validates every field; nothing is written if any is wrong.
    pub fn add_person(&mut self, p: NewPerson) -> Result<String> {
        let today = self.clock.today();
        self.write(|tx, now| insert_person(tx, &p, today, now))
    }

    /// Intake: a new client and their first case, in one transaction (both or neither).
    pub fn intake(&mut self, person: NewPerson, case: CaseDetails) -> Result<(String, String)> {
        let today = self.clock.today();
        self.write(|tx, now| insert_intake(tx, &person, &case, today, now))
    }

    /// Add an alias or transliteration to a person.
    pub fn add_alias(&mut self, person_id: &str, alias: &str) -> Result<()> {
        let alias = domain::required_text("alias", alias, NAME_MAX)?;
        self.write(|tx, now| {
            require(tx, "person", "person", person_id)?;
            tx.prepare_cached("INSERT OR IGNORE INTO person_alias (person_id, alias) VALUES (?1, ?2)")?
                .execute(params![person_id, alias])?;
            touch_and_reindex(tx, person_id, now)?;
            audit::append(tx, now, "person.update", "person", person_id)
        })
    }

    /// Record a new address (a move), with when it began.
    pub fn add_address(&mut self, person_id: &str, address: &str, since: &str) -> Result<String> {
        let address = domain::required_text("address", address, 1000)?;
        let since = domain::parse_date("address date", since)?;
        self.write(|tx, now| {
            require(tx, "person", "person", person_id)?;
            let id = domain::new_id();
            tx.prepare_cached("INSERT INTO person_address (id, person_id, address, since) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![id, person_id, address, since.to_string()])?;
            touch_and_reindex(tx, person_id, now)?;
            audit::append(tx, now, "person.address.create", "person", person_id)?;
            Ok(id)
        })
    }

    /// One person with aliases, languages, address history and every case they are on.
    pub fn person(&self, id: &str) -> Result<Person> {
        let c = &self.conn;
        let mut person = c
            .prepare_cached(
                "SELECT id, name, dob, dob_approx, a_number, nationality, interpreter_needed, detained, facility,
                        phone, email, created, updated FROM person WHERE id = ?1",
            )?
            .query_row([id], person_from_row)
            .optional()?
            .ok_or(Error::NotFound("person"))?;
        person.aliases = column(c, "SELECT alias FROM person_alias WHERE person_id = ?1 ORDER BY alias", [id])?;
        person.languages =
            column(c, "SELECT language FROM person_language WHERE person_id = ?1 ORDER BY language", [id])?;
        let mut stmt = c.prepare_cached(
            "SELECT id, address, since, reported_court, reported_uscis FROM person_address
             WHERE person_id = ?1 ORDER BY since DESC",
        )?;
        person.addresses = stmt
            .query_map([id], |r| {
                Ok(Address {
                    id: r.get(0)?,
                    address: r.get(1)?,
                    since: r.get(2)?,
                    reported_court: r.get(3)?,
                    reported_uscis: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = c.prepare_cached(
            "SELECT r.case_id, c.title, r.role FROM case_role r JOIN legal_case c ON c.id = r.case_id
             WHERE r.person_id = ?1 ORDER BY c.created",
        )?;
        let roles = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        person.cases = roles
            .into_iter()
            .map(|(case_id, case_title, role)| {
                Ok(CaseRole { case_id, case_title, role: Role::parse(&role).map_err(|_| Error::DatabaseCorrupt)? })
            })
            .collect::<Result<_>>()?;
        Ok(person)
    }

    /// People in name order, a page at a time.
    pub fn list_people(&self, limit: usize, offset: usize) -> Result<Vec<PersonSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, a_number, nationality FROM person ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| {
            Ok(PersonSummary { id: r.get(0)?, name: r.get(1)?, a_number: r.get(2)?, nationality: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A new client and their first case, inside the caller's transaction.
pub(crate) fn insert_intake(
    tx: &Connection,
    person: &NewPerson,
    case: &CaseDetails,
    today: NaiveDate,
    now: &str,
) -> Result<(String, String)> {
    let person_id = insert_person(tx, person, today, now)?;
    let case_id = cases::insert_case(tx, &person_id, case, now)?;
    Ok((person_id, case_id))
}

/// Validate and insert a person, inside the caller's transaction.
pub(crate) fn insert_person(tx: &Connection, p: &NewPerson, today: NaiveDate, now: &str) -> Result<String> {
    let id = domain::new_id();
    write_person(tx, &id, p, today, now, false)?;
    audit::append(tx, now, "person.create", "person", &id)?;
    Ok(id)
}

/// A person's details as a [`NewPerson`] (what a re-imported spreadsheet row changes only in
/// part), inside the caller's transaction.
pub(crate) fn current_person(tx: &Connection, id: &str) -> Result<NewPerson> {
    let mut p = tx
        .prepare_cached(
            "SELECT name, dob, dob_approx, a_number, nationality, interpreter_needed, detained, facility, phone, email
         FROM person WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(NewPerson {
                name: r.get(0)?,
                dob: r.get(1)?,
                dob_approx: r.get(2)?,
                a_number: r.get(3)?,
                nationality: r.get(4)?,
                interpreter_needed: r.get(5)?,
                detained: r.get(6)?,
                facility: r.get(7)?,
                phone: r.get(8)?,
                email: r.get(9)?,
                ..Default::default()
            })
        })?;
    p.aliases = column(tx, "SELECT alias FROM person_alias WHERE person_id = ?1 ORDER BY alias", [id])?;
    p.languages = column(tx, "SELECT language FROM person_language WHERE person_id = ?1 ORDER BY language", [id])?;
    Ok(p)
}

/// Validate and replace an existing person's details, aliases and languages (a re-imported
/// spreadsheet row), inside the caller's transaction.
pub(crate) fn update_person(tx: &Connection, id: &str, p: &NewPerson, today: NaiveDate, now: &str) -> Result<()> {
    write_person(tx, id, p, today, now, true)?;
    audit::append(tx, now, "person.update", "person", id)
}

/// The one place a person's fields are validated and written.
fn write_person(tx: &Connection, id: &str, p: &NewPerson, today: NaiveDate, now: &str, existing: bool) -> Result<()> {
    let name = domain::required_text("name", &p.name, NAME_MAX)?;
    let aliases = p.aliases.iter().map(|a| domain::required_text("alias", a, NAME_MAX)).collect::<Result<Vec<_>>>()?;
    let dob = p.dob.as_deref().map(|d| domain::parse_dob(d, today)).transpose()?;
    if p.dob_approx && dob.is_none() {
        return Err(Error::invalid("date of birth", "an approximate date needs a date"));
    }
    let a_number = p.a_number.as_deref().map(anumber::normalise).transpose()?;
    let nationality = p.nationality.as_deref().map(domain::parse_country).transpose()?;
    let languages = p.languages.iter().map(|l| domain::parse_language(l)).collect::<Result<Vec<_>>>()?;
    let facility = optional_text("facility", &p.facility)?;
    let phone = optional_text("phone", &p.phone)?;
    let email = optional_text("email", &p.email)?;

    if let Some(a) = &a_number {
        let taken: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM person WHERE a_number = ?1 AND id <> ?2)")?
            .query_row(params![a, id], |r| r.get(0))?;
        if taken {
            return Err(Error::invalid("A-number", "already belongs to another person in this vault"));
        }
    }
    let values = params![
        id,
        name,
        dob.map(|d| d.to_string()),
        p.dob_approx,
        a_number,
        nationality,
        p.interpreter_needed,
        p.detained,
        facility,
        phone,
        email,
        now
    ];
    if existing {
        tx.prepare_cached(
            "UPDATE person SET name = ?2, dob = ?3, dob_approx = ?4, a_number = ?5, nationality = ?6,
                 interpreter_needed = ?7, detained = ?8, facility = ?9, phone = ?10, email = ?11, updated = ?12
             WHERE id = ?1",
        )?
        .execute(values)?;
        tx.prepare_cached("DELETE FROM person_alias WHERE person_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM person_language WHERE person_id = ?1")?.execute([id])?;
    } else {
        tx.prepare_cached(
            "INSERT INTO person (id, name, dob, dob_approx, a_number, nationality, interpreter_needed, detained,
                                 facility, phone, email, created, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        )?
        .execute(values)?;
    }
    for alias in &aliases {
        tx.prepare_cached("INSERT OR IGNORE INTO person_alias (person_id, alias) VALUES (?1, ?2)")?
            .execute(params![id, alias])?;
    }
    for lang in &languages {
        tx.prepare_cached("INSERT OR IGNORE INTO person_language (person_id, language) VALUES (?1, ?2)")?
            .execute(params![id, lang])?;
    }
    reindex(tx, id)
}

fn person_from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        aliases: Vec::new(),
        dob: r.get(2)?,
        dob_approx: r.get(3)?,
        a_number: r.get(4)?,
        nationality: r.get(5)?,
        languages: Vec::new(),
        interpreter_needed: r.get(6)?,
        detained: r.get(7)?,
        facility: r.get(8)?,
        phone: r.get(9)?,
        email: r.get(10)?,
        addresses: Vec::new(),
        cases: Vec::new(),
        created: r.get(11)?,
        updated: r.get(12)?,
    })
}
