import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Keeps a sandbox's state in a JSON data file across restarts: read once at start, written
 * (atomically, through a temporary file) shortly after changes, and on close. The file holds
 * passwords and tokens, so only its owner may read it.
 */
export class StateFile<T> {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly data: () => T,
    private readonly delayMs = 200,
  ) {}

  load(): T | null {
    if (!existsSync(this.path)) return null;
    return JSON.parse(readFileSync(this.path, 'utf8')) as T;
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
