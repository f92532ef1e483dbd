//! The payment history by year: which years there are, and one year's entries, newest first.

use api::StatementEntry;

/// The year an entry belongs to (its due date, else its posting date).
pub fn year_of(e: &StatementEntry) -> Option<i32> {
    e.sort_date().map(|d| d.year())
}

/// Every year with entries, newest first.
pub fn years(list: &[StatementEntry]) -> Vec<i32> {
    let mut years: Vec<i32> = list.iter().filter_map(year_of).collect();
    super::order::by_key(&mut years, |y| -i64::from(*y));
    years.dedup();
    years
}

/// The entries of `year`, newest due date first.
pub fn of_year(list: &[StatementEntry], year: i32) -> Vec<StatementEntry> {
    let mut rows: Vec<StatementEntry> = list
        .iter()
        .filter(|e| year_of(e) == Some(year))
        .cloned()
        .collect();
    super::order::by_key(&mut rows, |e| -super::order::day(e.due_on));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(due: &str) -> StatementEntry {
        StatementEntry {
            invoice_id: None,
            description: None,
            posted_on: None,
            due_on: api::date::parse_iso(due),
            settled_on: None,
            amount_cents: None,
            balance_cents: None,
            charge: None,
        }
    }

    #[test]
    fn entries_group_by_year_newest_first() {
        let list = vec![
            entry("2025-01-10"),
            entry("2026-03-10"),
            entry("2026-01-10"),
        ];
        assert_eq!(years(&list), [2026, 2025]);
        let rows = of_year(&list, 2026);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].due_on, api::date::parse_iso("2026-03-10"));
    }
}
