//! What the catalogue knows about a kindergarten, and how a catalogue filter reads.
use serde::{Deserialize, Serialize};

/// State (мемлекеттік) or private (жекеменшік) ownership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ownership {
    State,
    Private,
}

impl Ownership {
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::State => "state",
            Ownership::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Ownership> {
        match s {
            "state" => Some(Ownership::State),
            "private" => Some(Ownership::Private),
            _ => None,
        }
    }
}

/// One card of the catalogue: exactly what the seed's cards show, plus the e-contract badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartenCard {
    pub id: i32,
    pub name_kk: String,
    pub name_ru: String,
    pub address_kk: String,
    pub address_ru: String,
    pub ownership: Ownership,
    /// Admission from this age, in years («2 жастан бастап қабылдау»).
    pub admission_age_from: u8,
    pub free_places: u32,
    /// Concludes contracts electronically (shows the badge and «Шарт жасасу»).
    pub e_contracts: bool,
    /// Whether a paper contract is possible at all (some kindergartens are e-contract only).
    pub paper_allowed: bool,
    pub department_kk: String,
    pub department_ru: String,
}

/// Longest search text we accept; longer input is cut, never rejected.
pub const MAX_SEARCH_CHARS: usize = 100;

/// The catalogue's filter as it travels in the URL query (`q`, `ownership`, `econtract`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CatalogueFilter {
    /// Free text matched against names and addresses in both languages, case-insensitively.
    pub query: String,
    pub ownership: Option<Ownership>,
    pub e_contracts_only: bool,
}

impl CatalogueFilter {
    /// Builds a filter from raw query values; unknown values are ignored, never an error.
    pub fn from_query(q: Option<&str>, ownership: Option<&str>, econtract: Option<&str>) -> Self {
        CatalogueFilter {
            query: normalise_search(q.unwrap_or_default()),
            ownership: ownership.and_then(Ownership::parse),
            e_contracts_only: matches!(econtract, Some("1" | "true" | "on")),
        }
    }

    /// The query string that reproduces this filter (empty parts left out).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", percent_encode(&self.query)));
        }
        if let Some(o) = self.ownership {
            parts.push(format!("ownership={}", o.as_str()));
        }
        if self.e_contracts_only {
            parts.push("econtract=1".to_string());
        }
        parts.join("&")
    }

    /// The same rule the database query applies, for tests and for the client.
    pub fn matches(&self, card: &KindergartenCard) -> bool {
        if self.e_contracts_only && !card.e_contracts {
            return false;
        }
        if let Some(o) = self.ownership
            && card.ownership != o
        {
            return false;
        }
        self.query.is_empty() || search_text(card).contains(&self.query.to_lowercase())
    }
}

/// Lower-cased text a search runs over: names and addresses in both languages.
pub fn search_text(card: &KindergartenCard) -> String {
    search_text_of(&[
        &card.name_kk,
        &card.name_ru,
        &card.address_kk,
        &card.address_ru,
    ])
}

/// Lower-cased, space-joined text of the given parts (stored beside each kindergarten).
pub fn search_text_of(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}

/// Trims, collapses inner whitespace and cuts the search text to [`MAX_SEARCH_CHARS`].
pub fn normalise_search(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_SEARCH_CHARS)
        .collect()
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, ownership: Ownership, e: bool) -> KindergartenCard {
        KindergartenCard {
            id: 1,
            name_kk: name.into(),
            name_ru: name.into(),
            address_kk: "Иманбаев көшесі, 10 үй".into(),
            address_ru: "улица Иманбаева, дом 10".into(),
            ownership,
            admission_age_from: 2,
            free_places: 669,
            e_contracts: e,
            paper_allowed: true,
            department_kk: String::new(),
            department_ru: String::new(),
        }
    }

    #[test]
    fn a_parent_searching_in_lower_case_finds_a_kazakh_name() {
        let f = CatalogueFilter::from_query(Some("  №1   балабақшасы "), None, None);
        assert_eq!(f.query, "№1 балабақшасы");
        assert!(f.matches(&card("№1 Балабақшасы", Ownership::State, true)));
        assert!(!f.matches(&card("№10 Балабақшасы", Ownership::State, true)));
    }

    #[test]
    fn e_contract_and_ownership_filters_exclude_others() {
        let f = CatalogueFilter::from_query(None, Some("private"), Some("1"));
        assert!(f.matches(&card("A", Ownership::Private, true)));
        assert!(!f.matches(&card("A", Ownership::State, true)));
        assert!(!f.matches(&card("A", Ownership::Private, false)));
    }

    #[test]
    fn unknown_query_values_are_ignored() {
        let f = CatalogueFilter::from_query(Some(""), Some("public"), Some("yes"));
        assert_eq!(f, CatalogueFilter::default());
    }

    #[test]
    fn query_string_round_trips_through_the_url() {
        let f = CatalogueFilter {
            query: "Жеңіс 12&x".into(),
            ownership: Some(Ownership::State),
            e_contracts_only: true,
        };
        let qs = f.to_query_string();
        assert!(qs.starts_with("q=%D0%96"));
        assert!(qs.contains("%26x"));
        assert!(qs.ends_with("ownership=state&econtract=1"));
    }

    #[test]
    fn very_long_search_text_is_cut_not_rejected() {
        let long = "а".repeat(500);
        assert_eq!(
            CatalogueFilter::from_query(Some(&long), None, None)
                .query
                .chars()
                .count(),
            MAX_SEARCH_CHARS
        );
    }
}
