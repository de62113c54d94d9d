import type { RpvLaw } from './rules/rpv.ts';
import type { Timeline } from './rules/timeline.ts';

/** Federative sphere of the debtor; autarquias and fundações take their ente's sphere (R4.1). */
export type Esfera = 'uniao' | 'estadual' | 'municipal';

/** Regime geral (CF art. 100) or regime especial (ADCT arts. 97/101). */
export type Regime = 'geral' | 'especial';

export interface EnteDevedor {
  readonly id: string;
  readonly nome: string;
  readonly esfera: Esfera;
  readonly regime: Regime;
  /** The ente's own RPV laws (R4.2); undefined means no law: the ADCT 87 default applies. */
  readonly rpvLaws?: Timeline<RpvLaw> | undefined;
}
