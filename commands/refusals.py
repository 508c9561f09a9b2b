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
# A new lead must be someone angrycall can message: overdue promises escalate to them.
LEADS_UNREACHABLE = ("Pick leads from the list: angrycall can only escalate to people it can "
                     "message.")
