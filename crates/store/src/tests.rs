//! The store's behaviour, run the same way against SQLite (a file, and in memory) and a
//! throwaway PostgreSQL server.

use crate::testing::ThrowawayPostgres;
use crate::{
    Backend, CEREMONY_KEPT_S, ContactRow, PASSKEYS_PER_CUSTOMER, PasskeyRow, SESSIONS_PER_CUSTOMER,
    SessionRow, Store, StoreError, StoredCode, TICKETS_PER_CUSTOMER, TicketRecord,
};

fn session(id: &str, customer: &str, at: i64) -> SessionRow {
    SessionRow {
        id_hash: format!("hash-{id}"),
        public_id: format!("pub-{id}"),
        customer: customer.into(),
        data: format!(r#"{{"id":"{id}"}}"#),
        device: "Chrome no Android".into(),
        place: "189.6.12.x".into(),
        created_at: at,
        seen_at: at,
        expires_at: at + 1800,
    }
}

/// Everything sessions must do, on any backend.
async fn sessions_behave(store: &Store) {
    let maria = session("a", "52998224725", 1_000);
    store.insert_session(&maria).await.unwrap();
    assert_eq!(
        store.session("hash-a", 1_001).await.unwrap(),
        Some(maria.clone())
    );
    assert_eq!(
        store.session("hash-x", 1_001).await.unwrap(),
        None,
        "unknown id"
    );
    assert_eq!(
        store.session("hash-a", 2_800).await.unwrap(),
        None,
        "expired"
    );

    // A use moves the expiry on.
    store.touch_session("hash-a", 2_000, 3_800).await.unwrap();
    let seen = store.session("hash-a", 2_800).await.unwrap().unwrap();
    assert_eq!((seen.seen_at, seen.expires_at), (2_000, 3_800));

    // A second device, and another customer's session.
    store
        .insert_session(&session("b", "52998224725", 2_100))
        .await
        .unwrap();
    store
        .insert_session(&session("c", "11144477735", 2_100))
        .await
        .unwrap();
    let listed: Vec<String> = store
        .sessions_of("52998224725", 2_200)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.public_id)
        .collect();
    assert_eq!(listed, ["pub-b", "pub-a"], "most recently used first");

    // One customer cannot end another's session by its public id.
    assert!(!store.end_session_of("52998224725", "pub-c").await.unwrap());
    assert!(store.session("hash-c", 2_200).await.unwrap().is_some());
    assert!(store.end_session_of("52998224725", "pub-b").await.unwrap());
    assert!(store.session("hash-b", 2_200).await.unwrap().is_none());

    // "Sair de todos": every other session of the customer ends, this one stays.
    store
        .insert_session(&session("d", "52998224725", 2_300))
        .await
        .unwrap();
    assert_eq!(
        store
            .end_sessions_of("52998224725", Some("hash-a"))
            .await
            .unwrap(),
        1
    );
    assert!(store.session("hash-a", 2_400).await.unwrap().is_some());
    assert!(
        store.session("hash-c", 2_400).await.unwrap().is_some(),
        "another customer's"
    );

    assert!(store.end_session("hash-a").await.unwrap());
    assert!(!store.end_session("hash-a").await.unwrap(), "already ended");

    // Purge takes what has expired and nothing else.
    store
        .insert_session(&session("e", "11144477735", 10_000))
        .await
        .unwrap();
    assert_eq!(store.purge(5_000).await.unwrap(), 1, "c expired at 3900");
    assert!(store.session("hash-e", 10_001).await.unwrap().is_some());

    // However often someone signs in, a customer holds at most SESSIONS_PER_CUSTOMER,
    // the least recently used going first.
    for i in 0..SESSIONS_PER_CUSTOMER + 5 {
        store
            .insert_session(&session(&format!("n{i}"), "00000000191", 20_000 + i))
            .await
            .unwrap();
    }
    let kept = store.sessions_of("00000000191", 20_000).await.unwrap();
    assert_eq!(kept.len(), usize::try_from(SESSIONS_PER_CUSTOMER).unwrap());
    assert!(
        kept.iter()
            .all(|s| s.public_id != "pub-n0" && s.public_id != "pub-n4")
    );
    assert!(kept.iter().any(|s| s.public_id == "pub-n5"));
}

