//! `camunda_ip_ranges`: The addresses Camunda's services connect from.

mod data;

pub struct IpRanges;
