"""A mail backend that fails as a real SMTP server does when it refuses a recipient."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        refused = {
            address: (550, b"5.1.1 <" + address.encode() + b">: user unknown")
            for message in email_messages
            for address in message.recipients()
        }
        raise smtplib.SMTPRecipientsRefused(refused)
