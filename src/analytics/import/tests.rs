//! Parsing import files: rows checked one by one, whole-file refusals.

use super::*;

fn card() -> String {
    CardNumber::generate(&mut rand::thread_rng()).digits()
}

#[test]
fn rows_are_checked_one_by_one() {
    let (a, b) = (card(), card());
    let mut bad = a.clone().into_bytes();
    bad[11] = if bad[11] == b'9' { b'0' } else { bad[11] + 1 };
    let bad = String::from_utf8(bad).unwrap_or_default();
    let file = format!(
        "{a},100\n{b},x\n{bad},5\n+380 50 123-45-67,40\n{a},100\n{b},-3\n0501234567,1\n{b},0\n"
    );
    let (rows, rejected) = parse(file.as_bytes()).unwrap_or_default();
    let reasons: Vec<_> = rejected
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            (2, Rejection::BadPoints),
            (3, Rejection::BadCard),
            (5, Rejection::Duplicate { first_line: 1 }),
            (6, Rejection::Negative),
            (7, Rejection::BadCard),
        ]
    );
    let targets: Vec<_> = rows.iter().map(|r| (r.line, r.points)).collect();
    assert_eq!(targets, [(1, 100), (4, 40), (8, 0)]);
    assert_eq!(rows[1].target, Target::Phone("380501234567".into()));
}

#[test]
fn a_header_names_the_columns() {
    let a = card();
    let file = format!("customer_id,card,first_name,balance\n7,{a},\"Doe, J\",250\n");
    let (rows, rejected) = parse(file.as_bytes()).unwrap_or_default();
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].line, rows[0].points), (2, 250));
    let phones = parse(b"phone,points\n380501112233,10\n").unwrap_or_default();
    assert_eq!(phones.0[0].target, Target::Phone("380501112233".into()));
    assert_eq!(
        normalize_phone("+1 (555) 010-9999").as_deref(),
        Some("15550109999")
    );
    assert_eq!(normalize_phone("12ab"), None);
}

#[test]
fn our_own_exports_are_refused_whole() {
    let customers = format!(
        "{}\n7,{},Anna,en,2026-01-01T00:00:00Z,250,\n",
        super::super::export::CUSTOMER_COLUMNS.join(","),
        card()
    );
    assert!(matches!(
        parse(customers.as_bytes()),
        Err(ImportError::OwnExport)
    ));
    let ledger = format!("{}\n", super::super::export::LEDGER_COLUMNS.join(","));
    assert!(matches!(
        parse(ledger.as_bytes()),
        Err(ImportError::OwnExport)
    ));
    // A file with only some of those columns is an ordinary import.
    let mine = format!("card,balance\n{},250\n", card());
    assert!(parse(mine.as_bytes()).is_ok());
}

#[test]
fn too_many_rows_is_refused_whole() {
    let file = "1,1\n".repeat(MAX_ROWS + 1);
    assert!(matches!(
        parse(file.as_bytes()),
        Err(ImportError::TooManyRows)
    ));
}
