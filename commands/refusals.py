"""What angrycall says when it refuses, one text per refusal, the same on every platform."""

from __future__ import annotations

# Team settings and the digest subscription: who may change them (commands.team_settings.may_edit).
NOT_ALLOWED = ("Only the team's leads and workspace admins can change this (anyone can while "
               "no lead is set).")
# A digest is posted to a channel: asked for in a private chat, there is nowhere to post it.
NOT_A_CHANNEL = ("Say this in the team channel that should get the digest, not in a private "
                 "chat.")
# The database failed while a case was stored: the form stays open with everything typed.
SAVE_FAILED = "We could not save this just now. Nothing is lost: press Log it again in a moment."

# A promise's buttons (commands.promise_conversations): who may act, and what each form needs.
PROMISE_NOT_ALLOWED = ("Only the owner of this promise, whoever logged the case, or a lead can "
                       "change it.")
PROMISE_NOT_FOUND = "This promise no longer exists (its case may have been deleted)."
PROMISE_NOT_OWNER = "Only the person who owes this promise can accept or decline it."
PROMISE_CLOSED = "This promise is already closed; nothing was changed."
# A decline goes to whoever logged the case, who decides what happens next: they need the why.
DECLINE_REASON_NEEDED = ("Please say why in a few words: it helps whoever decides what happens "
                         "next.")
# A dropped promise is one nobody keeps: the note is what the customer was told instead.
DROP_NOTE_NEEDED = "Say in a few words what the customer was told."
PICK_SOMEONE = "Pick someone."
NEW_DATE_MISSING = "Pick the new date you agreed with the customer."
NEW_DATE_PAST = "The new date must be in the future for the owner."
CUSTOMER_NOT_TOLD = "Tell the customer first: a new date they don't know of is a broken promise."
