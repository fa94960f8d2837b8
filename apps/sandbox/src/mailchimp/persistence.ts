import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SandboxStateData } from './state';

/**
 * Keeps the sandbox's state in a JSON data file across restarts: read once at start, written
 * (atomically, through a temporary file) shortly after changes, and on close.
 */
export class StateFile {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly data: () => SandboxStateData,
    private readonly delayMs = 200,
  ) {}

  load(): SandboxStateData | null {
    if (!existsSync(this.path)) return null;
    return JSON.parse(readFileSync(this.path, 'utf8')) as SandboxStateData;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data()), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
