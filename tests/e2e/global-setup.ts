import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
// @ts-ignore: plain ES module shared with the command line
import { serveDir } from './serve.mjs';

// Serves the release bundle on a free loopback port; tests read WIRELAB_URL. With
// WIRELAB_URL already set (say, to a running `make serve`), tests use that instead;
// WIRELAB_DIST serves another build folder (relative to the repo root).
export default async function globalSetup() {
  if (process.env.WIRELAB_URL) return;
  const dist = resolve(__dirname, '../..', process.env.WIRELAB_DIST || 'dist');
  if (!existsSync(resolve(dist, 'index.html'))) {
    throw new Error(`no built bundle at ${dist}: run \`make build\` (or \`make test\`) first`);
  }
  const server = await serveDir(dist, 0);
  process.env.WIRELAB_URL = `http://127.0.0.1:${server.address().port}/`;
  return async () => { await new Promise((ok) => server.close(ok)); };
}
