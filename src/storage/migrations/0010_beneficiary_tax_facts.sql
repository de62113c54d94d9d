-- 0010: a beneficiary's tax facts as the ofício states them (money-movements.md R6.2, R6.7, R6.8,
-- R6.10, R6.12; issue 16 §2), so every payment path withholds from the registry instead of from facts
-- typed at each payment. All nullable: a fact not informed follows the default rule of
-- domain/liquidation/payee-facts.ts (regime: alimentar → PF_RRA, comum → not calculated; NM unknown →
-- "retenção não calculada: NM não informado"; vínculo → sem-vinculo; no previdência; principal all income).
-- tax_regime: R6.7's decision, chosen by staff or by the court export.
alter table beneficiarios add column tax_regime text
  check (tax_regime in ('PF_RRA', 'PF_TABELA', 'ISENTO', 'PJ_SERVICOS', 'PJ_CESSAO', 'PJ_LUCRO', 'PJ_SIMPLES'));
-- rra_months: NM of the ofício for the whole credit (R6.8); each payment uses its share (payments.rra_months).
alter table beneficiarios add column rra_months numeric check (rra_months > 0 and rra_months <= 1000);
-- vinculo: public servant's remuneration or not (TJAP situcao_funcional_credor, R6.2, R6.10, R6.12).
alter table beneficiarios add column vinculo text check (vinculo in ('com-vinculo', 'sem-vinculo'));
-- previdencia_indicada: the employee contribution indicated in the ofício (money of the data-base,
-- for this beneficiary's whole share `valor`), updated like the principal at each payment (R6.12);
-- previdencia_regime: or the regime whose rate applies (data/rules/previdencia-rates.csv, [UNC] fallback).
alter table beneficiarios add column previdencia_indicada numeric(18, 2) check (previdencia_indicada >= 0 and previdencia_indicada <= valor);
alter table beneficiarios add column previdencia_regime text check (previdencia_regime ~ '^[A-Za-z0-9_.-]{1,40}$');
-- non_taxable_share: fraction of the principal that is not income (verbas indenizatórias, R6.10).
alter table beneficiarios add column non_taxable_share numeric check (non_taxable_share >= 0 and non_taxable_share <= 1);
-- One previdência source at most, and none for a PJ (servants' contribution, R6.12).
alter table beneficiarios add constraint beneficiarios_previdencia_one check (
  (previdencia_indicada is null or previdencia_regime is null)
  and (tax_regime is null or tax_regime not like 'PJ%' or (previdencia_indicada is null and previdencia_regime is null))
);
