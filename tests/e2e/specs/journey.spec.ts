// One customer's journey as a Mermaid sequence diagram (`wirelab trace --mermaid`),
// checked with the real `mermaid` package: it parses, and draws one participant per
// element the journey touched.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';

const ROOT = resolve(__dirname, '../../..');
const MERMAID = resolve(__dirname, '../node_modules/mermaid/dist/mermaid.min.js');

function trace(args: string): string {
  return execSync(`cargo run -q -p wirelab-cli --bin wirelab -- trace ${args} --mermaid`, {
    cwd: ROOT, encoding: 'utf8', timeout: 540_000,
  });
}

/** The sync checkout with names Mermaid could misread (separators, comments, entities). */
function oddNames(): string {
  const doc = JSON.parse(readFileSync(resolve(ROOT, 'public/scenarios/checkout-sync.json'), 'utf8'));
  const names: Record<string, string> = {
    Order: 'Order: v2', Payment: 'Pay%%ment {x}', Inventory: 'Inventory <b>', Email: 'E-mail (svc) → β', CRM: 'CRM "x" & y',
  };
  for (const n of doc.nodes) n.name = names[n.name] ?? n.name;
  const file = join(mkdtempSync(join(tmpdir(), 'wirelab-')), 'odd.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const cases: [string, string][] = [
  ['a design with odd names', `${oddNames()} --journey first --duration 5s`],
  ['the hybrid checkout, first customer', 'public/scenarios/checkout-events.json --journey first --duration 10s'],
  ['the sync checkout, a failed customer', 'public/scenarios/checkout-sync.json --journey failed --duration 10s --incident "2s kill Analytics"'],
  ['a retry storm, a retried customer', 'public/scenarios/retry-storm.json --journey retried --duration 20s'],
  ['the outbox under a broker outage, the slowest customer', 'public/scenarios/broker-outbox.json --journey slowest --duration 40s'],
];

for (const [name, args] of cases) {
  test(`Mermaid accepts the journey of ${name}`, async ({ page }) => {
    test.setTimeout(600_000);
    const text = trace(args);
    const participants = text.split('\n').filter((l) => l.trim().startsWith('participant ')).length;
    expect(participants).toBeGreaterThan(1);
    await page.setContent('<!doctype html><div id="out"></div>');
    await page.addScriptTag({ path: MERMAID });
    const drawn = await page.evaluate(async (src) => {
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false });
      await m.parse(src); // throws on a syntax error
      const { svg } = await m.render('journey', src);
      const box = document.getElementById('out')!;
      box.innerHTML = svg;
      const names = [...box.querySelectorAll('rect.actor-top')].length;
      return { names, arrows: box.querySelectorAll('.messageLine0, .messageLine1').length };
    }, text);
    console.log(`${name}: ${participants} participants, ${drawn.arrows} arrows`);
    expect(drawn.names).toBe(participants);
    expect(drawn.arrows).toBe(text.split('\n').filter((l) => /->>|-->>|-\)|--\)/.test(l)).length);
  });
}
