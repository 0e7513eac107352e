import { readFileSync, rmSync } from 'node:fs';
import { STATE_FILE } from './global-setup';

export default async function globalTeardown() {
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  for (const pid of state.pids) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  rmSync(STATE_FILE, { force: true });
}