fn ticket(id: &str, customer: &str, at: i64, files: &[(&str, i64)]) -> TicketRecord {
    TicketRecord {
        id: id.into(),
        customer: customer.into(),
        protocol: format!("P-{id}"),
        created_at: at,
        subject: format!("Assunto {id}"),
        kind: "Suporte técnico".into(),
        service: "Fibra 300".into(),
        attachments: files.iter().map(|(n, s)| ((*n).to_string(), *s)).collect(),
    }
}

/// Ticket records, on any backend.
async fn tickets_behave(store: &Store) {
    store
        .record_ticket(&ticket("t1", "52998224725", 100, &[]))
        .await
        .unwrap();
    store
        .record_ticket(&ticket(
            "t2",
            "52998224725",
            200,
            &[("foto.jpg", 48_000), ("conta.pdf", 9_100)],
        ))
        .await
        .unwrap();
    store
        .record_ticket(&ticket("t3", "11144477735", 300, &[("x.png", 5)]))
        .await
        .unwrap();
    let mine = store.tickets_of("52998224725").await.unwrap();
    assert_eq!(
        mine.iter().map(|t| t.protocol.as_str()).collect::<Vec<_>>(),
        ["P-t2", "P-t1"]
    );
    assert_eq!(
        mine[0].attachments,
        [
            ("foto.jpg".to_string(), 48_000),
            ("conta.pdf".to_string(), 9_100)
        ],
        "in the order sent"
    );
    assert_eq!(mine[1].kind, "Suporte técnico");
    assert!(store.tickets_of("00000000191").await.unwrap().is_empty());
    // Bounded per customer: the oldest go, their files with them.
    for i in 0..TICKETS_PER_CUSTOMER {
        store
            .record_ticket(&ticket(
                &format!("n{i:03}"),
                "11144477735",
                1_000 + i,
                &[("a.png", 1)],
            ))
            .await
            .unwrap();
    }
    let joao = store.tickets_of("11144477735").await.unwrap();
    assert_eq!(joao.len(), usize::try_from(TICKETS_PER_CUSTOMER).unwrap());
    assert!(joao.iter().all(|t| t.protocol != "P-t3"));
    assert!(joao.iter().all(|t| t.attachments.len() == 1));

    // Erasing one customer takes all their rows and nothing of anyone else's.
    store
        .insert_session(&session("z1", "11144477735", 50_000))
        .await
        .unwrap();
    store
        .insert_session(&session("z2", "52998224725", 50_000))
        .await
        .unwrap();
    let erased = store.forget_customer("11144477735").await.unwrap();
    assert_eq!(erased.tickets, u64::try_from(TICKETS_PER_CUSTOMER).unwrap());
    assert!(erased.sessions >= 1);
    assert!(store.tickets_of("11144477735").await.unwrap().is_empty());
    assert!(
        store
            .sessions_of("11144477735", 0)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.tickets_of("52998224725").await.unwrap().len(), 2);
    assert!(store.session("hash-z2", 50_001).await.unwrap().is_some());
    assert_eq!(
        store.forget_customer("11144477735").await.unwrap(),
        crate::Erased::default()
    );
}

