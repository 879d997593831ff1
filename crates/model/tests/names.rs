//! The choices' names are serde's, both ways, and an unknown one is refused in words.

use serde::Serialize;
use serde_json::Value;
use wirelab_model::{
    Arrival, ArrivalMode, BackoffKind, BrokerDownPolicy, CallMode, FailurePolicy, Shape,
    UnknownName, DEFAULT_RATE_PER_S,
};

fn serde_name(v: impl Serialize) -> String {
    match serde_json::to_value(v).unwrap() {
        Value::String(s) => s,
        other => panic!("not a name: {other}"),
    }
}

/// Every choice's name is what serde writes, and `named` reads it back.
macro_rules! agrees_with_serde {
    ($($ty:ident),*) => {$(
        assert_eq!($ty::ALL.len(), $ty::NAMES.len());
        for &v in $ty::ALL {
            assert_eq!(v.name(), serde_name(v), "{v:?}");
            assert_eq!($ty::named(v.name()), Ok(v));
        }
        assert!($ty::named("nonsense").is_err());
    )*};
}

#[test]
fn names_are_serdes() {
    agrees_with_serde!(
        Shape,
        CallMode,
        BackoffKind,
        FailurePolicy,
        BrokerDownPolicy
    );
}

#[test]
fn arrival_modes_are_serdes_mode_tags() {
    for &mode in ArrivalMode::ALL {
        let arrival = Arrival::Manual.in_mode(mode);
        assert_eq!(arrival.mode(), mode);
        let json = serde_json::to_value(&arrival).unwrap();
        assert_eq!(json["mode"], mode.name(), "{mode:?}");
        assert_eq!(ArrivalMode::named(mode.name()), Ok(mode));
    }
}

#[test]
fn an_unknown_name_is_an_error_in_words() {
    let e: UnknownName = FailurePolicy::named("retry").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`retry` is not one of fail, degrade, fail_closed"
    );
}

#[test]
fn a_new_mode_keeps_the_rate_or_takes_the_defaults() {
    let poisson = Arrival::Poisson { rate_per_s: 7.0 };
    assert_eq!(
        poisson.in_mode(ArrivalMode::Constant),
        Arrival::Constant { rate_per_s: 7.0 }
    );
    assert_eq!(
        Arrival::Manual.in_mode(ArrivalMode::Poisson),
        Arrival::Poisson {
            rate_per_s: DEFAULT_RATE_PER_S
        }
    );
    assert_eq!(
        poisson.in_mode(ArrivalMode::Bursts),
        Arrival::Bursts {
            size: 50,
            every_ms: 5_000.0
        }
    );
}
