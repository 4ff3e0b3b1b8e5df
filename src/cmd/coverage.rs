//! `peerkit coverage`: the continuum as a matrix of readiness stages
//! against intensities, with the supports and open gaps in each cell.

use std::process::ExitCode;

use peerkit::toolkit::{self, Coverage, Matrix};

/// The output format of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// A markdown table.
    Markdown,
}

/// Arguments of `peerkit coverage`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// One matrix per category, in vocabulary order.
    #[arg(long)]
    pub by_category: bool,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Read the catalogue at this git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Runs `peerkit coverage`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let loaded = super::select::load_catalogue(global, args.rev.as_deref())?;
    let coverage = toolkit::coverage(&loaded.catalogue, args.by_category)?;
    let mut output = String::from(
        "Supports (non-deprecated entries) / open gaps in each cell: readiness stages (rows) against intensities (columns).\n",
    );
    for matrix in &coverage.matrices {
        output.push('\n');
        if let Some(category) = &matrix.category {
            let heading = format!("{} ({})", category.label, category.id);
            match args.format {
                Format::Table => output.push_str(&format!("{heading}\n\n")),
                Format::Markdown => output.push_str(&format!("## {heading}\n\n")),
            }
        }
        let rows = table_rows(&coverage, matrix);
        output.push_str(&match args.format {
            Format::Table => render_table(&rows),
            Format::Markdown => render_markdown(&rows),
        });
    }
    print!("{output}");
    Ok(ExitCode::SUCCESS)
}

/// Builds the header row and one row per readiness stage, as text cells
/// such as `3 / 1` (supports / open gaps). Stages and intensities show
/// their vocabulary labels.
fn table_rows(coverage: &Coverage, matrix: &Matrix) -> Vec<Vec<String>> {
    let mut header = vec!["Readiness \\ intensity".to_string()];
    header.extend(coverage.intensities.iter().map(|term| term.label.clone()));
    let mut rows = vec![header];
    for (stage, cells) in coverage.readiness.iter().zip(&matrix.cells) {
        let mut row = vec![stage.label.clone()];
        row.extend(
            cells
                .iter()
                .map(|cell| format!("{} / {}", cell.supports.len(), cell.gaps.len())),
        );
        rows.push(row);
    }
    rows
}

/// Pads each column to its widest cell; counts are right-aligned.
fn render_table(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut output = String::new();
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                if column == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        output.push_str(cells.join("  ").trim_end());
        output.push('\n');
        if index == 0 {
            let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
            output.push_str(&rule.join("  "));
            output.push('\n');
        }
    }
    output
}

/// Renders the rows as a markdown table. Backslashes and pipes in a cell
/// are escaped, so a label cannot end its cell early.
fn render_markdown(rows: &[Vec<String>]) -> String {
    let mut output = String::new();
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| cell.replace('\\', "\\\\").replace('|', "\\|"))
            .collect();
        output.push_str(&format!("| {} |\n", cells.join(" | ")));
        if index == 0 {
            let mut rule = vec![":--".to_string()];
            rule.extend(std::iter::repeat_n("--:".to_string(), row.len() - 1));
            output.push_str(&format!("| {} |\n", rule.join(" | ")));
        }
    }
    output
}
