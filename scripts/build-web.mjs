#!/usr/bin/env node
/**
 * `npm run build:web` (part of `npm run build`, so of `npm start`): installs the web UI's own
 * dependencies when they are missing or older than its lock file, and builds it into
 * apps/web/dist when the build is missing or older than any of its sources. Up to date, it does
 * nothing, so a restart costs no rebuild.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'web');
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** The newest modification time among the files under `path` (a file or a folder). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

function npm(args) {
  const result = spawnSync('npm', args, { cwd: web, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// npm writes node_modules/.package-lock.json on every install: older than the lock means stale.
if (mtime(join(web, 'node_modules', '.package-lock.json')) < mtime(join(web, 'package-lock.json'))) {
  console.log('Web UI: installing its dependencies (apps/web)');
  npm(['ci', '--no-audit', '--no-fund']);
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
const built = mtime(join(web, 'dist', 'index.html'));
if (built === 0 || sources.some((source) => newest(join(web, source)) > built)) {
  console.log('Web UI: building apps/web/dist');
  npm(['run', 'build']);
} else {
  console.log('Web UI: apps/web/dist is up to date');
}
