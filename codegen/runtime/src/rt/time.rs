//! UTC calendar arithmetic on the proleptic Gregorian calendar.
//!
//! Timestamps travel as seconds since the Unix epoch; the wire formats and the
//! signer need them as calendar fields and back. The conversions work for every
//! `i64` second count (far past and far future included) without overflow, by
//! counting days in 400-year cycles, the period after which the Gregorian
//! calendar repeats exactly.

const SECS_PER_DAY: i64 = 86_400;
/// Days in one 400-year Gregorian cycle.
const DAYS_PER_CYCLE: i128 = 146_097;
/// Days from 0000-03-01 to 1970-01-01. Counting years from March puts the leap
/// day at the very end of each counted year, which keeps the month arithmetic
/// free of special cases.
const DAYS_FROM_MARCH_0000_TO_EPOCH: i128 = 719_468;

/// Three-letter English month names, January first, as HTTP dates spell them.
pub const MONTH_ABBREVIATIONS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Three-letter English weekday names, Monday first (ISO 8601 order, matching
/// [`weekday_from_days`]).
pub const WEEKDAY_ABBREVIATIONS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A UTC date and time of day with whole seconds.
///
/// Fields are public so callers can build one from parsed text; a value built
/// that way may be out of range, which [`unix_from_civil`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Civil {
    /// The year; 1 BC is year 0, 2 BC is year -1 (astronomical numbering).
    pub year: i64,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the length of the month.
    pub day: u8,
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59.
    pub second: u8,
}

/// Whether `year` has a February 29th.
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1 to 12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the given date, or `None` when the month or day is
/// out of range or the count does not fit an `i64`.
pub fn days_from_civil(year: i64, month: u8, day: u8) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Years start in March here, so January and February belong to the
    // previous counted year.
    let year = i128::from(year) - i128::from(month <= 2);
    let cycle = year.div_euclid(400);
    let year_of_cycle = year.rem_euclid(400);
    let month_from_march = (i128::from(month) + 9) % 12;
    // Month lengths from March repeat 31,30,31,30,31 twice then 31,28/29: the
    // linear formula (153 m + 2) / 5 gives the days before month m.
    let day_of_year = (153 * month_from_march + 2) / 5 + i128::from(day) - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    i64::try_from(cycle * DAYS_PER_CYCLE + day_of_cycle - DAYS_FROM_MARCH_0000_TO_EPOCH).ok()
}

/// The date (year, month, day) that lies `days` days after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let shifted = i128::from(days) + DAYS_FROM_MARCH_0000_TO_EPOCH;
    let cycle = shifted.div_euclid(DAYS_PER_CYCLE);
    let day_of_cycle = shifted.rem_euclid(DAYS_PER_CYCLE);
    // Undo the leap-day corrections (every 4th year, except every 100th, except
    // the 400th) before dividing by the common-year length.
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / (DAYS_PER_CYCLE - 1)) / 365;
    let day_of_year = day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = cycle * 400 + year_of_cycle + i128::from(month <= 2);
    // |days| < 2^63 keeps |year| below 2^63 / 365, and day/month are small by
    // construction, so these conversions always succeed.
    (year as i64, month as u8, day as u8)
}

/// The day of the week of the day `days` after 1970-01-01: 0 is Monday, 6 is Sunday.
pub fn weekday_from_days(days: i64) -> u8 {
    // 1970-01-01 was a Thursday (3 counting from Monday = 0).
    ((i128::from(days) + 3).rem_euclid(7)) as u8
}

/// The day of the week at `secs` seconds after the Unix epoch: 0 is Monday, 6 is Sunday.
pub fn weekday_from_unix(secs: i64) -> u8 {
    weekday_from_days(secs.div_euclid(SECS_PER_DAY))
}

/// The UTC calendar fields of `secs` seconds after 1970-01-01T00:00:00Z.
/// Negative values are before the epoch; every `i64` is accepted.
pub fn civil_from_unix(secs: i64) -> Civil {
    let days = secs.div_euclid(SECS_PER_DAY);
    let second_of_day = secs.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (second_of_day / 3600) as u8,
        minute: (second_of_day / 60 % 60) as u8,
        second: (second_of_day % 60) as u8,
    }
}

