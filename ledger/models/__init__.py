"""SQLAlchemy 2 typed models; structure only, no business logic."""
from ledger.models.customer_changes import CustomerChange
from ledger.models.customers import Customer, HourPackage, ServiceAccount
from ledger.models.einvoices import ExchangeRateRecord, InvoiceEInvoice
from ledger.models.entries import LedgerEntry
from ledger.models.idempotency import IdempotencyRecord
from ledger.models.invoices import DiscardedDraft, Invoice, InvoiceCopy, InvoiceDocument, InvoiceLine, NumberSeries
from ledger.models.jobs import Job
from ledger.models.outbox import OutboxMessage
from ledger.models.payments import Payment, PaymentAssignment, PaymentReminder, ReferenceRate, WriteOff
from ledger.models.support import Agreement, Case, CaseEvent, Contact, ContactChange, ContactRole
from ledger.models.tasks import Notice, Task, TaskDecision
from ledger.models.users import ApiToken, LoginAttempt, PasswordReset, SignInThrottle, User, UserSession

__all__ = ["Agreement", "ApiToken", "Case", "CaseEvent", "Contact", "ContactChange", "ContactRole", "Customer", "CustomerChange", "DiscardedDraft", "ExchangeRateRecord", "HourPackage", "IdempotencyRecord", "Invoice", "InvoiceCopy", "InvoiceDocument", "InvoiceEInvoice", "InvoiceLine", "Job", "LedgerEntry", "LoginAttempt", "Notice", "NumberSeries", "OutboxMessage", "PasswordReset", "Payment", "PaymentAssignment", "PaymentReminder", "ReferenceRate", "ServiceAccount", "SignInThrottle", "Task", "TaskDecision", "User", "UserSession", "WriteOff"]
