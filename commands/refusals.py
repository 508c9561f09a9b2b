"""What angrycall says when it refuses, one text per refusal, the same on every platform."""

from __future__ import annotations

# Team settings and the digest subscription: who may change them (commands.team_settings.may_edit).
NOT_ALLOWED = ("Only the team's leads and workspace admins can change this (anyone can while "
               "no lead is set).")
