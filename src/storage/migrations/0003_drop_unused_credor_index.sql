-- 0003: no query looks beneficiaries up by credor_id (the per-creditor superpreference cap, R3.3,
-- is summed in memory over the ente's list), while a million-row import paid ~10 % of the
-- beneficiary load maintaining this index. Dropped; add it back with the first query that needs it.
drop index if exists beneficiarios_credor;
