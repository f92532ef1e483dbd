//! What both test binaries (`api`, `attack`) need: reading a captured log.

/// Whether `value` is in `logs`; a number only where it stands alone, as a request id's
/// hex digits may contain any run of digits.
pub fn logged(logs: &str, value: &str) -> bool {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return logs.contains(value);
    }
    logs.match_indices(value).any(|(at, _)| {
        let before = logs[..at].chars().next_back();
        let after = logs[at + value.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
