//! The asylum practice's vocabulary: validated values that the store keeps and the CLI and app
//! show. Validation lives here once, so the CLI and the desktop shell reject the same inputs with
//! the same error codes.

pub mod anumber;
pub mod records;

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// The years the deadline engine has holiday calendars for; event and deadline dates outside
/// them are refused rather than computed on a guess.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1980..=2100;

/// A date the deadline engine can count from: real, and within [`DATE_YEARS`].
pub fn parse_event_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    use chrono::Datelike;
    let d = parse_date(field, s)?;
    if DATE_YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(Error::invalid(field, "must be between 1980 and 2100"))
    }
}

/// Parse a `YYYY-MM-DD` date, rejecting impossible dates (`2026-02-30`).
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return Err(Error::invalid(field, "use the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, "not a real date in the form YYYY-MM-DD"))
}

/// A date of birth: real, not in the future, not before 1900.
pub fn parse_dob(s: &str, today: NaiveDate) -> Result<NaiveDate> {
    let d = parse_date("date of birth", s)?;
    if d > today {
        return Err(Error::invalid("date of birth", "is in the future"));
    }
    if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(Error::invalid("date of birth", "is before 1900"));
    }
    Ok(d)
}

/// Parse a record id (a UUID). Never echoes the input.
pub fn parse_id(field: &'static str, s: &str) -> Result<String> {
    uuid::Uuid::parse_str(s.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| Error::invalid(field, "not a valid id"))
}

/// Generate a new record id: a UUIDv7, time-ordered, so new rows land at the end of every index
/// instead of on a random page of each (ADR 0010: random ids made bulk writes to the encrypted
/// database half as fast as to a plain one).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

/// Generate a random record id (UUIDv4), for records whose id is seen outside the encrypted
/// database: a document's id names its attachment file, and a UUIDv7 there would show, to
/// anyone listing the folder, when the evidence was first added even after a restore.
pub fn new_random_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Defines a closed set of kebab-case values with parsing and listing.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $field:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form used in the database, the CLI and the UI.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parse the text form.
            pub fn parse(s: &str) -> Result<$name> {
                match s.trim() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(Error::invalid($field, concat!("must be one of: ", $($text, " "),+))),
                }
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// Which legal system the case runs in; decides which deadline rules apply.
    Jurisdiction, "jurisdiction" {
        UsEoir = "us-eoir",
        UsUscis = "us-uscis",
        MxComar = "mx-comar",
        Co = "co",
        Unhcr = "unhcr",
    }
);

vocabulary!(
    /// How a person takes part in a case.
    Role, "role" {
        Client = "client",
        Derivative = "derivative",
        Witness = "witness",
        Adverse = "adverse",
        Other = "other",
    }
);

vocabulary!(
    /// Where a case stands.
    Stage, "stage" {
        Intake = "intake",
        Preparing = "preparing",
        Filed = "filed",
        Hearing = "hearing",
        Decided = "decided",
        Appeal = "appeal",
        Closed = "closed",
    }
);

vocabulary!(
    /// How a case ended, for the office's statistics.
    Outcome, "outcome" {
        Granted = "granted",
        Denied = "denied",
        Withdrawn = "withdrawn",
        Dismissed = "dismissed",
        Other = "other",
    }
);

vocabulary!(
    /// Forms of relief or protection being pursued.
    Relief, "relief track" {
        Asylum = "asylum",
        Withholding = "withholding",
        Cat = "cat",
        Sijs = "sijs",
        UVisa = "u-visa",
        TVisa = "t-visa",
        Tps = "tps",
        Cancellation = "cancellation",
        Adjustment = "adjustment",
        RefugeeStatus = "refugee-status",
        ComplementaryProtection = "complementary-protection",
        Other = "other",
    }
);

vocabulary!(
    /// Things that happen on a case and carry a date. Some drive deadlines (see
    /// [`crate::deadlines::rules`]); the rest are kept for the timeline and the calendar.
    EventKind, "event kind" {
        LastArrival = "last-arrival",
        NtaServed = "nta-served",
        I589Filed = "i589-filed",
        I589Received = "i589-received",
        EadClockStop = "ead-clock-stop",
        EadClockStart = "ead-clock-start",
        Biometrics = "biometrics",
        MasterHearing = "mch-hearing",
        IndividualHearing = "ich-hearing",
        FilingReceived = "filing-received",
        IjDecision = "ij-decision",
        InAbsentiaOrder = "in-absentia-order",
        FinalOrder = "final-order",
        AddressChange = "address-change",
        MxEntry = "mx-entry",
        MxComarAdmission = "mx-comar-admission",
        CoEntry = "co-entry",
        CoDenialNotified = "co-denial-notified",
        // Kinds that apply everywhere come last in pickers.
        Interview = "interview",
        Decision = "decision",
        Other = "other",
    }
);