/// Seconds since the Unix epoch of `civil`, or `None` when a field is out of
/// range (month 13, February 30th, hour 24, second 60, ...) or the result does
/// not fit an `i64`.
pub fn unix_from_civil(civil: &Civil) -> Option<i64> {
    if civil.hour > 23 || civil.minute > 59 || civil.second > 59 {
        return None;
    }
    let days = days_from_civil(civil.year, civil.month, civil.day)?;
    let second_of_day = i64::from(civil.hour) * 3600 + i64::from(civil.minute) * 60 + i64::from(civil.second);
    // Wide arithmetic: the earliest representable second lies after midnight
    // of a day whose midnight is itself out of range.
    i64::try_from(i128::from(days) * i128::from(SECS_PER_DAY) + i128::from(second_of_day)).ok()
}

impl Civil {
    /// The day of the week: 0 is Monday, 6 is Sunday; `None` for an invalid date.
    pub fn weekday(&self) -> Option<u8> {
        days_from_civil(self.year, self.month, self.day).map(weekday_from_days)
    }

    /// ISO 8601 basic date, `yyyymmdd` (the SigV4 credential-scope date).
    /// `None` outside years 0 to 9999, which need more or fewer than four digits.
    pub fn basic_date(&self) -> Option<String> {
        let mut out = String::with_capacity(8);
        self.push_basic_date(&mut out)?;
        Some(out)
    }

    /// ISO 8601 basic date and time in UTC, `yyyymmddThhmmssZ` (the SigV4
    /// `x-amz-date`). `None` outside years 0 to 9999.
    pub fn basic_date_time(&self) -> Option<String> {
        let mut out = String::with_capacity(16);
        self.push_basic_date(&mut out)?;
        out.push('T');
        for part in [self.hour, self.minute, self.second] {
            push_digits(&mut out, u32::from(part), 2);
        }
        out.push('Z');
        Some(out)
    }

