//! `peerkit review-due`: the entries and gaps whose last review is older
//! than a threshold, oldest first.

use std::process::ExitCode;

use anyhow::Context;
use peerkit::toolkit::{self, Age, AgeUnit};

/// Arguments of `peerkit review-due`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The maximum age of a review: a whole number followed by d (days),
    /// m (months) or y (years).
    #[arg(long, value_name = "AGE", default_value = "24m", value_parser = parse_age)]
    pub older_than: Age,
    /// Today's date, YYYY-MM-DD. Default: the system clock's date in UTC.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<time::Date>,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read the catalogue at this git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Runs `peerkit review-due`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let today = args
        .today
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let loaded = super::select::load_catalogue(global, args.rev.as_deref())?;
    let due = toolkit::review_due(&loaded.catalogue, today, args.older_than)
        .context("cannot list the reviews that are due")?;

    if args.json {
        println!("{}", serde_json::to_string_pretty(&due)?);
        return Ok(ExitCode::SUCCESS);
    }
    let age = spell_age(args.older_than);
    if due.is_empty() {
        println!("No review is due: every entry and gap was reviewed within {age} before {today}.");
        return Ok(ExitCode::SUCCESS);
    }
    let records = if due.len() == 1 { "record" } else { "records" };
    println!(
        "{} {records} last reviewed more than {age} before {today}, oldest first:",
        due.len()
    );
    let width = due
        .iter()
        .map(|record| record.id.chars().count())
        .max()
        .unwrap_or(0);
    for record in &due {
        println!(
            "{}  {:<5} {:<width$}  {}",
            record.last_reviewed, record.kind, record.id, record.path
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes an age out in words, such as "24 months" or "1 day".
fn spell_age(age: Age) -> String {
    let unit = match (age.unit, age.amount) {
        (AgeUnit::Days, 1) => "day",
        (AgeUnit::Days, _) => "days",
        (AgeUnit::Months, 1) => "month",
        (AgeUnit::Months, _) => "months",
        (AgeUnit::Years, 1) => "year",
        (AgeUnit::Years, _) => "years",
    };
    format!("{} {unit}", age.amount)
}

fn parse_age(text: &str) -> Result<Age, String> {
    toolkit::parse_age(text).map_err(|error| error.to_string())
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_err(|error| match error {
        time::error::Parse::TryFromParsed(_) => {
            format!("invalid date `{text}`: that day does not exist in the calendar")
        }
        _ => format!("invalid date `{text}`: expected YYYY-MM-DD, such as 2026-12-04"),
    })
}
