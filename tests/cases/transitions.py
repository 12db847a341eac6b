"""The expected workflow, written out by hand from DOMAIN.md, shared by the pure and API tests."""

KINDS = ("complaint", "denunciation", "recommendation", "feedback")
STATES = (
    "received",
    "forwarded",
    "guided",
    "filed",
    "rejected",
    "accepted",
    "verifying",
    "concluded",
    "closed",
    "withdrawn",
    "suspended",
    "terminated",
)
ALL = set(KINDS)
IN_HAND = {"accepted", "verifying"}
# Resolution is suspended or terminated only under the Law on Complaints (as amended by Law
# 136/2025/QH15) and the Law on Denunciation 2018 (art. 34), and only once it has begun.
SUSPENDABLE = {"complaint", "denunciation"}

# Written out by hand from DOMAIN.md ("Case states", "Petition handling"): action ->
# (states it may start from, kinds it applies to, state it leads to; "=" stays, "<" returns).
EXPECTED = {
    "classify": ({"received"}, ALL, "="),
    "accept": ({"received"}, ALL, "accepted"),
    # Complaints outside competence are guided, never forwarded; the others are forwarded.
    "forward": ({"received"}, ALL - {"complaint"}, "forwarded"),
    "guide": ({"received"}, {"complaint"}, "guided"),
    "file": ({"received"}, ALL, "filed"),
    "reject": ({"received"}, ALL, "rejected"),
    "assign": (IN_HAND, ALL, "verifying"),
    "verify": ({"verifying"}, ALL, "="),
    "notify": (IN_HAND, ALL, "="),
    "dialogue": (IN_HAND, {"complaint"}, "="),
    "extend": (IN_HAND, {"denunciation"}, "="),
    "suspend": (IN_HAND, SUSPENDABLE, "suspended"),
    "resume": ({"suspended"}, SUSPENDABLE, "<"),
    "terminate": ({"suspended"} | IN_HAND, SUSPENDABLE, "terminated"),
    "withdraw": ({"received", "suspended"} | IN_HAND, ALL, "withdrawn"),
    "conclude": (IN_HAND, ALL, "concluded"),
    "close": ({"concluded"}, ALL, "closed"),
    "remind": ({"forwarded", "received", "suspended"} | IN_HAND, ALL, "="),
}
