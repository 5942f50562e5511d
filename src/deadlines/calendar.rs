//! Business days: weekends, each country's legal holidays (computed for any year, never a
//! hand-kept list that runs out), one-off closures the user adds, and suspension periods during
//! which deadlines do not run.
//!
//! - United States: the federal holidays of 5 U.S.C. 6103; one on a Saturday is observed the
//!   Friday before, one on a Sunday the Monday after (so 1 January on a Saturday makes Friday
//!   31 December of the year before a holiday).
//! - Mexico: the rest days of Ley Federal del Trabajo art. 74. Election days (art. 74 IX) are set
//!   by electoral law each time and must be added as closures.
//! - Colombia: the holidays of Ley 51 de 1983 (several move to the next Monday) and the Easter
//!   holidays.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::CalendarId;

/// A legal holiday, named so the trace can say which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    NewYear,
    MlkDay,
    WashingtonsBirthday,
    MemorialDay,
    Juneteenth,
    IndependenceDay,
    LaborDay,
    ColumbusDay,
    VeteransDay,
    Thanksgiving,
    Christmas,
    MxConstitution,
    MxJuarez,
    MxLabour,
    MxIndependence,
    MxRevolution,
    MxTransmission,
    CoEpiphany,
    CoSaintJoseph,
    CoHolyThursday,
    CoGoodFriday,
    CoLabour,
    CoAscension,
    CoCorpusChristi,
    CoSacredHeart,
    CoSaintsPeterPaul,
    CoIndependence,
    CoBoyaca,
    CoAssumption,
    CoRaza,
    CoAllSaints,
    CoCartagena,
    CoImmaculate,
}

/// Why a day is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "why")]
pub enum Closed {
    Saturday,
    Sunday,
    /// `observed`: the holiday falls on a weekend and this is the weekday that takes its place.
    Holiday {
        holiday: Holiday,
        observed: bool,
    },
    /// A one-off closure the user added.
    Closure,
    /// Inside a suspension period: deadlines do not run.
    Suspended,
}

/// One country's business days plus the user's closures and suspensions that apply to it.
#[derive(Debug, Clone, Default)]
pub struct BusinessCalendar {
    country: Option<CalendarId>,
    closures: Vec<NaiveDate>,
    suspensions: Vec<(NaiveDate, NaiveDate)>,
}

impl BusinessCalendar {
    /// `country: None` means weekends only (no holiday calendar is known).
    pub fn new(country: Option<CalendarId>) -> Self {
        BusinessCalendar { country, ..Default::default() }
    }

    pub fn with_closures(mut self, closures: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.closures.extend(closures);
        self.closures.sort_unstable();
        self
    }

    /// Periods (first and last day, inclusive) during which deadlines do not run.
    pub fn with_suspensions(mut self, periods: impl IntoIterator<Item = (NaiveDate, NaiveDate)>) -> Self {
        self.suspensions.extend(periods);
        self
    }

    pub fn country(&self) -> Option<CalendarId> {
        self.country
    }

    /// Is the day inside a suspension period?
    pub fn suspended(&self, d: NaiveDate) -> bool {
        self.suspensions.iter().any(|&(from, to)| from <= d && d <= to)
    }

