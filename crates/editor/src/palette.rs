//! Palette presets: the things a teacher drags onto the canvas, with defaults that make
//! the classic examples behave plausibly out of the box, and the event-name helper used
//! when a call becomes an event.

use wirelab_model::{
    Arrival, Latency, NodeKind, Scenario, ServiceConfig, Shape, TopicConfig, UsersConfig,
};

/// One palette entry. The named services are ordinary services with tuned defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    Users,
    Service,
    Topic,
    Order,
    Payment,
    Inventory,
    Email,
    Analytics,
    Crm,
    Auth,
    Reporting,
    Recommendation,
    Shipping,
}

impl Preset {
    /// Palette order: the three generic kinds first, then the named services.
    pub const ALL: [Preset; 13] = [
        Preset::Users,
        Preset::Service,
        Preset::Topic,
        Preset::Order,
        Preset::Payment,
        Preset::Inventory,
        Preset::Email,
        Preset::Analytics,
        Preset::Crm,
        Preset::Auth,
        Preset::Reporting,
        Preset::Recommendation,
        Preset::Shipping,
    ];

    /// A caller needs this service's answer to answer its own caller (the price, the
    /// stock, the token): a call wired to it is marked so, and the review then does not
    /// suggest turning it into an event (lesson 4 says why it must stay a call).
    pub fn answer_needed(self) -> bool {
        matches!(self, Preset::Payment | Preset::Inventory | Preset::Auth)
    }

    /// The preset a node of this name was made from, if any ("Payment", "Payment 2").
    pub fn of_name(name: &str) -> Option<Preset> {
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
        Preset::ALL.into_iter().find(|p| p.label() == base)
    }

    /// The palette label and the base of the new node's name.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Users => "User",
            Preset::Service => "Service",
            Preset::Topic => "Topic",
            Preset::Order => "Order",
            Preset::Payment => "Payment",
            Preset::Inventory => "Inventory",
            Preset::Email => "Email",
            Preset::Analytics => "Analytics",
            Preset::Crm => "CRM",
            Preset::Auth => "Auth",
            Preset::Reporting => "Reporting",
            Preset::Recommendation => "Recommendation",
            Preset::Shipping => "Shipping",
        }
    }

    /// A one-line tooltip for the palette.
    pub fn hint(self) -> &'static str {
        match self {
            Preset::Users => "People who call one entry service and wait for the answer",
            Preset::Service => "A service with workers and a bounded queue",
            Preset::Topic => "A broker topic: publishers send facts, subscribers get them later",
            Preset::Order => "Takes orders; fast, many workers",
            Preset::Payment => "Talks to a payment provider: slow, long tail, rare errors",
            Preset::Inventory => "Reserves stock; quick lookups",
            Preset::Email => "Sends mail through SMTP: slow, few workers, a deep queue",
            Preset::Analytics => "Records events in bulk; two workers, huge backlog allowed",
            Preset::Crm => "A third-party SaaS: slow and unpredictable",
            Preset::Auth => "Checks tokens; very fast",
            Preset::Reporting => "Builds reports; very slow, two workers",
            Preset::Recommendation => "Computes suggestions; moderate, long tail",
            Preset::Shipping => "Books couriers; moderately slow",
        }
    }

    /// The node kind with this preset's default parameters.
    pub fn kind(self) -> NodeKind {
        // (base ms, jitter ms, long tail, workers, queue, error rate)
        let (base, jitter, tail, workers, queue, errors) = match self {
            Preset::Users => {
                return NodeKind::Users(UsersConfig {
                    arrival: Arrival::Poisson { rate_per_s: 10.0 },
                    ..UsersConfig::default()
                })
            }
            Preset::Topic => return NodeKind::Topic(TopicConfig::default()),
            Preset::Service => return NodeKind::Service(ServiceConfig::default()),
            Preset::Order => (30.0, 10.0, false, 16, 128, 0.0),
            Preset::Payment => (120.0, 80.0, true, 8, 32, 0.01),
            Preset::Inventory => (15.0, 5.0, false, 8, 64, 0.0),
            Preset::Email => (200.0, 100.0, false, 4, 1_000, 0.0),
            Preset::Analytics => (50.0, 50.0, false, 2, 5_000, 0.0),
            Preset::Crm => (300.0, 200.0, true, 4, 200, 0.02),
            Preset::Auth => (5.0, 3.0, false, 16, 128, 0.0),
            Preset::Reporting => (800.0, 400.0, false, 2, 50, 0.0),
            Preset::Recommendation => (80.0, 60.0, true, 8, 64, 0.0),
            Preset::Shipping => (150.0, 50.0, false, 4, 100, 0.0),
        };
        let shape = if tail {
            Shape::Exponential
        } else {
            Shape::Uniform
        };
        NodeKind::Service(ServiceConfig {
            latency: Latency {
                base_ms: base,
                jitter_ms: jitter,
                shape,
            },
            workers,
            queue,
            error_rate: errors,
            ..ServiceConfig::default()
        })
    }
}

