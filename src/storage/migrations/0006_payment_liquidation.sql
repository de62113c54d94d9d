-- 0006: every payment is a liquidation on its date (money-movements.md §6.1, correction.md R5.15).
-- Each payment keeps the month it was calculated for, what was owed then, what it paid by component
-- and what stayed open by component (money of that month, so later correction starts there), and the
-- part of the registered face share it extinguished. `amount` stays the gross paid. Rows written
-- before this migration have none of these (they were face-value payments: money of the data-base).
-- `beneficiarios.pago` and `superpreferencia_paga` keep counting face money (≤ valor), so the open
-- face (valor − pago) stays the data-base-money equivalent of what is still owed.
alter table payments add column calc_month text check (calc_month ~ '^\d{4}-(0[1-9]|1[0-2])$');
alter table payments add column owed numeric(18, 2) check (owed >= 0);
alter table payments add column principal numeric(18, 2) check (principal >= 0);
alter table payments add column juros_mora numeric(18, 2) check (juros_mora >= 0);
alter table payments add column selic numeric(18, 2) check (selic >= 0);
alter table payments add column juros_ec136 numeric(18, 2) check (juros_ec136 >= 0);
alter table payments add column open_principal numeric(18, 2) check (open_principal >= 0);
alter table payments add column open_juros_mora numeric(18, 2) check (open_juros_mora >= 0);
alter table payments add column open_selic numeric(18, 2) check (open_selic >= 0);
alter table payments add column open_juros_ec136 numeric(18, 2) check (open_juros_ec136 >= 0);
alter table payments add column face_extinguished numeric(18, 2) check (face_extinguished >= 0);
-- All of the liquidation or none of it; the components add up to the gross, and owed = paid + open.
alter table payments add constraint payments_liquidation_whole check (
  (calc_month is null and owed is null and principal is null and juros_mora is null and selic is null and juros_ec136 is null
     and open_principal is null and open_juros_mora is null and open_selic is null and open_juros_ec136 is null and face_extinguished is null)
  or (calc_month is not null and owed is not null and principal is not null and juros_mora is not null and selic is not null
     and juros_ec136 is not null and open_principal is not null and open_juros_mora is not null and open_selic is not null
     and open_juros_ec136 is not null and face_extinguished is not null
     and principal + juros_mora + selic + juros_ec136 = amount
     and amount + open_principal + open_juros_mora + open_selic + open_juros_ec136 = owed)
);