/// Limits and codes, on any backend.
async fn limits_and_codes_behave(store: &Store) {
    for bucket in [100, 100, 160] {
        store.limit_add("login", "k1", bucket).await.unwrap();
    }
    store.limit_add("login", "k2", 100).await.unwrap();
    store.limit_add("other", "k1", 100).await.unwrap();
    assert_eq!(
        store.limit_count("login", "k1", 50).await.unwrap(),
        (3, Some(100))
    );
    assert_eq!(
        store.limit_count("login", "k1", 100).await.unwrap(),
        (1, Some(160))
    );
    assert_eq!(
        store.limit_count("login", "k9", 0).await.unwrap(),
        (0, None)
    );
    store.limit_clear("login", "k1").await.unwrap();
    assert_eq!(
        store.limit_count("login", "k1", 0).await.unwrap(),
        (0, None)
    );
    assert_eq!(
        store.limit_count("other", "k1", 0).await.unwrap().0,
        1,
        "another limit's"
    );

    let code = StoredCode {
        tag: "aa".into(),
        issued_at: 1_000,
        tries_left: 2,
    };
    store.put_code("d1", &code).await.unwrap();
    assert_eq!(store.code("d1").await.unwrap(), Some(code.clone()));
    assert_eq!(
        store.spend_code_try("d1").await.unwrap(),
        Some(code.clone())
    );
    assert_eq!(
        store
            .spend_code_try("d1")
            .await
            .unwrap()
            .map(|c| c.tries_left),
        Some(1)
    );
    assert_eq!(
        store.spend_code_try("d1").await.unwrap(),
        None,
        "no try left"
    );
    // A new code replaces the old; a right code is voided once only.
    let new = StoredCode {
        tag: "bb".into(),
        issued_at: 2_000,
        tries_left: 5,
    };
    store.put_code("d1", &new).await.unwrap();
    assert!(store.void_code("d1", "bb").await.unwrap());
    assert!(!store.void_code("d1", "bb").await.unwrap(), "already used");
    assert_eq!(
        store.spend_code_try("d1").await.unwrap(),
        None,
        "a used code takes no tries"
    );
    store.revoke_code("d1").await.unwrap();
    assert_eq!(store.code("d1").await.unwrap(), None);
    // The purge takes slices and codes older than LIMITS_KEPT_S.
    store
        .put_code(
            "d2",
            &StoredCode {
                tag: "cc".into(),
                issued_at: 1_000,
                tries_left: 5,
            },
        )
        .await
        .unwrap();
    store
        .purge_limits(1_000 + crate::LIMITS_KEPT_S + 200)
        .await
        .unwrap();
    assert_eq!(store.code("d2").await.unwrap(), None);
    assert_eq!(
        store.limit_count("login", "k2", 0).await.unwrap(),
        (0, None)
    );
}

fn passkey(id: &str, customer: &str) -> PasskeyRow {
    PasskeyRow {
        credential_id: id.into(),
        customer: customer.into(),
        name: format!("Celular {id}"),
        passkey: r#"{"cred":"x"}"#.into(),
        created_at: 1_000,
        used_at: 1_000,
    }
}