    /// Why `d` is not a business day, or `None` if it is one.
    pub fn closed(&self, d: NaiveDate) -> Option<Closed> {
        match d.weekday() {
            Weekday::Sat => return Some(Closed::Saturday),
            Weekday::Sun => return Some(Closed::Sunday),
            _ => {}
        }
        if let Some((holiday, observed)) = self.country.and_then(|c| holiday_on(c, d)) {
            return Some(Closed::Holiday { holiday, observed });
        }
        if self.closures.binary_search(&d).is_ok() {
            return Some(Closed::Closure);
        }
        self.suspended(d).then_some(Closed::Suspended)
    }

    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        self.closed(d).is_none()
    }

    /// The first business day on or after `d`, with the closed days passed over.
    pub fn roll_forward(&self, d: NaiveDate) -> (NaiveDate, Vec<(NaiveDate, Closed)>) {
        let mut day = d;
        let mut skipped = Vec::new();
        while let Some(why) = self.closed(day) {
            skipped.push((day, why));
            day = next(day);
        }
        (day, skipped)
    }

    /// Count `n` business days after `from` (which is day 0).
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = next(day);
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Count `n` business days before `from`.
    pub fn sub_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.pred_opt().unwrap_or(day);
            if self.is_business_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// How many suspended days lie in `(after, until]`.
    pub fn suspended_days(&self, after: NaiveDate, until: NaiveDate) -> u32 {
        let mut n = 0;
        let mut day = after;
        while day < until {
            day = next(day);
            if self.suspended(day) {
                n += 1;
            }
        }
        n
    }
}

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn nth(y: i32, m: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, wd, n)
}

fn last_monday_of_may(y: i32) -> Option<NaiveDate> {
    nth(y, 5, Weekday::Mon, 5).or_else(|| nth(y, 5, Weekday::Mon, 4))
}

/// The holiday (and whether `d` is its observed stand-in) on `d`, if any.
pub fn holiday_on(country: CalendarId, d: NaiveDate) -> Option<(Holiday, bool)> {
    let list = match country {
        CalendarId::Us => us_holidays(d.year()),
        CalendarId::Mx => mx_holidays(d.year()),
        CalendarId::Co => co_holidays(d.year()),
    };
    list.into_iter().find(|&(day, _, _)| day == d).map(|(_, h, observed)| (h, observed))
}

/// 5 U.S.C. 6103, as observed: `(day off, holiday, observed stand-in?)`.
fn us_holidays(y: i32) -> Vec<(NaiveDate, Holiday, bool)> {
    use Holiday::*;
    let mut fixed = vec![(ymd(y, 1, 1), NewYear), (ymd(y, 7, 4), IndependenceDay), (ymd(y, 11, 11), VeteransDay)];
    fixed.push((ymd(y, 12, 25), Christmas));
    if y >= 2021 {
        fixed.push((ymd(y, 6, 19), Juneteenth));
    }
    // Next year's 1 January on a Saturday is observed on this year's 31 December.
    fixed.push((ymd(y + 1, 1, 1), NewYear));
    let mut out = Vec::new();
    for (day, h) in fixed.into_iter().filter_map(|(d, h)| Some((d?, h))) {
        let observed = match day.weekday() {
            Weekday::Sat => day.pred_opt(),
            Weekday::Sun => day.succ_opt(),
            _ => None,
        };
        match observed {
            Some(o) => out.push((o, h, true)),
            None => out.push((day, h, false)),
        }
    }
    let floating = [
        (nth(y, 1, Weekday::Mon, 3), MlkDay),
        (nth(y, 2, Weekday::Mon, 3), WashingtonsBirthday),
        (last_monday_of_may(y), MemorialDay),
        (nth(y, 9, Weekday::Mon, 1), LaborDay),
        (nth(y, 10, Weekday::Mon, 2), ColumbusDay),
        (nth(y, 11, Weekday::Thu, 4), Thanksgiving),
    ];
    out.extend(floating.into_iter().filter_map(|(d, h)| Some((d?, h, false))));
    out.retain(|(d, h, _)| d.year() == y && !(*h == MlkDay && y < 1986));
    out
}

