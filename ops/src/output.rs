//! What the CLI prints: aligned tables for people, one JSON document with `--json` for scripts.
//! Amounts are decimal strings in both (`"1234.5"`), so no precision is lost in JSON.

use serde_json::{Map, Value};

/// One part of a report.
#[derive(Debug, Clone)]
pub enum Section {
    /// Named values (a JSON object; a two-column table).
    Fields(Vec<(String, Value)>),
    /// Rows under named columns (a JSON array of objects).
    Table {
        /// Column names.
        columns: Vec<String>,
        /// One value per column per row.
        rows: Vec<Vec<Value>>,
    },
}

/// A command's result: named sections in order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    sections: Vec<(String, Section)>,
}

/// `serde_json::Value` from anything printable, as a string.
pub fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

impl Report {
    /// Adds a section of named values.
    pub fn fields(mut self, name: &str, fields: Vec<(&str, Value)>) -> Self {
        let f = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        self.sections.push((name.to_string(), Section::Fields(f)));
        self
    }

    /// Adds a table.
    pub fn table(mut self, name: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Self {
        self.sections.push((
            name.to_string(),
            Section::Table {
                columns: columns.iter().map(|c| c.to_string()).collect(),
                rows,
            },
        ));
        self
    }

    /// This report followed by `other`'s sections.
    pub fn extend(mut self, other: Report) -> Self {
        self.sections.extend(other.sections);
        self
    }

    /// The report as one JSON object keyed by section name.
    pub fn json(&self) -> Value {
        let mut out = Map::new();
        for (name, sec) in &self.sections {
            let v = match sec {
                Section::Fields(f) => Value::Object(f.iter().cloned().collect()),
                Section::Table { columns, rows } => Value::Array(
                    rows.iter()
                        .map(|r| {
                            Value::Object(columns.iter().cloned().zip(r.iter().cloned()).collect())
                        })
                        .collect(),
                ),
            };
            out.insert(name.clone(), v);
        }
        Value::Object(out)
    }

    /// The report as aligned text.
    pub fn text(&self) -> String {
        let cell = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => "-".into(),
            other => other.to_string(),
        };
        let mut out = String::new();
        for (name, sec) in &self.sections {
            out.push_str(&format!("{name}\n"));
            match sec {
                Section::Fields(f) => {
                    let w = f.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                    for (k, v) in f {
                        out.push_str(&format!("  {k:<w$}  {}\n", cell(v)));
                    }
                }
                Section::Table { columns, rows } => {
                    if rows.is_empty() {
                        out.push_str("  (none)\n");
                        continue;
                    }
                    let mut w: Vec<usize> = columns.iter().map(|c| c.len()).collect();
                    for r in rows {
                        for (i, v) in r.iter().enumerate() {
                            w[i] = w[i].max(cell(v).len());
                        }
                    }
                    let line = |cells: Vec<String>| {
                        let parts: Vec<String> = cells
                            .iter()
                            .enumerate()
                            .map(|(i, c)| format!("{c:<width$}", width = w[i]))
                            .collect();
                        format!("  {}\n", parts.join("  ").trim_end())
                    };
                    out.push_str(&line(columns.clone()));
                    for r in rows {
                        out.push_str(&line(r.iter().map(cell).collect()));
                    }
                }
            }
        }
        out
    }

    /// Prints as JSON or text.
    pub fn print(&self, json: bool) {
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&self.json()).expect("JSON of values")
            );
        } else {
            print!("{}", self.text());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_json_agree() {
        let r = Report::default()
            .fields(
                "protocol",
                vec![("supply", s("1.5")), ("paused", Value::Bool(false))],
            )
            .table("models", &["name", "debt"], vec![vec![s("H100"), s("10")]]);
        let j = r.json();
        assert_eq!(j["protocol"]["supply"], "1.5");
        assert_eq!(j["models"][0]["debt"], "10");
        let t = r.text();
        assert!(t.contains("  supply  1.5\n"), "{t}");
        assert!(t.contains("  name  debt\n  H100  10\n"), "{t}");
    }
}
