import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts the fake LINE platform and one linedesk per project, each on a fresh SQLite desk,
// and records each desk's one-time setup link for the tests.
const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
const fakeBin = process.env.FAKE_LINE_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/fake-line`;
export const STATE_FILE = join(__dirname, '.e2e-state.json');

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${seen}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${seen}`)));
  });
}

// E2E_PORT_OFFSET moves every port (two checkouts can run their tests side by side).
export const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const FAKE_PORT = 4101 + PORT_OFFSET;

export default async function globalSetup() {
  const pids: number[] = [];
  const fake = spawn(fakeBin, ['--listen', `127.0.0.1:${FAKE_PORT}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  pids.push(fake.pid!);
  await waitFor(fake, /fake LINE platform on (\S+)/, 'fake-line');
  const desks: Record<string, { setupUrl: string; dataDir: string; port: number }> = {};
  // Four desks: the flows with JavaScript on and off, and the pseudo-locale walk on and off
  // (on desks of its own, so what the flows store does not count as untranslated text).
  const projects = [['js-on', 3101], ['js-off', 3102], ['pseudo-on', 3103], ['pseudo-off', 3104]] as const;
  for (const [project, base] of projects) {
    const port = base + PORT_OFFSET;
    const dataDir = mkdtempSync(join(tmpdir(), `linedesk-e2e-${project}-`));
    const child = spawn(bin, ['serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        LISTEN_ADDR: `127.0.0.1:${port}`,
        LINE_API_BASE: `http://127.0.0.1:${FAKE_PORT}`,
        LINE_DATA_API_BASE: `http://127.0.0.1:${FAKE_PORT}`,
        RUST_LOG: 'warn',
      },
    });
    pids.push(child.pid!);
    const setupUrl = await waitFor(child, /(http:\/\/\S+\/setup\?token=\S+)/, `linedesk (${project})`);
    desks[project] = { setupUrl, dataDir, port };
    child.stdout?.resume();
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[linedesk ${project}] ${d}`));
  }
  writeFileSync(STATE_FILE, JSON.stringify({ pids, desks }, null, 2));
}
