// npm's `prepare` step: runs on `npm install` in this folder and when secpol is installed from git
// (npm then installs the development dependencies first). It builds the command only when the
// bundle is missing, so an install from git yields a working `npx secpol`, and a checkout that is
// already built is not built again by every `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'secpol.cjs'))) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
