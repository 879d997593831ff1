//! Sync calls and request/reply: attempts with timeouts, retries with backoff and
//! jitter, the circuit breaker, and completion back to the caller.

use crate::queue::Ev;
use crate::run::Run;
use crate::state::*;
use crate::topo::WireT;

impl Run {
    /// Asks the breaker whether an attempt may go out; `Some(probe)` when it may.
    fn breaker_admit(&mut self, wire: u32) -> Option<bool> {
        let WireT::Call(c) = self.topo.wires[wire as usize].kind else {
            return Some(false);
        };
        if c.breaker.is_none() {
            return Some(false);
        }
        let b = &mut self.wires[wire as usize].breaker;
        match *b {
            Breaker::Closed { .. } => Some(false),
            Breaker::Open { until } if self.now < until => None,
            Breaker::Open { .. } | Breaker::HalfOpen { probing: false } => {
                *b = Breaker::HalfOpen { probing: true };
                Some(true)
            }
            Breaker::HalfOpen { probing: true } => None,
        }
    }

    /// Feeds an attempt's result to the breaker.
    /// In half-open state only the probe's result counts.
    fn breaker_result(&mut self, wire: u32, ok: bool, probe: bool) {
        let WireT::Call(c) = self.topo.wires[wire as usize].kind else {
            return;
        };
        let Some((threshold, open)) = c.breaker else {
            return;
        };
        let w = &mut self.wires[wire as usize];
        w.breaker = match (w.breaker, ok) {
            (b @ Breaker::Open { .. }, _) => b,
            (b @ Breaker::HalfOpen { .. }, _) if !probe => b,
            (_, true) => Breaker::Closed { fails: 0 },
            (Breaker::Closed { fails }, false) if fails + 1 < threshold => {
                Breaker::Closed { fails: fails + 1 }
            }
            (_, false) => {
                w.breaker_opens += 1;
                Breaker::Open {
                    until: self.now + open,
                }
            }
        };
    }

    /// Starts a sync call step; `Some` when it failed at once (breaker open).
    pub(crate) fn start_call(&mut self, task: H, wire: u32) -> Option<Res> {
        let from = self.topo.wires[wire as usize].from;
        self.wires[wire as usize].calls += 1;
        let Some(probe) = self.breaker_admit(wire) else {
            self.wires[wire as usize].failures += 1;
            return Some(Err(Failure {
                reason: Reason::CircuitOpen,
                at: from,
            }));
        };
        let journey = self.work.tasks.get(task).expect("task").journey;
        let call = self.work.calls.insert(Call {
            wire,
            caller: Caller::Task(task),
            journey,
            attempt: 0,
            state: CallState::InFlight,
            committed: false,
            outstanding: 0,
            probe,
        });
        self.attempt(call);
        None
    }

    /// Sends the next attempt and arms its timeout.
    fn attempt(&mut self, call: H) {
        let c = self.work.calls.get_mut(call).expect("call");
        c.attempt += 1;
        c.state = CallState::InFlight;
        c.outstanding += 1;
        let (wire, attempt, journey) = (c.wire, c.attempt, c.journey);
        let WireT::Call(cfg) = self.topo.wires[wire as usize].kind else {
            return;
        };
        if attempt > 1 {
            self.wires[wire as usize].retries += 1;
        }
        let (from, to) = (
            self.topo.wires[wire as usize].from,
            self.topo.wires[wire as usize].to,
        );
        self.send(wire, from, to, Body::Request { call }, attempt, journey);
        self.q.push_timer(
            wire,
            self.now + cfg.timeout,
            Ev::CallTimeout {
                call: call.slot,
                gen: call.gen,
                attempt,
            },
        );
    }

    /// Starts a request/reply step: the request goes to the broker, the reply comes back
    /// through it, correlated by the call handle; one timeout covers the round trip.
    pub(crate) fn start_rr(&mut self, task: H, wire: u32) -> Option<Res> {
        let WireT::Rr(rr) = self.topo.wires[wire as usize].kind else {
            return Some(Ok(()));
        };
        let from = self.topo.wires[wire as usize].from;
        let journey = self.work.tasks.get(task).expect("task").journey;
        self.wires[wire as usize].calls += 1;
        let call = self.work.calls.insert(Call {
            wire,
            caller: Caller::Task(task),
            journey,
            attempt: 1,
            state: CallState::InFlight,
            committed: false,
            outstanding: 1,
            probe: false,
        });
        self.send(wire, from, rr.via, Body::RrRequest { call }, 1, journey);
        self.q.push_timer(
            wire,
            self.now + rr.timeout,
            Ev::CallTimeout {
                call: call.slot,
                gen: call.gen,
                attempt: 1,
            },
        );
        None
    }