/// The first of `base`, `base 2`, `base 3`, … that no node is named yet (names are
/// unique because incident scripts refer to nodes by name).
pub fn unique_name(doc: &Scenario, base: &str) -> String {
    let taken = |n: &str| doc.nodes.iter().any(|node| node.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .expect("some suffix is free")
}

/// The fact a service would announce, named in the past tense: `Order` → `OrderCreated`.
/// Known names get the event a class expects; others get `<Name>Updated`. A trailing
/// "Service", spaces and number words are dropped so `order service 2` also gives
/// `OrderCreated`.
pub fn event_name(service_name: &str) -> String {
    let mut base: String = service_name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        // Numbered copies ("Order 2") announce the same fact as the original.
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(crate::history::capitalise)
        .collect();
    for suffix in ["Service", "Svc"] {
        if base.len() > suffix.len() && base.ends_with(suffix) {
            base.truncate(base.len() - suffix.len());
        }
    }
    // Keep only characters that are safe in a node name.
    base.retain(|c| c.is_alphanumeric());
    if base.is_empty() {
        base = "Something".into();
    }
    let fact = match base.to_lowercase().as_str() {
        "order" | "orders" | "checkout" => "OrderCreated",
        "payment" | "payments" | "billing" => "PaymentCompleted",
        "inventory" | "stock" => "StockReserved",
        "email" | "mail" | "notification" | "notifications" => "EmailSent",
        "analytics" => "ActivityRecorded",
        "crm" | "customer" | "customers" => "CustomerUpdated",
        "user" | "users" | "auth" | "account" | "accounts" => "UserRegistered",
        "reporting" | "report" | "reports" => "ReportGenerated",
        "recommendation" | "recommendations" => "RecommendationsUpdated",
        "shipping" | "shipment" | "delivery" => "ShipmentDispatched",
        _ => return format!("{base}Updated"),
    };
    fact.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirelab_model::{validate, Pos};

    #[test]
    fn every_preset_is_valid_on_its_own() {
        let mut doc = Scenario::new("t");
        for p in Preset::ALL {
            if p != Preset::Users {
                let name = unique_name(&doc, p.label());
                doc.add_node(&name, Pos::default(), p.kind());
            }
        }
        assert_eq!(validate(&doc), vec![]);
    }

    #[test]
    fn named_presets_differ_from_generic_service() {
        let NodeKind::Service(pay) = Preset::Payment.kind() else {
            panic!()
        };
        assert_eq!(pay.latency.shape, Shape::Exponential);
        assert!(pay.latency.base_ms > ServiceConfig::default().latency.base_ms);
        assert!(matches!(Preset::Users.kind(), NodeKind::Users(_)));
        assert!(matches!(Preset::Topic.kind(), NodeKind::Topic(_)));
    }

    #[test]
    fn unique_names_get_numbered() {
        let mut doc = Scenario::new("t");
        assert_eq!(unique_name(&doc, "Order"), "Order");
        doc.add_node("Order", Pos::default(), Preset::Order.kind());
        assert_eq!(unique_name(&doc, "Order"), "Order 2");
        doc.add_node("Order 2", Pos::default(), Preset::Order.kind());
        assert_eq!(unique_name(&doc, "Order"), "Order 3");
    }

    #[test]
    fn event_names() {
        assert_eq!(event_name("Order"), "OrderCreated");
        assert_eq!(event_name("order service"), "OrderCreated");
        assert_eq!(event_name("OrderService"), "OrderCreated");
        assert_eq!(event_name("User"), "UserRegistered");
        assert_eq!(event_name("Payment"), "PaymentCompleted");
        assert_eq!(event_name("CRM"), "CustomerUpdated");
        assert_eq!(event_name("fraud-check"), "FraudCheckUpdated");
        assert_eq!(event_name("Order 2"), "OrderCreated");
        assert_eq!(event_name("  "), "SomethingUpdated");
    }
}
