-- 0009: a liquidated payment records its withholding (money-movements.md §6.2, R6.6–R6.13; issue 16 §2):
-- the payee's tax regime (R6.7), the NM used for RRA (R6.8), the IRRF, the previdência (R6.12) and the
-- net paid; `amount` stays the gross. All null for a payment without tax facts (every payment before
-- this migration, a payment run, a staff payment whose ofício data were not given).
alter table payments add column tax_regime text
  check (tax_regime in ('PF_RRA', 'PF_TABELA', 'ISENTO', 'PJ_SERVICOS', 'PJ_CESSAO', 'PJ_LUCRO', 'PJ_SIMPLES'));
alter table payments add column rra_months numeric check (rra_months > 0);
alter table payments add column irrf numeric(18, 2) check (irrf >= 0);
alter table payments add column previdencia numeric(18, 2) check (previdencia >= 0);
alter table payments add column net numeric(18, 2) check (net >= 0);
-- Gross = net + withholdings to the cent, and no half-written withholding; RRA months only for RRA.
alter table payments add constraint payments_withholding_whole check (
  (tax_regime is null and rra_months is null and irrf is null and previdencia is null and net is null)
  or (tax_regime is not null and irrf is not null and previdencia is not null and net = amount - irrf - previdencia
      and (rra_months is not null) = (tax_regime = 'PF_RRA'))
);
