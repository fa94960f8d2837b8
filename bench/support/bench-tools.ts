import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Small helpers the benchmarks share: flags, memory sampling, percentiles, timing. */

/** `--name=value` (`--name` alone: "true") from the command line, else the environment, else the default. */
export function option(name: string, env: string, fallback: string): string {
  const prefix = `--${name}`;
  for (const arg of process.argv.slice(2)) {
    if (arg === prefix) return 'true';
    if (arg.startsWith(`${prefix}=`)) return arg.slice(prefix.length + 1);
  }
  return process.env[env] ?? fallback;
}

export function numberOption(name: string, env: string, fallback: number): number {
  const raw = option(name, env, String(fallback)).replace(/_/g, '');
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Collects garbage when the process runs with --expose-gc, so baselines are comparable. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Peak RSS and V8 heap of this process, sampled on a timer while it runs. */
export class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 200) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): { peakRss: number; peakHeap: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakRss: this.peakRss, peakHeap: this.peakHeap };
  }

  private sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }
}

/**
 * How late this process's event loop ran its callbacks while measured: high values mean the
 * process was busy or starved of CPU, so vendor answers waited to be read.
 */
export class EventLoopLag {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.histogram.enable();
  }

  stop(): { p50Ms: number; p99Ms: number } {
    this.histogram.disable();
    return { p50Ms: this.histogram.percentile(50) / 1e6, p99Ms: this.histogram.percentile(99) / 1e6 };
  }
}

/** The p-th percentile (0..100) of values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
