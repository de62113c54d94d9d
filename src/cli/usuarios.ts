import type { RegistryClient } from '../app/registry-client.ts';
import { userJson } from '../app/staff-users.ts';
import { STAFF_ROLES, isStaffRole, loginProblem } from '../storage/staff-users.ts';
import type { Command } from './main.ts';
import { withRegistry } from './with-registry.ts';
import { renderTable, parseCommandArgs, usageError } from './output.ts';

const HELP = `uso: precatorios usuarios criar <login> --papel equipe|administracao [--nome "Nome Completo"]
       precatorios usuarios revogar <login>
       precatorios usuarios listar [--formato tabela|json]
  Usuários da equipe, no banco configurado (DATABASE_URL ou .data/pglite). Cada usuário tem um token
  próprio para a API (Authorization: Bearer <token>); o banco guarda só o hash (SHA-256) do token.
  criar    emite o token e o mostra UMA vez, na saída padrão (guarde-o; não há como recuperá-lo).
           Papéis: equipe (pagamentos, cessões, superpreferências, cancelamentos, importações,
           financiamento e exportações com dados pessoais) e administracao (tudo isso, mais a
           gestão de usuários). Um login revogado pode receber novo token com outro "criar".
  revogar  invalida o token: a próxima requisição com ele é recusada (403), em todo servidor.
  listar   mostra os usuários, ativos e revogados (nunca o token).
  A administração também pode fazê-lo pela API (POST /api/usuarios, POST /api/usuarios/<login>/revogacao).
  Criação e revogação são gravadas no registro de eventos em nome de quem rodou o comando no
  sistema operacional (local:<usuário>). PRECATORIOS_ADMIN_TOKEN continua valendo como o
  administrador de inicialização ("administrador").
`;

export const usuariosCommand: Command = {
  summary: 'cria, revoga e lista os usuários da equipe (token por pessoa, papel equipe ou administracao)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      papel: { type: 'string' },
      nome: { type: 'string' },
      formato: { type: 'string', default: 'tabela' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    const [action, login, ...extra] = positionals;
    if (extra.length > 0) return usage(`argumento(s) a mais: ${extra.join(' ')}`);
    if (action === 'listar') {
      if (login !== undefined) return usage('listar não recebe login');
      if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
      return withRegistry((registry) => listar(registry, values.formato as 'tabela' | 'json'));
    }
    if (action !== 'criar' && action !== 'revogar')
      return usage(action === undefined ? 'informe a ação: criar, revogar ou listar' : `ação desconhecida: ${action}`);
    if (login === undefined) return usage(`informe o login: precatorios usuarios ${action} <login>`);
    const problem = loginProblem(login);
    if (problem) return usage(problem);
    if (action === 'revogar') {
      if (values.papel !== undefined || values.nome !== undefined) return usage('revogar recebe só o login');
      return withRegistry(async (registry) => {
        await registry.users.revoke(login);
        process.stderr.write(`usuário ${login} revogado: o token dele deixa de valer na próxima requisição (${registry.kind})\n`);
        return 0;
      });
    }
    if (values.papel === undefined) return usage(`informe o papel: --papel ${STAFF_ROLES.join('|')}`);
    const role = values.papel;
    if (!isStaffRole(role)) return usage(`--papel deve ser ${STAFF_ROLES.join(' ou ')} (recebido: ${role})`);
    return withRegistry(async (registry) => {
      const { token } = await registry.users.create({ login, role, displayName: values.nome });
      process.stderr.write(`usuário ${login} (${role}) criado (${registry.kind}). O token abaixo é mostrado só agora: guarde-o num lugar seguro.\n`);
      process.stdout.write(`${token}\n`);
      return 0;
    });
  },
};

async function listar(registry: RegistryClient, formato: 'tabela' | 'json'): Promise<number> {
  const users = await registry.users.list();
  if (formato === 'json') {
    process.stdout.write(`${JSON.stringify(users.map(userJson), null, 2)}\n`);
    return 0;
  }
  if (users.length === 0) {
    process.stdout.write('nenhum usuário da equipe (só o PRECATORIOS_ADMIN_TOKEN, se definido, dá acesso)\n');
    return 0;
  }
  const rows = users.map((u) => [
    u.login,
    u.displayName,
    u.role,
    u.revokedAt ? `revogado em ${u.revokedAt} por ${u.revokedBy}` : 'ativo',
    `${u.createdAt} por ${u.createdBy}`,
  ]);
  process.stdout.write(renderTable(['login', 'nome', 'papel', 'situação', 'criado'], rows));
  return 0;
}

const usage = (message: string): number => usageError(HELP, message);
