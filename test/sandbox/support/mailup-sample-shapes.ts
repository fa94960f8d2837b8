import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One recorded API exchange: the path below the sandbox's root, without the query. */
export interface MailupExchange {
  method: string;
  path: string;
  status: number;
  body: unknown;
  /** When the request arrived (ms since the epoch): MailUp's throttle counts arrivals. */
  at?: number;
}

interface Sample {
  /** `List/1/Groups/GET.json`, as the fixture is named. */
  file: string;
  method: string;
  pattern: RegExp;
  body: unknown;
}

const SAMPLES_DIR = join(__dirname, '../reference/mailup-sample-responses');
const CONSOLE_PATH = '/API/v1.1/Rest/ConsoleService.svc/Console';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Real MailUp answers (fixtures named `<path under /Console>/<METHOD>.json`, ids as numbers):
 * the sandbox's answers on the same routes must have their shape.
 */
export function loadSamples(): Sample[] {
  return filesUnder(SAMPLES_DIR).map((path) => {
    const file = relative(SAMPLES_DIR, path).split(sep).join('/');
    const segments = file.split('/');
    const method = segments.pop()!.replace(/\.json$/, '');
    const route = segments.map((s) => (/^\d+$/.test(s) ? '\\d+' : s)).join('/');
    const text = readFileSync(path, 'utf8').trim();
    return {
      file,
      method,
      pattern: new RegExp(`^${CONSOLE_PATH.replace(/\./g, '\\.')}/${route}$`, 'i'),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  });
}

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Where `actual` differs in shape from `sample`: keys, value types, item shapes (a null sample allows anything). */
function shapeDifferences(sample: unknown, actual: unknown, at: string): string[] {
  if (sample === null) return [];
  if (kind(sample) !== kind(actual)) return [`${at}: ${kind(actual)} where MailUp has ${kind(sample)}`];
  if (Array.isArray(sample)) {
    const [first] = sample as unknown[];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, index) => shapeDifferences(first, item, `${at}[${index}]`));
  }
  if (typeof sample !== 'object') return [];
  const expected = Object.keys(sample as object).sort();
  const found = Object.keys(actual as object).sort();
  if (expected.join() !== found.join())
    return [`${at}: keys ${found.join(',')} where MailUp has ${expected.join(',')}`];
  return expected.flatMap((key) =>
    shapeDifferences(
      (sample as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      `${at}.${key}`,
    ),
  );
}

/** Every successful exchange on a sampled route whose answer is not shaped like MailUp's, as lines. */
export function sampleConformance(exchanges: MailupExchange[], samples = loadSamples()): string[] {
  return exchanges.flatMap((exchange) => {
    if (exchange.status !== 200) return [];
    const sample = samples.find((s) => s.method === exchange.method && s.pattern.test(exchange.path));
    if (!sample) return [];
    if (sample.body === undefined)
      return exchange.body === undefined
        ? []
        : [`${exchange.method} ${exchange.path}: a body where MailUp has none`];
    return shapeDifferences(sample.body, exchange.body, `${exchange.method} ${exchange.path}`);
  });
}

/** The sample files no exchange was checked against. */
export function unexercisedSamples(exchanges: MailupExchange[], samples = loadSamples()): string[] {
  return samples
    .filter(
      (s) => !exchanges.some((e) => e.status === 200 && e.method === s.method && s.pattern.test(e.path)),
    )
    .map((s) => s.file);
}