/// Ley Federal del Trabajo art. 74 (Monday holidays since the 2006 reform).
fn mx_holidays(y: i32) -> Vec<(NaiveDate, Holiday, bool)> {
    use Holiday::*;
    let mondays = y >= 2006;
    let pick = |monday: Option<NaiveDate>, fixed: Option<NaiveDate>| if mondays { monday } else { fixed };
    let mut days = vec![
        (ymd(y, 1, 1), NewYear),
        (pick(nth(y, 2, Weekday::Mon, 1), ymd(y, 2, 5)), MxConstitution),
        (pick(nth(y, 3, Weekday::Mon, 3), ymd(y, 3, 21)), MxJuarez),
        (ymd(y, 5, 1), MxLabour),
        (ymd(y, 9, 16), MxIndependence),
        (pick(nth(y, 11, Weekday::Mon, 3), ymd(y, 11, 20)), MxRevolution),
        (ymd(y, 12, 25), Christmas),
    ];
    // Transfer of the federal executive: 1 December every six years until 2018, 1 October from
    // 2024 (constitutional reform of 2014).
    if y <= 2018 && (y - 2000) % 6 == 0 {
        days.push((ymd(y, 12, 1), MxTransmission));
    } else if y >= 2024 && (y - 2024) % 6 == 0 {
        days.push((ymd(y, 10, 1), MxTransmission));
    }
    days.into_iter().filter_map(|(d, h)| Some((d?, h, false))).collect()
}

/// Gregorian Easter Sunday (the anonymous Gregorian algorithm).
pub fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

