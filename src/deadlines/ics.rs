//! The opt-in calendar export (RFC 5545 `.ics`). A calendar file leaves the vault in plaintext
//! and usually ends up synced to someone's cloud, so by default an entry names only the rule and
//! a short case reference, never the client or the case title.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// One all-day calendar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across exports, so re-importing updates instead of duplicating.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// The short case reference used instead of names: the first 8 characters of the case id.
pub fn case_reference(case_id: &str) -> String {
    case_id.chars().take(8).collect()
}

/// Render a calendar. `now` stamps the entries (DTSTAMP).
pub fn render(entries: &[Entry], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Amparo//Deadlines//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    for e in entries {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
        let end = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// RFC 5545 TEXT escaping; control characters are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line folded at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_folds_and_uses_crlf() {
        let e = Entry {
            uid: "abc@amparo".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
            summary: "BIA appeal; due, now\\".into(),
            description: format!("line one\nline two {}", "ñ".repeat(60)),
        };
        let ics = render(&[e], DateTime::from_timestamp(0, 0).unwrap());
        assert!(ics.contains("SUMMARY:BIA appeal\\; due\\, now\\\\\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261228\r\nDTEND;VALUE=DATE:20261229\r\n"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "folded: {l:?}");
        }
        assert!(!ics.replace("\r\n", "").contains('\n'), "only CRLF line ends");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:line one\\nline two {}", "ñ".repeat(60))));
    }
}
