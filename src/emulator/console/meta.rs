//! `GET /meta/ip-ranges`: the addresses Camunda's services connect from. The API serves
//! it without a token.

use std::collections::BTreeMap;

use axum::Json;

/// The egress addresses per service, as the API names the services.
const IP_RANGES: &[(&str, &[&str])] = &[(
    "web-modeler",
    &[
        "34.89.208.126",
        "35.198.112.47",
        "34.159.150.0/28",
        "2600:1900:4180:9a31::/64",
    ],
)];

/// The route's path; the guard lets calls of it through without a token.
pub const IP_RANGES_PATH: &str = "/meta/ip-ranges";

pub async fn ip_ranges() -> Json<BTreeMap<&'static str, &'static [&'static str]>> {
    Json(IP_RANGES.iter().copied().collect())
}
