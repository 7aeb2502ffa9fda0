terraform {
  required_providers {
    camunda = {
      source  = "camunda/camunda"
      version = "~> 1.0"
    }
  }
}

data "camunda_channel" "stable" {
  name = "Stable"
}

data "camunda_region" "frankfurt" {
  name = "Frankfurt, Europe (eu-central-1)"
}

data "camunda_cluster_plan_type" "advanced" {
  name = "Advanced Package"
}

resource "camunda_cluster" "payments" {
  name         = "payments"
  channel_id   = data.camunda_channel.stable.id
  region_id    = data.camunda_region.frankfurt.id
  plan_type_id = data.camunda_cluster_plan_type.advanced.id
}

# An AWS PrivateLink endpoint service for the cluster, which the account below
# may connect a VPC endpoint to, from the cluster's region and from Ireland.
resource "camunda_cluster_secure_connectivity" "payments" {
  cluster_id         = camunda_cluster.payments.id
  allowed_principals = ["arn:aws:iam::123456789012:root"]
  allowed_regions    = ["eu-west-1"]
}

# For example, with the AWS provider:
#
# resource "aws_vpc_endpoint" "camunda" {
#   vpc_id            = aws_vpc.main.id
#   service_name      = camunda_cluster_secure_connectivity.payments.service_name
#   vpc_endpoint_type = "Interface"
#   subnet_ids        = aws_subnet.private[*].id
# }

output "service_name" {
  value = camunda_cluster_secure_connectivity.payments.service_name
}

output "private_dns_name" {
  value = camunda_cluster_secure_connectivity.payments.private_dns_name
}