    /// An answer (response or forwarded reply) reaches the caller.
    pub(crate) fn on_response(&mut self, call: H, attempt: u32, res: Res) {
        let Some(c) = self.work.calls.get(call) else {
            return;
        };
        // A late answer to an earlier attempt arrives on a connection the caller closed.
        if c.state != CallState::InFlight || c.attempt != attempt {
            return;
        }
        match c.caller {
            Caller::User(j) => {
                let outcome = match res {
                    Ok(()) => Outcome::Succeeded,
                    Err(f) => Outcome::Failed(f),
                };
                self.resolve_user(j, outcome);
                self.call_finish(call);
            }
            Caller::Task(_) => {
                self.breaker_result(c.wire, res.is_ok(), c.probe);
                match res {
                    Ok(()) => self.complete(call, Ok(())),
                    Err(f) => self.retry_or_fail(call, f),
                }
            }
        }
    }

    pub(crate) fn on_call_timeout(&mut self, call: H, attempt: u32) {
        let Some(&c) = self.work.calls.get(call) else {
            return;
        };
        if c.state != CallState::InFlight || c.attempt != attempt {
            return;
        }
        let (from, to) = (
            self.topo.wires[c.wire as usize].from,
            self.topo.wires[c.wire as usize].to,
        );
        self.observers.tell(&self.topo, self.now, |o, at| {
            o.on_timeout(at, c.journey, from, to, attempt)
        });
        self.breaker_result(c.wire, false, c.probe);
        self.retry_or_fail(
            call,
            Failure {
                reason: Reason::Timeout,
                at: to,
            },
        );
    }

    fn retry_or_fail(&mut self, call: H, f: Failure) {
        let c = *self.work.calls.get(call).expect("call");
        let WireT::Call(cfg) = self.topo.wires[c.wire as usize].kind else {
            self.complete(call, Err(f));
            return;
        };
        if c.attempt >= cfg.max_attempts {
            self.complete(call, Err(f));
        } else if self.over_cap() {
            self.complete(
                call,
                Err(Failure {
                    reason: Reason::Shed,
                    at: self.topo.wires[c.wire as usize].from,
                }),
            );
        } else {
            let delay = cfg
                .backoff
                .delay(c.attempt, &mut self.rng.net[c.wire as usize]);
            self.work.calls.get_mut(call).expect("call").state = CallState::Backoff;
            self.q.push(
                self.now + delay,
                Ev::Retry {
                    call: call.slot,
                    gen: call.gen,
                },
            );
        }
    }

    pub(crate) fn on_retry(&mut self, call: H) {
        let Some(c) = self.work.calls.get(call) else {
            return;
        };
        if c.state != CallState::Backoff {
            return;
        }
        let (wire, caller) = (c.wire, c.caller);
        if let Caller::Task(t) = caller {
            if self.work.tasks.get(t).is_none() {
                self.call_finish(call);
                return;
            }
        }
        match self.breaker_admit(wire) {
            Some(probe) => {
                self.work.calls.get_mut(call).expect("call").probe = probe;
                self.attempt(call);
            }
            None => {
                let from = self.topo.wires[wire as usize].from;
                self.complete(
                    call,
                    Err(Failure {
                        reason: Reason::CircuitOpen,
                        at: from,
                    }),
                );
            }
        }
    }

    /// The call is over: hand the result to the caller's handler.
    fn complete(&mut self, call: H, res: Res) {
        let c = *self.work.calls.get(call).expect("call");
        if res.is_err() {
            self.wires[c.wire as usize].failures += 1;
        }
        self.call_finish(call);
        if let Caller::Task(t) = c.caller {
            self.step_done(t, c.wire, res);
        }
    }

    /// Marks a call done; it is freed once no attempt is outstanding.
    pub(crate) fn call_finish(&mut self, call: H) {
        let Some(c) = self.work.calls.get_mut(call) else {
            return;
        };
        c.state = CallState::Done;
        if c.outstanding == 0 {
            self.work.calls.remove(call);
        }
    }

    /// One attempt is no longer anywhere (refused, lost, or its task ended).
    pub(crate) fn call_release(&mut self, call: H) {
        let Some(c) = self.work.calls.get_mut(call) else {
            return;
        };
        c.outstanding -= 1;
        if c.outstanding == 0 && c.state == CallState::Done {
            self.work.calls.remove(call);
        }
    }
}