impl EventKind {
    /// The jurisdictions where this kind of event means something; `None` means all.
    pub fn jurisdictions(self) -> Option<&'static [Jurisdiction]> {
        use EventKind::*;
        use Jurisdiction::*;
        const US: &[Jurisdiction] = &[UsEoir, UsUscis];
        const COURT: &[Jurisdiction] = &[UsEoir];
        match self {
            LastArrival | I589Filed | I589Received | EadClockStop | EadClockStart | Biometrics | AddressChange => {
                Some(US)
            }
            NtaServed | MasterHearing | IndividualHearing | FilingReceived | IjDecision | InAbsentiaOrder
            | FinalOrder => Some(COURT),
            MxEntry | MxComarAdmission => Some(&[MxComar]),
            CoEntry | CoDenialNotified => Some(&[Co]),
            Interview | Decision | Other => None,
        }
    }

    /// The kinds that mean something in `j`, in display order.
    pub fn for_jurisdiction(j: Jurisdiction) -> Vec<EventKind> {
        EventKind::ALL.iter().copied().filter(|k| k.jurisdictions().is_none_or(|js| js.contains(&j))).collect()
    }

    /// Arrival in the country whose law the case runs under; other events cannot precede it.
    pub fn is_arrival(self) -> bool {
        matches!(self, EventKind::LastArrival | EventKind::MxEntry | EventKind::CoEntry)
    }

    /// Shown on the calendar as an appointment (not a deadline).
    pub fn is_appointment(self) -> bool {
        matches!(
            self,
            EventKind::MasterHearing | EventKind::IndividualHearing | EventKind::Interview | EventKind::Biometrics
        )
    }
}

vocabulary!(
    /// A country's calendar of business days, for counting and for closures.
    CalendarId, "calendar" {
        Us = "us",
        Mx = "mx",
        Co = "co",
    }
);

impl Jurisdiction {
    /// Whose business days count for this jurisdiction's deadlines.
    pub fn calendar(self) -> Option<CalendarId> {
        match self {
            Jurisdiction::UsEoir | Jurisdiction::UsUscis => Some(CalendarId::Us),
            Jurisdiction::MxComar => Some(CalendarId::Mx),
            Jurisdiction::Co => Some(CalendarId::Co),
            Jurisdiction::Unhcr => None,
        }
    }
}

/// ISO 3166-1 alpha-2 country code (upper-cased).
pub fn parse_country(s: &str) -> Result<String> {
    let s = s.trim();
    if s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(Error::invalid("nationality", "use a two-letter country code such as HN or VE"))
    }
}

/// ISO 639 language code (2 or 3 letters, lower-cased), e.g. `es`, `ht`, `mam`, `quc`.
pub fn parse_language(s: &str) -> Result<String> {
    let s = s.trim();
    if (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(Error::invalid("language", "use an ISO 639 code such as es, ht or mam"))
    }
}

/// A required free-text field: trimmed, not empty, bounded.
pub fn required_text(field: &'static str, s: &str, max_chars: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if t.chars().count() > max_chars {
        return Err(Error::invalid(field, "is too long"));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("d", "2024-02-29").is_ok());
        for bad in ["2023-02-29", "2026-13-01", "2026-02-30", "26-01-01", "2026/01/01", "", "2026-1-1"] {
            assert!(matches!(parse_date("d", bad), Err(Error::Invalid { .. })), "{bad}");
        }
    }

    #[test]
    fn dob_not_in_future() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert!(parse_dob("2026-11-30", today).is_err());
        assert!(parse_dob("1899-12-31", today).is_err());
        assert!(parse_dob("1990-06-15", today).is_ok());
    }

    #[test]
    fn vocabularies_round_trip_and_reject_unknown() {
        for j in Jurisdiction::ALL {
            assert_eq!(Jurisdiction::parse(j.as_str()).unwrap(), *j);
        }
        assert!(Jurisdiction::parse("us").is_err());
        assert!(Role::parse("Client").is_err());
    }

    #[test]
    fn ids_are_uuids() {
        let id = new_id();
        assert_eq!(parse_id("id", &id.to_uppercase()).unwrap(), id);
        assert!(parse_id("id", "../../etc/passwd").is_err());
    }

    #[test]
    fn codes() {
        assert_eq!(parse_country("hn").unwrap(), "HN");
        assert!(parse_country("HND").is_err());
        assert_eq!(parse_language("MAM").unwrap(), "mam");
        assert!(parse_language("e").is_err());
        assert!(required_text("t", "  ", 10).is_err());
        assert!(required_text("t", "a\u{0}b", 10).is_err());
    }
}
