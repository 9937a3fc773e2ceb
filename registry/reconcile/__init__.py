"""Reconciliation (W3C Reconciliation Service API 0.2): matching, data
extension and the service's views."""
