terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

# The addresses Camunda SaaS connects from, for example to let Web Modeler reach
# services behind a firewall. Reading them needs no Console API credentials.
data "camunda_ip_ranges" "web_modeler" {
  services = ["web-modeler"]
}

output "web_modeler_ipv4" {
  value = data.camunda_ip_ranges.web_modeler.cidr_blocks
}

output "web_modeler_ipv6" {
  value = data.camunda_ip_ranges.web_modeler.ipv6_cidr_blocks
}

# With an AWS security group, for instance:
#
# resource "aws_vpc_security_group_ingress_rule" "camunda" {
#   for_each          = toset(data.camunda_ip_ranges.web_modeler.cidr_blocks)
#   security_group_id = aws_security_group.api.id
#   cidr_ipv4         = each.value
#   ip_protocol       = "tcp"
#   from_port         = 443
#   to_port           = 443
# }
