"""The practice: accounts, roles, care links, sessions, the audit log and the therapist's day.

No web imports here: :mod:`psoas.web.policy` and the account/practice pages sit on top.

- :mod:`psoas.practice.models` — the tables (migration ``0007_accounts``).
- :mod:`psoas.practice.accounts` — accounts (argon2id), database-held sessions, the login rate
  limit and lock-out, invitations and reset links, who may reach which person.
- :mod:`psoas.practice.audit` — the append-only audit log (who, what, which person, when, from
  where; never a clinical value).
- :mod:`psoas.practice.clinic` — SOAP visit notes, programme editing with history, the recall list,
  adherence and the latest pain trend per client.
"""
