"""The person's rights at the actor: everything held about one case (export), erasure on
request or after the retention period. Both audited; the audit trail itself stays."""
