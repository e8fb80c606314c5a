"""SQLAlchemy 2 typed models; structure only, no business logic."""
from ledger.models.customers import Customer, HourPackage, ServiceAccount
from ledger.models.einvoices import ExchangeRateRecord, InvoiceEInvoice
from ledger.models.entries import LedgerEntry
from ledger.models.idempotency import IdempotencyRecord
from ledger.models.invoices import Invoice, InvoiceDocument, InvoiceLine, NumberSeries
from ledger.models.outbox import OutboxMessage
from ledger.models.support import Agreement, Case, CaseEvent, Contact
from ledger.models.tasks import Notice, Task, TaskDecision
from ledger.models.users import ApiToken, LoginAttempt, SignInThrottle, User, UserSession

__all__ = ["Agreement", "ApiToken", "Case", "CaseEvent", "Contact", "Customer", "ExchangeRateRecord", "HourPackage", "IdempotencyRecord", "Invoice", "InvoiceDocument", "InvoiceEInvoice", "InvoiceLine", "LedgerEntry", "LoginAttempt", "Notice", "NumberSeries", "OutboxMessage", "ServiceAccount", "SignInThrottle", "Task", "TaskDecision", "User", "UserSession"]
