import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkValue, routes, structs, unions } from './stone/stone-facts';

/** Every recorded exchange, checked against the Dropbox Stone spec facts in `stone/routes.json`. */
interface Recorded {
  scope: string;
  method: string;
  path: string;
  body?: unknown;
  reqheaders?: Record<string, string>;
}

const recordingsDir = path.join(__dirname, '__recordings__');
const exchanges = readdirSync(recordingsDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((file) => (JSON.parse(readFileSync(path.join(recordingsDir, file), 'utf8')) as Recorded[]).map((r, i) => ({ ...r, at: `${file}#${i}` })));

const HOSTS = { 'https://api.dropboxapi.com:443': 'api', 'https://content.dropboxapi.com:443': 'content' } as const;

/** What is wrong with one recorded request, judged by its route's host, style and argument struct. */
function problems(exchange: Recorded & { at: string }): string[] {
  const name = exchange.path.replace(/^\/2\//, '');
  const route = routes[name];
  if (!route || !exchange.path.startsWith('/2/')) return [`${exchange.path} is not a route in routes.json`];
  const found: string[] = [];
  const host = HOSTS[exchange.scope as keyof typeof HOSTS];
  if (host !== route.host) found.push(`served by ${exchange.scope}, the spec says host ${route.host}`);
  if (exchange.method !== 'POST') found.push(`${exchange.method}, but every route is POST`);
  const headers = exchange.reqheaders ?? {};
  const argHeader = headers['dropbox-api-arg'];
  let arg: unknown;
  if (route.style === 'rpc') {
    if (!headers['content-type']?.startsWith('application/json')) found.push('an rpc route takes a JSON body');
    if (argHeader !== undefined) found.push('an rpc route takes no Dropbox-API-Arg');
    arg = exchange.body;
  } else {
    if (argHeader === undefined) return [...found, `a ${route.style} route needs Dropbox-API-Arg`];
    if (!/^[\x20-\x7e]*$/.test(argHeader)) found.push('Dropbox-API-Arg must be ASCII (non-ASCII escaped as \\uXXXX)');
    arg = JSON.parse(argHeader);
    if (route.style === 'upload' && headers['content-type'] !== 'application/octet-stream') found.push('an upload route takes an application/octet-stream body');
    if (route.style === 'download' && (exchange.body !== '' || headers['content-type'] !== undefined)) found.push('a download route takes no body');
  }
  if (route.arg === 'Void') {
    if (arg !== null) found.push(`the route takes Void, so the body is null; got ${JSON.stringify(arg)}`);
  } else {
    if (arg === null || arg === undefined) found.push(`missing the ${route.arg} argument`);
    else found.push(...checkValue(arg, route.arg, route.arg));
  }
  return found;
}

describe('recordings against the Dropbox Stone spec', () => {
  it('has recordings to check', () => {
    expect(exchanges.length).toBeGreaterThan(20);
  });

  it.each(exchanges.map((e) => [e.at, e] as const))('%s uses a declared route the way the spec says', (_at, exchange) => {
    expect(problems(exchange)).toEqual([]);
  });

  it('records every route the element uses', () => {
    const recorded = new Set(exchanges.map((e) => e.path.replace(/^\/2\//, '')));
    expect(Object.keys(routes).filter((r) => !recorded.has(r))).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const base = { scope: 'https://api.dropboxapi.com:443', method: 'POST', at: 'sample', reqheaders: { 'content-type': 'application/json' } };
    expect(problems({ ...base, path: '/2/files/list_folder', body: { path: '', colour: 'blue' } })).toEqual(["ListFolderArg: ListFolderArg declares no field 'colour'"]);
    expect(problems({ ...base, path: '/2/files/upload', body: 'x', reqheaders: { 'content-type': 'application/json' } })).toEqual([
      'served by https://api.dropboxapi.com:443, the spec says host content',
      'a upload route needs Dropbox-API-Arg',
    ]);
    const unicode = { 'content-type': 'application/octet-stream', 'dropbox-api-arg': '{"path":"/é","mode":"replace"}' };
    expect(problems({ ...base, scope: 'https://content.dropboxapi.com:443', path: '/2/files/upload', body: 'x', reqheaders: unicode })).toEqual([
      'Dropbox-API-Arg must be ASCII (non-ASCII escaped as \\uXXXX)',
      'UploadArg.mode: "replace" is not a WriteMode tag (add, overwrite, update)',
    ]);
    expect(problems({ ...base, path: '/2/users/get_space_usage', body: {} })).toEqual(['the route takes Void, so the body is null; got {}']);
  });
});

/**
 * The hand-written facts against the spec files themselves, where a copy of the spec sits next
 * to the repository (`../shared/reference/specs/dropbox`); files not copied there are not checked.
 */
const specDir = path.resolve(__dirname, '../../../../shared/reference/specs/dropbox');
const specLines = (file: string) => (existsSync(path.join(specDir, file)) ? readFileSync(path.join(specDir, file), 'utf8').split('\n') : undefined);
const located = (spec: string) => {
  const [file, line] = spec.split(':');
  const lines = specLines(file);
  return lines && { lines, index: Number(line) - 1 };
};
/** Indented lines after a definition, up to its examples or the next definition, doc strings left out. */
const blockAfter = (lines: string[], index: number) => {
  const block: string[] = [];
  let inDoc = false;
  for (const line of lines.slice(index + 1)) {
    if (!inDoc && (/^\S/.test(line) || /^ {4}example /.test(line))) break;
    const quotes = (line.replace(/\\"/g, '').match(/"/g) ?? []).length;
    const docLine = inDoc || /^\s*"/.test(line);
    if (quotes % 2 === 1) inDoc = !inDoc;
    if (!docLine) block.push(line);
  }
  return block;
};

(existsSync(specDir) ? describe : describe.skip)('routes.json against the Stone files', () => { // skipped when no copy of the Dropbox spec sits beside the repository: routes.json is then the only source
  it('names routes at the lines given, with the host and style their attributes set', () => {
    const checked = Object.values(routes).flatMap((route) => {
      const at = located(route.spec);
      if (!at) return [];
      const attrs = blockAfter(at.lines, at.index).join('\n');
      return [
        {
          header: at.lines[at.index].startsWith(`route ${route.stone} (${route.arg},`),
          host: /host = "(\w+)"/.exec(attrs)?.[1] ?? 'api',
          style: /style = "(\w+)"/.exec(attrs)?.[1] ?? 'rpc',
          expected: { header: true, host: route.host, style: route.style },
        },
      ];
    });
    expect(checked.length).toBeGreaterThan(10);
    for (const c of checked) expect({ header: c.header, host: c.host, style: c.style }).toEqual(c.expected);
  });

  it('lists exactly the fields and tags the spec declares', () => {
    let compared = 0;
    for (const [name, struct] of Object.entries(structs)) {
      const at = located(struct.spec);
      if (!at) continue;
      expect(at.lines[at.index]).toBe(`struct ${name}${struct.extends ? ` extends ${struct.extends}` : ''}`);
      const fields = blockAfter(at.lines, at.index).flatMap((l) => /^ {4}([a-z][a-z0-9_]*) \S/.exec(l)?.[1] ?? []);
      expect(fields.sort()).toEqual(Object.keys(struct.fields).sort());
      compared++;
    }
    for (const [name, union] of Object.entries(unions)) {
      const at = located(union.spec);
      if (!at) continue;
      expect(at.lines[at.index]).toMatch(new RegExp(`^union(_closed)? ${name}$`));
      const tags = blockAfter(at.lines, at.index).flatMap((l) => /^ {4}([a-z][a-z0-9_]*)( \S+)?$/.exec(l)?.[1] ?? []);
      expect(tags.sort()).toEqual([...union.tags].sort());
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  });
});
