//! The names of a parameter's choices as the scenario format writes them, for the
//! inspector's drop-downs: `name` is `const` (so a UI table is built from it), `named`
//! refuses an unknown name in words. The tests hold each table to serde's names.

use std::fmt;

use crate::{Arrival, BackoffKind, BrokerDownPolicy, CallMode, FailurePolicy, Shape};

/// A name that is none of a parameter's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    pub name: String,
    pub choices: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not one of {}",
            self.name,
            self.choices.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

/// The exhaustive match makes a new variant a compile error until it is named here.
macro_rules! named {
    ($ty:ident { $($v:ident = $name:literal),* $(,)? }) => {
        impl $ty {
            /// Every choice, in the order a drop-down lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$v),*];
            /// Their names, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// Its name in the scenario format.
            pub const fn name(self) -> &'static str {
                match self { $($ty::$v => $name),* }
            }

            /// The choice with this name in the scenario format.
            pub fn named(name: &str) -> Result<$ty, UnknownName> {
                match name {
                    $($name => Ok($ty::$v),)*
                    _ => Err(UnknownName { name: name.to_string(), choices: Self::NAMES }),
                }
            }
        }
    };
}

named!(Shape { Fixed = "fixed", Uniform = "uniform", Exponential = "exponential" });
named!(CallMode { Sequential = "sequential", Parallel = "parallel" });
named!(BackoffKind { Fixed = "fixed", Exponential = "exponential" });
named!(FailurePolicy { Fail = "fail", Degrade = "degrade", FailClosed = "fail_closed" });
named!(BrokerDownPolicy { Fail = "fail", Drop = "drop", Outbox = "outbox" });
named!(ArrivalMode { Manual = "manual", Constant = "constant", Poisson = "poisson", Bursts = "bursts" });

/// How people arrive, without the numbers: an [`Arrival`]'s `mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrivalMode {
    Manual,
    Constant,
    Poisson,
    Bursts,
}

/// The rate people arrive at when a mode needs one and had none (also a new users
/// node's, Poisson).
pub const DEFAULT_RATE_PER_S: f64 = 20.0;
/// A burst when bursts are picked: 50 people every 5 s.
pub const DEFAULT_BURST_SIZE: u32 = 50;
pub const DEFAULT_BURST_EVERY_MS: f64 = 5_000.0;

impl Arrival {
    pub fn mode(&self) -> ArrivalMode {
        match self {
            Arrival::Manual => ArrivalMode::Manual,
            Arrival::Constant { .. } => ArrivalMode::Constant,
            Arrival::Poisson { .. } => ArrivalMode::Poisson,
            Arrival::Bursts { .. } => ArrivalMode::Bursts,
        }
    }

    /// These arrivals in another mode: a rate is kept where both modes have one, else
    /// the defaults ([`DEFAULT_RATE_PER_S`], a burst of [`DEFAULT_BURST_SIZE`] every
    /// [`DEFAULT_BURST_EVERY_MS`]).
    pub fn in_mode(&self, mode: ArrivalMode) -> Arrival {
        let rate_per_s = match *self {
            Arrival::Constant { rate_per_s } | Arrival::Poisson { rate_per_s } => rate_per_s,
            Arrival::Manual | Arrival::Bursts { .. } => DEFAULT_RATE_PER_S,
        };
        match mode {
            ArrivalMode::Manual => Arrival::Manual,
            ArrivalMode::Constant => Arrival::Constant { rate_per_s },
            ArrivalMode::Poisson => Arrival::Poisson { rate_per_s },
            ArrivalMode::Bursts => Arrival::Bursts {
                size: DEFAULT_BURST_SIZE,
                every_ms: DEFAULT_BURST_EVERY_MS,
            },
        }
    }
}
