import { availableParallelism } from 'node:os';

/** A setting that cannot be used: main prints it on one line and exits 2. */
export class SettingsError extends Error {}

const MODELS = ['loop', 'worker-threads'];

/**
 * The worker's settings, from `Simul__<Name>` environment variables with the names and
 * defaults of the .NET workers, and the gRPC address from `--urls` (the first of a
 * ';'-separated list), else `Simul__Urls`, else http://localhost:5000.
 */
export function readSettings(argv = process.argv.slice(2), env = process.env) {
  const setting = (name) => env[`Simul__${name}`]?.trim() || undefined;
  const model = setting('Model');
  if (!MODELS.includes(model)) {
    throw new SettingsError(`Simul__Model must be ${MODELS.join(' or ')}, got ${model === undefined ? 'nothing' : `"${model}"`}`);
  }
  return {
    model,
    // Steps of CPU work between yields to the loop (model loop); 0 never yields.
    yieldEvery: integer('YieldEvery', setting('YieldEvery'), 0, 0),
    // Worker threads for the CPU work (model worker-threads); by default one per core: more
    // cannot compute at once, they would only take turns on the cores.
    poolThreads: integer('PoolThreads', setting('PoolThreads'), availableParallelism(), 1),
    maxQueue: integer('MaxQueue', setting('MaxQueue'), 1000, 0),
    maxInFlight: integer('MaxInFlight', setting('MaxInFlight'), 200_000, 1),
    upstream: url('Upstream', setting('Upstream') ?? 'http://127.0.0.1:5000/'),
    healthUrl: setting('HealthUrl') && url('HealthUrl', setting('HealthUrl')),
    drainDelayMs: timeSpanMs('DrainDelay', setting('DrainDelay') ?? '00:00:00'),
    shutdownGraceMs: timeSpanMs('ShutdownGrace', setting('ShutdownGrace') ?? '00:00:15'),
    listen: url('Urls', grpcUrl(argv) ?? setting('Urls') ?? 'http://localhost:5000'),
  };
}

function grpcUrl(argv) {
  const at = argv.indexOf('--urls');
  return at >= 0 ? argv[at + 1]?.split(';')[0].trim() : undefined;
}

function integer(name, text, fallback, min) {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new SettingsError(`Simul__${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}

function url(name, text) {
  if (!URL.canParse(text) || new URL(text).protocol !== 'http:') {
    throw new SettingsError(`${name === 'Urls' ? '--urls' : `Simul__${name}`} must be an http:// address, got "${text}"`);
  }
  return new URL(text);
}

/**
 * Where a server given `url` listens, as ASP.NET Core does: localhost and IP addresses as
 * given; the wildcards + and *, and a host name (a pod's, say), every interface.
 */
export function listenAddress(url) {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return { host: host === 'localhost' || isIp ? host : '::', port: Number(url.port) || 80 };
}

/** A .NET TimeSpan as configuration writes it: [d.]hh:mm:ss[.fffffff]. */
function timeSpanMs(name, text) {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(text);
  if (!match) {
    throw new SettingsError(`Simul__${name} must be a time span hh:mm:ss[.fffffff], got "${text}"`);
  }
  const [, days = '0', hours, minutes, seconds, fraction = '0'] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + Number(`0.${fraction}`) * 1000;
}
