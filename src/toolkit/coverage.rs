//! The continuum as a matrix: readiness stages against intensities, with
//! the supports and open gaps in each cell.

use serde::Serialize;

use super::ToolkitError;
use crate::catalogue::{Catalogue, Entry, Gap, GapStatus, Status, Term};

/// One cell of the continuum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The ids of the non-deprecated entries that fit both the row's
    /// readiness stage and the column's intensity.
    pub supports: Vec<String>,
    /// The ids of the open gaps that affect both.
    pub gaps: Vec<String>,
}

/// A matrix of readiness stages (rows) against intensities (columns).
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// The category this matrix counts, or `None` for every category.
    pub category: Option<Term>,
    /// `cells[row][column]`, with rows and columns in vocabulary order.
    pub cells: Vec<Vec<Cell>>,
}

/// The coverage of the continuum: one matrix, or one per category.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The readiness stages, in vocabulary order.
    pub readiness: Vec<Term>,
    /// The intensities, in vocabulary order.
    pub intensities: Vec<Term>,
    /// The matrices.
    pub matrices: Vec<Matrix>,
}

/// Counts the supports and open gaps in each cell of the continuum, over
/// the whole catalogue or, with `by_category`, per category in vocabulary
/// order. A gap counts in a category when its `categories` lists it.
///
/// # Errors
///
/// [`ToolkitError::MissingVocabulary`] when the catalogue has none.
pub fn coverage(catalogue: &Catalogue, by_category: bool) -> Result<Coverage, ToolkitError> {
    let vocabulary = catalogue
        .vocabulary
        .as_ref()
        .ok_or(ToolkitError::MissingVocabulary)?;
    let supports: Vec<&Entry> = catalogue
        .entries
        .iter()
        .map(|(_, entry)| entry)
        .filter(|entry| entry.status != Status::Deprecated)
        .collect();
    let gaps: Vec<&Gap> = catalogue
        .gaps
        .iter()
        .map(|(_, gap)| gap)
        .filter(|gap| gap.status == GapStatus::Open)
        .collect();

    let categories: Vec<Option<&Term>> = if by_category {
        vocabulary.categories.iter().map(Some).collect()
    } else {
        vec![None]
    };
    let matrices = categories
        .into_iter()
        .map(|category| Matrix {
            category: category.cloned(),
            cells: count_cells(
                vocabulary.readiness.as_slice(),
                &vocabulary.intensities,
                |row, column| {
                    let in_category = |id: &str| category.is_none_or(|term| term.id == id);
                    Cell {
                        supports: supports
                            .iter()
                            .filter(|entry| in_category(&entry.category))
                            .filter(|entry| {
                                fits(&entry.fits.readiness, &entry.fits.intensities, row, column)
                            })
                            .map(|entry| entry.id.clone())
                            .collect(),
                        gaps: gaps
                            .iter()
                            .filter(|gap| {
                                category.is_none_or(|term| gap.categories.contains(&term.id))
                            })
                            .filter(|gap| {
                                fits(
                                    &gap.affects.readiness,
                                    &gap.affects.intensities,
                                    row,
                                    column,
                                )
                            })
                            .map(|gap| gap.id.clone())
                            .collect(),
                    }
                },
            ),
        })
        .collect();

    Ok(Coverage {
        readiness: vocabulary.readiness.clone(),
        intensities: vocabulary.intensities.clone(),
        matrices,
    })
}

/// Builds the rows of cells, calling `cell` with each stage and intensity.
fn count_cells(
    rows: &[Term],
    columns: &[Term],
    cell: impl Fn(&str, &str) -> Cell,
) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .map(|column| cell(&row.id, &column.id))
                .collect()
        })
        .collect()
}

fn fits(readiness: &[String], intensities: &[String], row: &str, column: &str) -> bool {
    readiness.iter().any(|id| id == row) && intensities.iter().any(|id| id == column)
}
