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
# The team settings are edited where only the lead sees them (a modal, a personal chat).
SETTINGS_NOT_HERE = "The team settings open in my personal chat: message me `settings` there."
# A person's promises and record are shown where only they see them (ephemeral, Home, DM).
MINE_NOT_HERE = ("Your promises and your record are yours: type `list` or `home` in your "
                 "personal chat with angrycall.")
# A case is for its people: its card opens where only they see it (Slack: a modal, always).
CASE_NOT_HERE = ("A case is for the people on it: open it from your personal chat with "
                 "angrycall (`list` or `home`).")
# A new lead must be someone angrycall can message: overdue promises escalate to them.
LEADS_UNREACHABLE = ("Pick leads from the list: angrycall can only escalate to people it can "
                     "message.")
# A case is seen by its reporter, its owners and the leads; anyone else (or once it is deleted)
# hears this, on every surface.
NOT_YOURS = "Only the people on this case and the leads can see it, if it still exists."
# Edit, close and delete are the reporter's and the leads'.
NOT_MANAGER = ("Only whoever logged the case, or a lead, can change or delete it; "
               "or it has been deleted already.")
# A case closes once: pressed twice (or by two people), the second is told.
ALREADY_CLOSED = "This case is closed already."
NOTE_MISSING = "Write a note first."
OUTCOME_MISSING = "Pick an outcome."

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
