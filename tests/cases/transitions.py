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
)
ALL = set(KINDS)
IN_HAND = {"accepted", "verifying"}

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
    "suspend": ({"received"} | IN_HAND, ALL, "suspended"),
    "resume": ({"suspended"}, ALL, "<"),
    "withdraw": ({"received", "suspended"} | IN_HAND, ALL, "withdrawn"),
    "conclude": (IN_HAND, ALL, "concluded"),
    "close": ({"concluded"}, ALL, "closed"),
    "remind": ({"forwarded", "received", "suspended"} | IN_HAND, ALL, "="),
}
