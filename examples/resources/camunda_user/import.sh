# The import ID is the username. No read shows a password: the next apply sets it.
terraform import camunda_user.jane jane
