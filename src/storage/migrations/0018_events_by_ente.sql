-- 0018: the events of one debtor after a date (issue 18 §1, "por que a minha posição mudou"): the
-- public answer reads the log of the precatório's ente since `desde` on each request, so it must not
-- scan the whole append-only log. Only an index; no row changes.
create index events_ente_at on events (ente_id, at) where precatorio_numero is not null;
