//! Lists put in order by a number: every list is ordered through one sort of (key, position)
//! pairs, so the bundle holds one sorting routine instead of one per kind of item.

use brazil::Date;

/// Orders `items` by `key`, smallest first; items with equal keys keep their order.
pub fn by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> i64) {
    let mut order: Vec<(i64, usize)> = items.iter().map(&key).zip(0..).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

/// A date as a key: days, with no date before every date. Negated, it orders newest first
/// with no date last.
pub fn day(date: Option<Date>) -> i64 {
    date.map_or(i64::from(i32::MIN) - 1, |d| i64::from(d.to_julian_day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_the_key_and_keeps_ties_in_their_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by_key(&mut items, |(k, _)| *k);
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut newest_first = items.clone();
        by_key(&mut newest_first, |(k, _)| -k);
        assert_eq!(
            newest_first,
            [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]
        );
        let mut empty: Vec<u8> = Vec::new();
        by_key(&mut empty, |n| i64::from(*n));
        assert!(empty.is_empty());
    }

    #[test]
    fn days_order_as_dates_do_with_no_date_first_and_last_when_negated() {
        let d = |s| api::date::parse_typed(s);
        let mut dates = vec![d("10/02/2026"), None, d("09/01/2024"), d("01/03/2026")];
        let mut expected = dates.clone();
        expected.sort();
        by_key(&mut dates, |x| day(*x));
        assert_eq!(dates, expected);
        by_key(&mut dates, |x| -day(*x));
        expected.reverse();
        assert_eq!(dates, expected);
        assert_eq!(dates.last(), Some(&None));
    }
}
