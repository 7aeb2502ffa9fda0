//! A SaaS cluster's REST address (the base of its Orchestration Cluster API, under which
//! clients call `/v2/...`), derived from its gRPC address. The Console API documents only
//! the gRPC address (`links.zeebe` of a cluster, `ZEEBE_ADDRESS` of a client's connection
//! details); the REST address is its documented counterpart on the same region host.

/// The host suffix of every SaaS cluster's gRPC address.
const SAAS_DOMAIN: &str = ".zeebe.camunda.io";

/// `https://<region>.zeebe.camunda.io/<cluster-id>` for a gRPC address of the SaaS form
/// `<cluster-id>.<region>.zeebe.camunda.io[:<port>]` (a `grpcs://` scheme allowed); `None`
/// for any other address, since only SaaS addresses have a known REST counterpart.
pub fn saas_rest_address(grpc_address: &str) -> Option<String> {
    let address = grpc_address.trim();
    let address = address
        .strip_prefix("grpcs://")
        .or_else(|| address.strip_prefix("https://"))
        .unwrap_or(address);
    let host = match address.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => address,
    };
    let (cluster_id, region) = host.strip_suffix(SAAS_DOMAIN)?.split_once('.')?;
    let label = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (label(cluster_id) && label(region))
        .then(|| format!("https://{region}{SAAS_DOMAIN}/{cluster_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "5f4e5b8c-2d3a-4b1c-9e8f-0a1b2c3d4e5f";

    #[test]
    fn the_region_of_the_grpc_host_serves_the_cluster_under_its_id() {
        assert_eq!(
            saas_rest_address(&format!("{ID}.bru-2.zeebe.camunda.io:443")),
            Some(format!("https://bru-2.zeebe.camunda.io/{ID}"))
        );
        assert_eq!(
            saas_rest_address(&format!("grpcs://{ID}.syd-1.zeebe.camunda.io:443")),
            Some(format!("https://syd-1.zeebe.camunda.io/{ID}"))
        );
    }

    #[test]
    fn the_grpc_port_does_not_matter() {
        let expected = Some(format!("https://ash-1.zeebe.camunda.io/{ID}"));
        for port in [":26500", ":1", ""] {
            let address = format!("{ID}.ash-1.zeebe.camunda.io{port}");
            assert_eq!(saas_rest_address(&address), expected, "{address}");
        }
    }

    #[test]
    fn an_address_of_another_form_has_none() {
        for address in [
            "localhost:26500",
            "zeebe.example.com:443",
            "bru-2.zeebe.camunda.io:443",
            &format!("{ID}.zeebe.camunda.io:443"),
            &format!("{ID}.bru-2.zeebe.camunda.io.example.com:443"),
            &format!("{ID}.bru-2.zeebe.camunda.io:"),
            &format!("{ID}.bru-2.zeebe.camunda.io:https"),
            &format!("{ID}.a.b.zeebe.camunda.io:443"),
            &format!("http://{ID}.bru-2.zeebe.camunda.io:443"),
            &format!("{ID}.bru-2.zeebe.camunda.io:443/path"),
            "",
        ] {
            assert_eq!(saas_rest_address(address), None, "{address}");
        }
    }
}
