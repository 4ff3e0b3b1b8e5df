//! Ages such as `24m`: how long ago a record may have been reviewed.

use serde::Serialize;
use time::{Date, Month};

/// An age that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid age `{value}`: {reason}; write a whole number followed by d (days), m (months) or y (years), such as 24m")]
pub struct AgeError {
    /// The text as given.
    pub value: String,
    /// The reason the text is invalid.
    pub reason: String,
}

/// The unit of an [`Age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AgeUnit {
    /// Calendar days (`d`).
    Days,
    /// Calendar months (`m`).
    Months,
    /// Calendar years (`y`).
    Years,
}

/// A length of time back from a date, such as 24 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Age {
    /// How many units.
    pub amount: u32,
    /// The unit.
    pub unit: AgeUnit,
}

impl Age {
    /// Returns the date this age before `today`. Going back by months or
    /// years keeps the day of the month, or takes the last day of the
    /// month when that month is shorter (31 March less one month is 28 or
    /// 29 February).
    pub fn before(self, today: Date) -> Option<Date> {
        match self.unit {
            AgeUnit::Days => today.checked_sub(time::Duration::days(i64::from(self.amount))),
            AgeUnit::Months => months_before(today, self.amount),
            AgeUnit::Years => months_before(today, self.amount.checked_mul(12)?),
        }
    }
}

impl Age {
    /// Returns the age in words, such as "24 months" or "1 year".
    pub fn describe(self) -> String {
        let unit = match self.unit {
            AgeUnit::Days => "day",
            AgeUnit::Months => "month",
            AgeUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        format!("{} {unit}{plural}", self.amount)
    }
}

impl std::fmt::Display for Age {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            AgeUnit::Days => 'd',
            AgeUnit::Months => 'm',
            AgeUnit::Years => 'y',
        };
        write!(formatter, "{}{unit}", self.amount)
    }
}

/// Reads an age: a whole number followed by `d` (days), `m` (months) or
/// `y` (years), such as `24m`, `2y` or `90d`.
///
/// # Errors
///
/// [`AgeError`] naming the text and what is wrong with it.
pub fn parse_age(text: &str) -> Result<Age, AgeError> {
    let invalid = |reason: &str| AgeError {
        value: text.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = text.trim();
    let Some(last) = trimmed.chars().last() else {
        return Err(invalid("it is empty"));
    };
    let unit = match last.to_ascii_lowercase() {
        'd' => AgeUnit::Days,
        'm' => AgeUnit::Months,
        'y' => AgeUnit::Years,
        _ => return Err(invalid("the unit is missing or unknown")),
    };
    let digits = &trimmed[..trimmed.len() - last.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(invalid("the amount is not a whole number"));
    }
    let amount = digits
        .parse::<u32>()
        .map_err(|_| invalid("the amount is too large"))?;
    Ok(Age { amount, unit })
}

fn months_before(today: Date, months: u32) -> Option<Date> {
    let index = i64::from(today.year()) * 12 + i64::from(today.month() as u8) - 1;
    let target = index - i64::from(months);
    let year = i32::try_from(target.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(target.rem_euclid(12) + 1).ok()?).ok()?;
    let day = today.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parse_age_units() {
        assert_eq!(
            parse_age("24m").unwrap(),
            Age {
                amount: 24,
                unit: AgeUnit::Months
            }
        );
        assert_eq!(
            parse_age("2y").unwrap(),
            Age {
                amount: 2,
                unit: AgeUnit::Years
            }
        );
        assert_eq!(
            parse_age("90d").unwrap(),
            Age {
                amount: 90,
                unit: AgeUnit::Days
            }
        );
        assert_eq!(
            parse_age(" 6M ").unwrap(),
            Age {
                amount: 6,
                unit: AgeUnit::Months
            }
        );
    }

    #[test]
    fn parse_age_rejects_bad_input() {
        for text in ["", "m", "24", "24w", "-3m", "1.5y", "99999999999d", "2 y"] {
            let error = parse_age(text).unwrap_err();
            assert_eq!(error.value, text);
            assert!(error.to_string().contains("such as 24m"), "{text}: {error}");
        }
    }

    #[test]
    fn months_clamp_to_month_end() {
        let age = Age {
            amount: 1,
            unit: AgeUnit::Months,
        };
        assert_eq!(
            age.before(date!(2026 - 03 - 31)),
            Some(date!(2026 - 02 - 28))
        );
        assert_eq!(
            age.before(date!(2024 - 03 - 31)),
            Some(date!(2024 - 02 - 29))
        );
        let two_years = Age {
            amount: 2,
            unit: AgeUnit::Years,
        };
        assert_eq!(
            two_years.before(date!(2026 - 12 - 04)),
            Some(date!(2024 - 12 - 04))
        );
        let days = Age {
            amount: 10,
            unit: AgeUnit::Days,
        };
        assert_eq!(
            days.before(date!(2026 - 01 - 05)),
            Some(date!(2025 - 12 - 26))
        );
        let months = Age {
            amount: 14,
            unit: AgeUnit::Months,
        };
        assert_eq!(
            months.before(date!(2026 - 01 - 15)),
            Some(date!(2024 - 11 - 15))
        );
    }
}