/// Contacts, passkeys and ceremonies, on any backend.
async fn accounts_behave(store: &Store) {
    let maria = "12345678909";
    assert!(store.contacts_of(maria).await.unwrap().is_empty());
    let email = |address: &str, at| ContactRow {
        channel: "email".into(),
        address: address.into(),
        verified_at: at,
    };
    store
        .put_contact(maria, &email("a@x.com.br", 1))
        .await
        .unwrap();
    store
        .put_contact(maria, &email("b@x.com.br", 2))
        .await
        .unwrap();
    let zap = ContactRow {
        channel: "whatsapp".into(),
        address: "81999990000".into(),
        verified_at: 3,
    };
    store.put_contact(maria, &zap).await.unwrap();
    assert_eq!(
        store.contacts_of(maria).await.unwrap(),
        vec![email("b@x.com.br", 2), zap],
        "one per channel, the newest kept"
    );
    assert!(store.contacts_of("11144477735").await.unwrap().is_empty());

    // Passkeys: bounded per customer, each credential once, removed only by its owner.
    for i in 0..PASSKEYS_PER_CUSTOMER {
        assert!(
            store
                .add_passkey(&passkey(&format!("k{i}"), maria))
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .add_passkey(&passkey("one-too-many", maria))
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_passkey(&passkey("k0", "11144477735"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.passkey("k0").await.unwrap().map(|p| p.customer),
        Some(maria.to_string())
    );
    assert!(!store.remove_passkey("11144477735", "k0").await.unwrap());
    assert!(store.remove_passkey(maria, "k0").await.unwrap());
    assert!(store.passkey("k0").await.unwrap().is_none());
    store
        .use_passkey("k1", r#"{"cred":"y"}"#, 9_000)
        .await
        .unwrap();
    let used = store.passkey("k1").await.unwrap().unwrap();
    assert_eq!(
        (used.passkey.as_str(), used.used_at),
        (r#"{"cred":"y"}"#, 9_000)
    );
    assert_eq!(
        store.passkeys_of(maria).await.unwrap().len(),
        usize::try_from(PASSKEYS_PER_CUSTOMER - 1).unwrap()
    );

    // A ceremony is answered once, and not after it expires.
    store
        .put_ceremony("c1", "state-1", 1_000 + CEREMONY_KEPT_S)
        .await
        .unwrap();
    store
        .put_ceremony("c2", "state-2", 1_000 + CEREMONY_KEPT_S)
        .await
        .unwrap();
    assert_eq!(
        store.take_ceremony("c1", 1_001).await.unwrap(),
        Some("state-1".into())
    );
    assert_eq!(store.take_ceremony("c1", 1_001).await.unwrap(), None);
    assert_eq!(
        store
            .take_ceremony("c2", 1_000 + CEREMONY_KEPT_S)
            .await
            .unwrap(),
        None
    );
    store.put_ceremony("c3", "state-3", 2_000).await.unwrap();
    assert_eq!(store.purge(2_000).await.unwrap(), 1);

    // Erasing the customer takes contacts and passkeys.
    let erased = store.forget_customer(maria).await.unwrap();
    assert_eq!(erased.contacts, 2);
    assert_eq!(
        erased.passkeys,
        u64::try_from(PASSKEYS_PER_CUSTOMER - 1).unwrap()
    );
    assert!(store.contacts_of(maria).await.unwrap().is_empty());
    assert!(store.passkeys_of(maria).await.unwrap().is_empty());
}

#[tokio::test]
async fn sqlite_file_keeps_sessions_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/nested/central.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    sessions_behave(&store).await;
    tickets_behave(&store).await;
    limits_and_codes_behave(&store).await;
    accounts_behave(&store).await;
    // While one gateway holds the file, a second is refused at its start.
    let second = Store::open(&url).await.unwrap_err();
    assert!(
        matches!(&second, StoreError::Config(m) if m.contains("outro gateway")),
        "{second}"
    );
    store.close().await;
    // Reopened, the migrations are not applied twice and the rows are still there.
    let again = Store::open(&url).await.unwrap();
    assert!(again.session("hash-z2", 50_001).await.unwrap().is_some());
}

#[tokio::test]
async fn sqlite_in_memory() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    sessions_behave(&store).await;
    tickets_behave(&store).await;
    limits_and_codes_behave(&store).await;
    accounts_behave(&store).await;
}

#[tokio::test]
async fn postgres() {
    let server = ThrowawayPostgres::start().unwrap();
    let store = Store::open(&server.url()).await.unwrap();
    assert_eq!(store.backend(), Backend::Postgres);
    sessions_behave(&store).await;
    tickets_behave(&store).await;
    limits_and_codes_behave(&store).await;
    accounts_behave(&store).await;
    // Two pools on one database see the same rows: what two gateways rely on.
    let other = Store::open(&server.url()).await.unwrap();
    assert!(other.session("hash-z2", 50_001).await.unwrap().is_some());
    assert!(store.end_session("hash-z2").await.unwrap());
    assert!(other.session("hash-z2", 50_001).await.unwrap().is_none());
}

#[tokio::test]
async fn bad_urls_and_unreachable_databases_say_so_without_the_password() {
    let e = Store::open("mysql://x").await.unwrap_err();
    assert!(matches!(e, StoreError::Config(_)), "{e}");
    // Nothing listens on port 1.
    let e = Store::open("postgres://central:s3gr3d0@127.0.0.1:1/central")
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Unavailable(_)), "{e}");
    assert!(!e.to_string().contains("s3gr3d0"), "{e}");
}
