//! What both test binaries (`api`, `attack`) need: a demo ERP on a loopback port, a store
//! in memory, and reading a captured log.

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

/// An empty store in memory, one per gateway under test.
pub async fn memory_store() -> store::Store {
    store::Store::open("sqlite::memory:").await.unwrap()
}

/// Every demo customer's e-mail and mobile, as if each had verified them in the portal: the
/// only contacts codes go to.
pub async fn verify_seeded_contacts(store: &store::Store) {
    for c in demo_erp::seed::CUSTOMERS {
        let document: String = c
            .document
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        for (channel, address) in [("email", c.email), ("whatsapp", c.mobile)] {
            if address.is_empty() {
                continue;
            }
            store
                .put_contact(
                    &document,
                    &store::ContactRow {
                        channel: channel.into(),
                        address: address.into(),
                        verified_at: 1,
                    },
                )
                .await
                .unwrap();
        }
    }
}

/// A freshly seeded demo ERP with its database at `database`, served on a loopback port:
/// the ERP, its base URL and the task serving it.
pub async fn demo_erp(
    database: std::path::PathBuf,
    token: &str,
) -> (
    std::sync::Arc<demo_erp::DemoErp>,
    String,
    tokio::task::JoinHandle<()>,
) {
    let erp = demo_erp::DemoErp::open(&demo_erp::Options {
        database,
        token: token.into(),
        seed: 1,
        today: time::OffsetDateTime::now_utc().date(),
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = demo_erp::app(erp.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (erp, base, task)
}