    /// Appends `yyyymmdd`, or nothing and `None` outside years 0 to 9999.
    fn push_basic_date(&self, out: &mut String) -> Option<()> {
        let year = u32::try_from(self.year).ok().filter(|year| *year <= 9999)?;
        push_digits(out, year, 4);
        push_digits(out, u32::from(self.month), 2);
        push_digits(out, u32::from(self.day), 2);
        Some(())
    }
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(year: i64, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Civil {
        Civil { year, month, day, hour, minute, second }
    }

    #[test]
    fn epoch() {
        assert_eq!(civil_from_unix(0), civil(1970, 1, 1, 0, 0, 0));
        assert_eq!(unix_from_civil(&civil(1970, 1, 1, 0, 0, 0)), Some(0));
        assert_eq!(weekday_from_unix(0), 3, "1970-01-01 was a Thursday");
    }

    #[test]
    fn known_instants() {
        let cases = [
            (1_398_796_238, civil(2014, 4, 29, 18, 30, 38)),
            (1_440_938_160, civil(2015, 8, 30, 12, 36, 0)),
            (951_782_400, civil(2000, 2, 29, 0, 0, 0)),
            (951_868_799, civil(2000, 2, 29, 23, 59, 59)),
            (951_868_800, civil(2000, 3, 1, 0, 0, 0)),
            (1_709_164_800, civil(2024, 2, 29, 0, 0, 0)),
            (253_402_300_799, civil(9999, 12, 31, 23, 59, 59)),
            (-2_208_988_800, civil(1900, 1, 1, 0, 0, 0)),
            (-2_203_891_200, civil(1900, 3, 1, 0, 0, 0)),
            (-62_135_596_800, civil(1, 1, 1, 0, 0, 0)),
            (-62_167_219_200, civil(0, 1, 1, 0, 0, 0)),
            (-1, civil(1969, 12, 31, 23, 59, 59)),
            (-86_400, civil(1969, 12, 31, 0, 0, 0)),
            (-86_401, civil(1969, 12, 30, 23, 59, 59)),
        ];
        for (secs, expected) in cases {
            assert_eq!(civil_from_unix(secs), expected, "{secs}");
            assert_eq!(unix_from_civil(&expected), Some(secs), "{expected:?}");
        }
    }

    #[test]
    fn leap_year_rules() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
        assert!(is_leap_year(-400));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(-100));
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(days_in_month(2023, 0), 0);
        // 1900 has no February 29th, so the day after the 28th is March 1st.
        assert_eq!(days_from_civil(1900, 2, 29), None);
        assert_eq!(days_from_civil(1900, 3, 1), days_from_civil(1900, 2, 28).map(|d| d + 1));
        assert_eq!(days_from_civil(2000, 3, 1), days_from_civil(2000, 2, 29).map(|d| d + 1));
    }

    #[test]
    fn rejects_out_of_range_fields() {
        let good = civil(2021, 6, 15, 12, 30, 45);
        assert!(unix_from_civil(&good).is_some());
        for bad in [
            Civil { month: 0, ..good },
            Civil { month: 13, ..good },
            Civil { day: 0, ..good },
            Civil { day: 31, ..good },
            Civil { month: 2, day: 29, ..good },
            Civil { hour: 24, ..good },
            Civil { minute: 60, ..good },
            Civil { second: 60, ..good },
            Civil { year: i64::MAX, ..good },
            Civil { year: i64::MIN, ..good },
        ] {
            assert_eq!(unix_from_civil(&bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_day_for_thousands_of_years_round_trips() {
        // Walks day by day across several 400-year cycles on both sides of the
        // epoch, checking that consecutive days are consecutive dates.
        let start = days_from_civil(-1201, 1, 1).expect("valid date");
        let mut expected = (-1201, 1u8, 1u8);
        for days in start..start + 366 * 3300 {
            let got = civil_from_days(days);
            assert_eq!(got, expected, "day {days}");
            assert_eq!(days_from_civil(got.0, got.1, got.2), Some(days));
            let (y, m, d) = expected;
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(civil(2014, 4, 29, 0, 0, 0).weekday(), Some(1), "Tuesday");
        assert_eq!(civil(2000, 2, 29, 0, 0, 0).weekday(), Some(1), "Tuesday");
        assert_eq!(civil(1900, 1, 1, 0, 0, 0).weekday(), Some(0), "Monday");
        assert_eq!(civil(1969, 12, 28, 0, 0, 0).weekday(), Some(6), "Sunday");
        assert_eq!(civil(2023, 2, 29, 0, 0, 0).weekday(), None);
        assert_eq!(weekday_from_unix(-1), 2, "1969-12-31 was a Wednesday");
        assert_eq!(weekday_from_days(i64::MIN).min(7), weekday_from_days(i64::MIN));
        assert!(weekday_from_days(i64::MAX) < 7);
    }

    #[test]
    fn extreme_seconds_do_not_overflow() {
        for secs in [i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1] {
            let c = civil_from_unix(secs);
            assert_eq!(unix_from_civil(&c), Some(secs), "{secs}");
        }
        assert_eq!(civil_from_unix(i64::MAX), civil(292_277_026_596, 12, 4, 15, 30, 7));
        assert_eq!(civil_from_unix(i64::MIN), civil(-292_277_022_657, 1, 27, 8, 29, 52));
        // Days beyond what seconds can express still convert.
        let (y, m, d) = civil_from_days(i64::MAX);
        assert_eq!(days_from_civil(y, m, d), Some(i64::MAX));
        let (y, m, d) = civil_from_days(i64::MIN);
        assert_eq!(days_from_civil(y, m, d), Some(i64::MIN));
    }

    #[test]
    fn far_dates() {
        let c = civil(-44, 3, 15, 12, 0, 0);
        let secs = unix_from_civil(&c).expect("in range");
        assert_eq!(civil_from_unix(secs), c);
        let c = civil(275_760, 9, 13, 0, 0, 0);
        assert_eq!(unix_from_civil(&c), Some(8_640_000_000_000));
    }

    #[test]
    fn basic_formats() {
        let c = civil_from_unix(1_440_938_160);
        assert_eq!(c.basic_date().as_deref(), Some("20150830"));
        assert_eq!(c.basic_date_time().as_deref(), Some("20150830T123600Z"));
        assert_eq!(civil(7, 1, 2, 3, 4, 5).basic_date_time().as_deref(), Some("00070102T030405Z"));
        assert_eq!(civil(10_000, 1, 1, 0, 0, 0).basic_date(), None);
        assert_eq!(civil(-1, 1, 1, 0, 0, 0).basic_date_time(), None);
    }
}
