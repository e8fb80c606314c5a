"""SQLAlchemy 2 typed models; structure only, no business logic."""
from ledger.models.case_team import CaseEscalation, CaseWaitingReminder
from ledger.models.customer_changes import CustomerChange
from ledger.models.customers import Customer, HourPackage, ServiceAccount
from ledger.models.einvoices import ExchangeRateRecord, InvoiceEInvoice
from ledger.models.entries import LedgerEntry
from ledger.models.idempotency import IdempotencyRecord
from ledger.models.invoices import DiscardedDraft, Invoice, InvoiceCopy, InvoiceDocument, InvoiceLine, NumberSeries
from ledger.models.jobs import Job
from ledger.models.maildesk import CaseAttachment, CaseMailId, InboundMail, InboxItem
from ledger.models.outbox import OutboxMessage
from ledger.models.payments import Payment, PaymentAssignment, PaymentReminder, ReferenceRate, WriteOff
from ledger.models.support import Agreement, Case, CaseEvent, Contact, ContactChange, ContactRole
from ledger.models.tasks import Notice, Task, TaskDecision
from ledger.models.timers import Timer
from ledger.models.users import ApiToken, LoginAttempt, PasswordReset, PasswordResetRequest, SignInThrottle, User, UserSession

__all__ = ["Agreement", "ApiToken", "Case", "CaseAttachment", "CaseEscalation", "CaseEvent", "CaseMailId", "CaseWaitingReminder", "Contact", "ContactChange", "ContactRole", "Customer", "CustomerChange", "DiscardedDraft", "ExchangeRateRecord", "HourPackage", "IdempotencyRecord", "InboundMail", "InboxItem", "Invoice", "InvoiceCopy", "InvoiceDocument", "InvoiceEInvoice", "InvoiceLine", "Job", "LedgerEntry", "LoginAttempt", "Notice", "NumberSeries", "OutboxMessage", "PasswordReset", "PasswordResetRequest", "Payment", "PaymentAssignment", "PaymentReminder", "ReferenceRate", "ServiceAccount", "SignInThrottle", "Task", "TaskDecision", "Timer", "User", "UserSession", "WriteOff"]
