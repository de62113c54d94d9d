-- 0005: named staff (issue 15 §2). One row per credential issued; revoking keeps the row (who had
-- access, when, given and taken by whom), so a login can be issued again after a revocation and the
-- event log's actors stay explained. Only the SHA-256 of the token is stored (src/storage/staff-users.ts).
create table staff_users (
  id            bigserial primary key,
  login         text not null check (login ~ '^[a-z][a-z0-9.-]{1,39}$'),
  display_name  text not null default '',
  role          text not null check (role in ('equipe', 'administracao')),
  token_sha256  text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz not null default now(),
  created_by    text not null,
  revoked_at    timestamptz,
  revoked_by    text,
  check ((revoked_at is null) = (revoked_by is null))
);
-- At most one active credential per login: the token names its login, and a request is checked
-- against that one row (an index lookup per staff request).
create unique index staff_users_active_login on staff_users (login) where revoked_at is null;
