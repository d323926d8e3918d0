//! What owners type, and what each setting makes of it.

use super::{
    Kind,
    values::{Value, ValueError},
};

fn p(kind: Kind, s: &str) -> Result<String, ValueError> {
    Value::parse(kind, s).map(|v| v.canonical())
}

fn range(min: i64, max: i64) -> ValueError {
    ValueError::OutOfRange {
        min: min.into(),
        max: max.into(),
    }
}

#[test]
fn percents() {
    assert_eq!(p(Kind::Percent, "7"), Ok("7".into()));
    assert_eq!(p(Kind::Percent, " 7,5 "), Ok("7.5".into()));
    assert_eq!(p(Kind::Percent, "7.25%"), Ok("7.25".into()));
    assert_eq!(p(Kind::Percent, "100"), Ok("100".into()));
    assert_eq!(p(Kind::Percent, "0"), Ok("0".into()));
    assert_eq!(p(Kind::Percent, "-5"), Err(ValueError::Negative));
    assert_eq!(p(Kind::Percent, "abc"), Err(ValueError::NotANumber));
    assert_eq!(p(Kind::Percent, "12.345"), Err(ValueError::TooPrecise));
    assert_eq!(p(Kind::Percent, "1e9"), Err(ValueError::NotANumber));
    assert_eq!(p(Kind::Percent, "100.01"), Err(range(0, 100)));
    assert_eq!(p(Kind::Percent, &"9".repeat(40)), Err(range(0, 100)));
}

#[test]
fn points_months_days_stamps() {
    assert_eq!(p(Kind::Points, "1 500"), Ok("1500".into()));
    assert_eq!(p(Kind::Points, "0"), Ok("0".into()));
    assert_eq!(p(Kind::Points, "-5"), Err(ValueError::Negative));
    assert_eq!(p(Kind::Points, "1.5"), Err(ValueError::NotWhole));
    assert_eq!(p(Kind::Points, "1e9"), Err(ValueError::NotANumber));
    assert_eq!(p(Kind::Points, "abc"), Err(ValueError::NotANumber));
    assert_eq!(p(Kind::Points, "1000001"), Err(range(0, 1_000_000)));
    assert_eq!(
        p(Kind::Points, "99999999999999999999999"),
        Err(range(0, 1_000_000))
    );
    assert_eq!(p(Kind::Months, "12"), Ok("12".into()));
    assert_eq!(p(Kind::Months, "Never"), Ok("never".into()));
    assert_eq!(p(Kind::Months, "0"), Err(range(1, 120)));
    assert_eq!(p(Kind::Months, "121"), Err(range(1, 120)));
    assert_eq!(p(Kind::Days, "3650"), Ok("3650".into()));
    assert_eq!(p(Kind::Days, "3651"), Err(range(1, 3650)));
    assert_eq!(p(Kind::StampEvery, "10"), Ok("10".into()));
    assert_eq!(p(Kind::StampEvery, "off"), Ok("off".into()));
    assert_eq!(p(Kind::StampEvery, "1"), Err(range(2, 20)));
    assert_eq!(p(Kind::StampEvery, "21"), Err(range(2, 20)));
}

#[test]
fn money_and_thresholds() {
    assert_eq!(p(Kind::Money, "0,5"), Ok("0.50".into()));
    assert_eq!(p(Kind::Money, "-5"), Err(ValueError::Negative));
    assert_eq!(p(Kind::Money, "12.345"), Err(ValueError::TooPrecise));
    assert_eq!(p(Kind::Money, "1e9"), Err(ValueError::NotANumber));
    assert!(matches!(
        p(Kind::Money, "0"),
        Err(ValueError::OutOfRange { .. })
    ));
    assert_eq!(p(Kind::MoneyOrZero, "0"), Ok("0.00".into()));
    assert_eq!(p(Kind::MoneyOrZero, "250"), Ok("250.00".into()));
    assert_eq!(p(Kind::MoneyOrZero, "-1"), Err(ValueError::Negative));
}

#[test]
fn text_and_choices() {
    assert_eq!(
        p(Kind::Text, "  A free coffee "),
        Ok("A free coffee".into())
    );
    assert_eq!(
        p(Kind::Text, &"x".repeat(101)),
        Err(ValueError::TooLong { max: 100 })
    );
    assert_eq!(p(Kind::ProgrammeType, "Both"), Ok("both".into()));
    assert_eq!(p(Kind::ProgrammeType, "cash"), Err(ValueError::NotAChoice));
    assert_eq!(
        p(Kind::DiscountMode, "progressive"),
        Ok("progressive".into())
    );
}

#[test]
fn canonical_text_reads_back_the_same_value() {
    let kinds = [
        (Kind::Percent, "7,25"),
        (Kind::Points, "50"),
        (Kind::Money, "1.5"),
        (Kind::MoneyOrZero, "0"),
        (Kind::Months, "never"),
        (Kind::Days, "30"),
        (Kind::StampEvery, "off"),
        (Kind::Text, "Coffee; cake"),
        (Kind::ProgrammeType, "discount"),
        (Kind::DiscountMode, "fixed"),
        (Kind::Tiers, "Silver 10000 7\nGold Plus 50000 10"),
        (Kind::Levels, "1000 3\n0 1"),
    ];
    for (kind, typed) in kinds {
        let value = Value::parse(kind, typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(
            Value::from_canonical(kind, &value.canonical()),
            Ok(value.clone()),
            "{typed}"
        );
    }
    for kind in [Kind::Text, Kind::Tiers, Kind::Levels, Kind::Months] {
        for choice in Value::choices(kind) {
            assert_eq!(Value::from_canonical(kind, &choice.canonical()), Ok(choice));
        }
    }
}
