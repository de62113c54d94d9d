import type { SimulationError } from './types.ts';

/** The user's words for each expected failure (pt-BR), for the CLI and the API. */
export function describeSimulationError(error: SimulationError): string {
  switch (error.kind) {
    case 'horizon-invalid':
      return `horizonte inválido: ${error.until} é anterior a ${error.from}`;
    case 'horizon-too-long':
      return `horizonte de ${error.months} meses passa do limite de ${error.max} meses`;
    case 'too-many-precatorios':
      return `${error.count} precatórios passam do limite de ${error.max} por simulação`;
    case 'too-many-entes':
      return `${error.count} entes passam do limite de ${error.max} por simulação`;
    case 'missing-funding':
      return `o ente ${error.enteId} não tem financiamento informado (dotação anual, depósito mensal ou % da RCL)`;
    case 'invalid-funding':
      return `financiamento do ente ${error.enteId}: ${error.reason}`;
    case 'invalid-scenario':
      return `cenário: ${error.reason}`;
    case 'rules-unsupported':
      return `regras legais: ${error.reason}`;
    case 'amount-too-large':
      return `precatório ${error.numero}: valor acima do limite da simulação`;
  }
}
