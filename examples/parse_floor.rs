//! The floor of the benchmark: reads and parses every JSON file under the
//! given folders with serde_json, single-threaded, and does nothing else.
//!
//! ```text
//! cargo run --release --example parse_floor -- bench-data/c10k/catalogue
//! ```

use std::path::Path;

fn parse_folder(folder: &Path, count: &mut usize) -> std::io::Result<()> {
    let mut children: Vec<_> = std::fs::read_dir(folder)?.collect::<Result<_, _>>()?;
    children.sort_by_key(|child| child.file_name());
    for child in children {
        let path = child.path();
        if child.file_type()?.is_dir() {
            parse_folder(&path, count)?;
        } else if path
            .extension()
            .is_some_and(|extension| extension == "json")
        {
            let bytes = std::fs::read(&path)?;
            let value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|error| std::io::Error::other(format!("{}: {error}", path.display())))?;
            std::hint::black_box(value);
            *count += 1;
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let mut count = 0;
    for folder in std::env::args().skip(1) {
        parse_folder(Path::new(&folder), &mut count)?;
    }
    eprintln!("parsed {count} files");
    Ok(())
}
