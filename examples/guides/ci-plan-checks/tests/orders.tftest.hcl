# `terraform test` (Terraform 1.6 and later) against the Console emulator: no Camunda
# account is needed, and what a run creates is destroyed when the tests end.

variables {
  environment = "test"
}

run "the_cluster_is_named_after_its_environment" {
  command = plan

  assert {
    condition     = camunda_cluster.orders.name == "orders-test"
    error_message = "The cluster's name ends with its environment."
  }

  assert {
    condition     = camunda_cluster.orders.stage_label == "test"
    error_message = "The cluster's stage label is its environment."
  }
}

run "the_worker_gets_a_client_of_a_healthy_cluster" {
  assert {
    condition     = camunda_cluster.orders.status == "Healthy"
    error_message = "The cluster is Healthy once applied."
  }

  assert {
    condition     = startswith(camunda_zeebe_client.worker.name, "order-worker-")
    error_message = "The worker's client name starts with its prefix."
  }

  assert {
    condition     = camunda_zeebe_client.worker.zeebe_address != null
    error_message = "The worker knows where Zeebe is."
  }
}
