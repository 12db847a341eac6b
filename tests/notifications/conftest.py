"""A real SMTP server (aiosmtpd) on a free local port, wired into the app's config."""

import logging
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """Collects what the server accepted; can be told to refuse the next N messages."""

    def __init__(self):
        self.messages: list[dict] = []
        self.refuse_next = 0
        self.refusal = "451 4.3.0 Try again later"
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return self.refusal
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "data": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 OK"

    def recipients(self) -> list[str]:
        return [to for message in self.messages for to in message["to"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    # The test server's own log (aiosmtpd's "mail.log") prints every recipient; it is not the
    # product's, whose logs the sealed-mail tests search for a denouncer's address.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def mail(app, smtp_server):
    """The app sends to the local SMTP server; returns its mailbox."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    return smtp_server
