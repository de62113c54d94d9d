/**
 * Atom feed (RFC 4287) of one precatório's public history, for lawyers to subscribe (issue 18 §1).
 * It carries what the public lookup's `historico` carries — when and what kind of change — and
 * nothing about any person: no names, no documents, no superpreference decision (whose date would
 * tell when a creditor's illness or disability was recognised; LGPD art. 11, R3.4).
 */

export interface FeedEntry {
  /** Timestamp as PostgreSQL prints a timestamptz (`2025-11-23 10:00:00.123+00`) or ISO 8601. */
  readonly at: string;
  readonly kind: string;
  readonly text: string;
  /** The entry's own id suffix (default `evento:<n>`, n its place among the entries given). */
  readonly id?: string | undefined;
  /** The entry's body when longer than its title (default: the title as a sentence). */
  readonly content?: string | undefined;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);

/** RFC 3339 date-time, as Atom requires, from the database's text of a timestamptz. */
export function rfc3339(at: string): string {
  let s = at.trim().replace(' ', 'T');
  if (/[+-]\d{2}$/.test(s)) s = `${s}:00`;
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(s)) s = `${s}Z`;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

export function precatorioFeed(args: {
  readonly numero: string;
  /** Absolute or root-relative address of the feed itself and of the creditor's page. */
  readonly selfHref: string;
  readonly pageHref: string;
  /** The published list's date: the feed's `updated` when there is no event. */
  readonly listDate: string;
  readonly entries: readonly FeedEntry[];
}): string {
  const id = `urn:precatorio:${encodeURIComponent(args.numero)}`;
  // Ids number the entries given, in order (events first, so their ids never change); shown by time.
  const entries = args.entries.map((e, i) => ({ ...e, when: rfc3339(e.at), n: i + 1 })).sort((a, b) => (a.when < b.when ? -1 : a.when > b.when ? 1 : 0));
  const updated =
    entries.length > 0
      ? entries
          .map((e) => e.when)
          .sort()
          .at(-1)!
      : rfc3339(`${args.listDate}T00:00:00Z`);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pt-BR">',
    `  <id>${escapeXml(id)}</id>`,
    `  <title>${escapeXml(`Precatório ${args.numero}: mudanças na lista`)}</title>`,
    `  <updated>${updated}</updated>`,
    '  <author><name>Fila de precatórios</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(args.selfHref)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(args.pageHref)}"/>`,
    // Newest first, as feed readers show them.
    ...[...entries]
      .reverse()
      .flatMap((e) => [
        '  <entry>',
        `    <id>${escapeXml(`${id}:${e.id ?? `evento:${e.n}`}`)}</id>`,
        `    <title>${escapeXml(e.text)}</title>`,
        `    <updated>${e.when}</updated>`,
        `    <category term="${escapeXml(e.kind)}"/>`,
        `    <link rel="alternate" type="text/html" href="${escapeXml(args.pageHref)}"/>`,
        `    <content type="text">${escapeXml(e.content ?? `${e.text.charAt(0).toUpperCase()}${e.text.slice(1)}.`)}</content>`,
        '  </entry>',
      ]),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}