/// Ley 51 de 1983 ("Ley Emiliani") and the Easter holidays.
fn co_holidays(y: i32) -> Vec<(NaiveDate, Holiday, bool)> {
    use Holiday::*;
    let next_monday =
        |d: Option<NaiveDate>| d.map(|d| d + Days::new(u64::from((7 - d.weekday().num_days_from_monday()) % 7)));
    let plus = |d: Option<NaiveDate>, n: i64| d.and_then(|d| d.checked_add_signed(chrono::Duration::days(n)));
    let e = easter(y);
    let days = [
        (ymd(y, 1, 1), NewYear),
        (next_monday(ymd(y, 1, 6)), CoEpiphany),
        (next_monday(ymd(y, 3, 19)), CoSaintJoseph),
        (plus(e, -3), CoHolyThursday),
        (plus(e, -2), CoGoodFriday),
        (ymd(y, 5, 1), CoLabour),
        (plus(e, 43), CoAscension),
        (plus(e, 64), CoCorpusChristi),
        (plus(e, 71), CoSacredHeart),
        (next_monday(ymd(y, 6, 29)), CoSaintsPeterPaul),
        (ymd(y, 7, 20), CoIndependence),
        (ymd(y, 8, 7), CoBoyaca),
        (next_monday(ymd(y, 8, 15)), CoAssumption),
        (next_monday(ymd(y, 10, 12)), CoRaza),
        (next_monday(ymd(y, 11, 1)), CoAllSaints),
        (next_monday(ymd(y, 11, 11)), CoCartagena),
        (ymd(y, 12, 8), CoImmaculate),
        (ymd(y, 12, 25), Christmas),
    ];
    days.into_iter().filter_map(|(d, h)| Some((d?, h, false))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn days_off(country: CalendarId, y: i32) -> Vec<String> {
        let mut v: Vec<String> = match country {
            CalendarId::Us => us_holidays(y),
            CalendarId::Mx => mx_holidays(y),
            CalendarId::Co => co_holidays(y),
        }
        .into_iter()
        .map(|(d, _, _)| d.to_string())
        .collect();
        v.sort();
        v
    }

    /// OPM's published federal holiday schedules, including the observed stand-ins.
    #[test]
    fn us_federal_holidays_match_the_opm_schedule() {
        assert_eq!(
            days_off(CalendarId::Us, 2026),
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25"
            ]
        );
        // 2021: Juneteenth's first year (Saturday → Friday 18 June); 2022's New Year (a
        // Saturday) is observed on Friday 31 December 2021.
        assert_eq!(
            days_off(CalendarId::Us, 2021),
            [
                "2021-01-01",
                "2021-01-18",
                "2021-02-15",
                "2021-05-31",
                "2021-06-18",
                "2021-07-05",
                "2021-09-06",
                "2021-10-11",
                "2021-11-11",
                "2021-11-25",
                "2021-12-24",
                "2021-12-31"
            ]
        );
        // 2022 itself has no 1 January stand-in inside the year (it was in 2021).
        assert!(!days_off(CalendarId::Us, 2022).contains(&"2022-01-03".to_string()));
        assert_eq!(days_off(CalendarId::Us, 2020).len(), 10, "no Juneteenth before 2021");
        assert_eq!(days_off(CalendarId::Us, 1985).len(), 9, "no MLK day before 1986");
        // Sunday holiday → Monday: 4 July 2027 is a Sunday.
        assert_eq!(holiday_on(CalendarId::Us, d("2027-07-05")), Some((Holiday::IndependenceDay, true)));
    }

    #[test]
    fn mexico_rest_days_of_lft_article_74() {
        assert_eq!(
            days_off(CalendarId::Mx, 2026),
            ["2026-01-01", "2026-02-02", "2026-03-16", "2026-05-01", "2026-09-16", "2026-11-16", "2026-12-25"]
        );
        assert!(days_off(CalendarId::Mx, 2024).contains(&"2024-10-01".to_string()));
        assert!(days_off(CalendarId::Mx, 2018).contains(&"2018-12-01".to_string()));
        assert!(days_off(CalendarId::Mx, 2030).contains(&"2030-10-01".to_string()));
        assert_eq!(days_off(CalendarId::Mx, 2027).len(), 7);
        assert!(days_off(CalendarId::Mx, 2005).contains(&"2005-03-21".to_string()), "fixed dates before 2006");
    }

    #[test]
    fn colombian_holidays_including_easter_and_emiliani_mondays() {
        assert_eq!(
            days_off(CalendarId::Co, 2026),
            [
                "2026-01-01",
                "2026-01-12",
                "2026-03-23",
                "2026-04-02",
                "2026-04-03",
                "2026-05-01",
                "2026-05-18",
                "2026-06-08",
                "2026-06-15",
                "2026-06-29",
                "2026-07-20",
                "2026-08-07",
                "2026-08-17",
                "2026-10-12",
                "2026-11-02",
                "2026-11-16",
                "2026-12-08",
                "2026-12-25"
            ]
        );
    }

    #[test]
    fn easter_sundays() {
        for (y, e) in [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2038, "2038-04-25")] {
            assert_eq!(easter(y), Some(d(e)), "{y}");
        }
    }

    #[test]
    fn rolling_counting_closures_and_suspensions() {
        let us = BusinessCalendar::new(Some(CalendarId::Us));
        // Christmas 2026 is a Friday → Monday 28 December.
        let (to, skipped) = us.roll_forward(d("2026-12-25"));
        assert_eq!(to, d("2026-12-28"));
        assert_eq!(skipped.len(), 3);
        assert_eq!(us.sub_business_days(d("2026-12-28"), 3), d("2026-12-22"));
        let closed = us.clone().with_closures([d("2026-12-28")]);
        assert_eq!(closed.roll_forward(d("2026-12-25")).0, d("2026-12-29"));
        let mx = BusinessCalendar::new(Some(CalendarId::Mx));
        // Thursday 29 Jan 2026 + 3 business days: Fri 30, (weekend), (Mon 2 Feb holiday), Tue 3, Wed 4.
        assert_eq!(mx.add_business_days(d("2026-01-29"), 3), d("2026-02-04"));
        let halted = mx.with_suspensions([(d("2026-02-03"), d("2026-02-06"))]);
        assert_eq!(halted.add_business_days(d("2026-01-29"), 3), d("2026-02-10"));
        assert_eq!(halted.suspended_days(d("2026-02-01"), d("2026-02-28")), 4);
        assert_eq!(BusinessCalendar::new(None).roll_forward(d("2026-12-25")).0, d("2026-12-25"));
    }
}
