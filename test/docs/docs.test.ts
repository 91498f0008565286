// The built reference docs, opened in headless Chromium from a loopback server: the Redoc page
// must show every operation of openapi.yaml, the TypeDoc pages must document the client, and
// neither may ask any other host for anything. `npm test` builds docs/ first; run alone, this file
// builds it when it is missing. Without a usable Chromium the tests are skipped, with the reason.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockRemoteRequests, type ChromiumLaunch, chromiumUnavailableReason, launchChromium } from '../support/chromium.js';
import { child, type Json, optionalChild, spec } from '../support/spec.js';
import { serveDirectory } from '../support/static-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docsDir = join(root, 'docs');
const apiPage = join(docsDir, 'api', 'index.html');
const clientPage = join(docsDir, 'client', 'index.html');
const screenshot = join(docsDir, 'api', 'screenshot.png');

interface Operation {
  /** `GET /v1/nodes`, for messages. */
  where: string;
  id: string;
  tag: string;
  /** What Redoc shows for the operation: its summary, else its operationId. */
  label: string;
}

/** The fields of an operation object of openapi.yaml that the page shows. */
interface SpecOperation extends Json {
  operationId: string;
  tags?: string[];
  summary?: string;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations: Operation[] = Object.entries(child(spec, 'paths')).flatMap(([path, item]) =>
  methods
    .filter((method) => typeof optionalChild(item, method)?.operationId === 'string')
    .map((method) => {
      const op = child(item, method) as SpecOperation;
      return { where: `${method.toUpperCase()} ${path}`, id: op.operationId, tag: op.tags?.[0] ?? '', label: op.summary ?? op.operationId };
    }),
);
const tags = [...new Set(operations.map((op) => op.tag))];

/** Runs scripts/docs.mjs, failing with the end of its output if it fails. */
function buildDocs(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/docs.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`node scripts/docs.mjs exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

it('reads every operation of openapi.yaml', () => {
  // Independent count, so that a parsing slip cannot shrink the list the browser test checks.
  const declared = readFileSync(join(root, 'openapi.yaml'), 'utf8').match(/^\s+operationId:/gm) ?? [];
  expect(operations.length).toBeGreaterThan(0);
  expect(operations.length).toBe(declared.length);
  expect(operations.filter((op) => !op.tag).map((op) => op.where)).toEqual([]);
});

const unavailable = chromiumUnavailableReason();
if (unavailable) console.warn(`[docs] skipping the browser tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('reference docs in Chromium', () => {
  let browser: ChromiumLaunch | undefined;
  let server: { url: string; close(): Promise<void> } | undefined;
  let remote: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    // Installed but unable to start is a failure, not a reason to skip.
    if (!browser.ok) throw new Error(browser.reason);
    remote = await blockRemoteRequests(browser.context);
    if (!existsSync(apiPage) || !existsSync(clientPage)) await buildDocs();
    server = await serveDirectory(docsDir);
  }, 120_000);

  afterAll(async () => {
    if (browser?.ok) await browser.close(); // first, so that no kept-alive connection holds the server
    await server?.close();
  });

  /** A new page at `path`, with uncaught page errors collected. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    if (!browser?.ok || !server) throw new Error('the browser or the file server did not start');
    remote.length = 0; // each test answers for its own pages only
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}${path}`, { waitUntil: 'load', timeout: 20_000 });
    return { page, errors };
  }

  it('the Redoc page shows every operation and loads nothing from other hosts', async () => {
    const { page, errors } = await open('/api/index.html');
    const menu = page.locator('.menu-content');
    await menu.waitFor({ state: 'visible', timeout: 15_000 });

    // Operations appear in the sidebar once their tag is opened. Each tag gets up to 5 s for all
    // of its operations to become visible; whatever is still not visible then is reported.
    const missing: string[] = [];
    for (const tag of tags) {
      await menu.getByText(tag, { exact: true }).first().click({ timeout: 5_000 });
      let pending = operations.filter((op) => op.tag === tag);
      const deadline = Date.now() + 5_000;
      while (pending.length > 0) {
        const shown = await Promise.all(
          pending.map(async (op) => (await menu.getByText(op.label, { exact: true }).filter({ visible: true }).count()) > 0),
        );
        pending = pending.filter((_, i) => !shown[i]);
        if (pending.length === 0 || Date.now() > deadline) break;
        await page.waitForTimeout(100);
      }
      missing.push(...pending.map((op) => `${op.where} (${op.id}): "${op.label}" under ${tag}`));
    }

    // The picture: Redoc draws each tag's sections only once they have been scrolled into view,
    // so scroll to the end, then check that every operation's "METHOD /path" entry is drawn
    // inside the page before taking the full-page screenshot that is kept.
    // Clicking the groups took the page into one of them: start again from the overview.
    const overview = page.url().replace(/#.*$/, '');
    await page.goto('about:blank');
    await page.goto(overview, { waitUntil: 'load', timeout: 20_000 });
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    await page.mouse.move(640, 400); // over the content column, which is what the wheel scrolls
    for (let scrolled = 0; scrolled < 40; scrolled++) {
      await page.mouse.wheel(0, 800);
      await page.waitForTimeout(50);
    }
    // Then make the window as tall as the page, so the picture is one viewport with nothing
    // left to draw lazily, and the positions checked below are positions in that picture. A slow
    // machine may still be drawing sections, which makes the page taller: so measure again until
    // the height holds and every entry is inside (or 15 s pass, and the test reports what is not).
    const locate = () =>
      page.evaluate(() => {
        const found: { text: string; top: number; bottom: number }[] = [];
        for (const element of document.querySelectorAll('body *')) {
          // The method badge and the path are separate elements; the entry is their closest parent.
          const flat = (e: Element) => ((e as HTMLElement).innerText ?? '').replace(/\s+/g, '');
          const match = /^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)(\/\S*)$/.exec(flat(element));
          if (!match) continue;
          if ([...element.children].some((child) => flat(child) === flat(element))) continue;
          const text = `${match[1]} ${match[2]}`;
          const rect = element.getBoundingClientRect();
          if (rect.width > 0 && rect.height > 0) found.push({ text, top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY });
        }
        return found;
      });
    let outside: string[];
    let fullHeight = 0;
    for (const settleBy = Date.now() + 15_000; ; ) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      // Chromium draws viewports up to 16384 px; a taller overview needs another way to picture it.
      expect(height, 'height of the Redoc overview in px').toBeLessThanOrEqual(16_000);
      if (height !== fullHeight) {
        fullHeight = height;
        await page.setViewportSize({ width: 1280, height: fullHeight });
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      await page.waitForTimeout(500);
      const drawn = await locate();
      const pictureHeight = page.viewportSize()!.height;
      outside = operations
        .filter((op) => !drawn.some((d) => d.text === op.where && d.top >= 0 && d.bottom <= pictureHeight))
        .map((op) => op.where);
      const settled = (await page.evaluate(() => document.documentElement.scrollHeight)) === fullHeight;
      if ((settled && outside.length === 0) || Date.now() > settleBy) break;
    }
    rmSync(screenshot, { force: true });
    await page.screenshot({ path: screenshot, timeout: 15_000 });
    await page.close();

    expect(outside).toEqual([]);
    expect(missing).toEqual([]);
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10 * 1024);
    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
  }, 60_000);

  it('the TypeDoc pages document SFCompute and APIError and load nothing from other hosts', async () => {
    const { page, errors } = await open('/client/index.html');
    expect(await page.title()).toContain('sfcompute-client');
    // The navigation starts with every module folded (closed <details>). Open them with their
    // chevrons, as a reader would; the rest of each summary is a link to the module page.
    const chevron = 'nav.tsd-navigation details:not([open]) > summary > svg';
    await page.locator(chevron).first().waitFor({ state: 'visible', timeout: 10_000 });
    const folded = page.locator(chevron).filter({ visible: true });
    for (let clicks = 0; clicks < 20 && (await folded.count()) > 0; clicks++) await folded.first().click();
    expect(new URL(page.url()).pathname).toBe('/client/index.html');
    for (const name of ['SFCompute', 'APIError']) {
      const links = page
        .locator(`nav.tsd-navigation a[href*="classes/"][href$=".${name}.html"]`)
        .filter({ hasText: new RegExp(`^\\s*${name}\\s*$`), visible: true });
      await links.first().waitFor({ state: 'visible', timeout: 10_000 });
      expect(await links.count(), `visible navigation links to the ${name} class page`).toBeGreaterThan(0);
    }
    // The class page itself is there and is about the class.
    await page.locator('a[href$="classes/index.SFCompute.html"]').filter({ visible: true }).first().click();
    await page.waitForURL(/classes\/index\.SFCompute\.html$/, { timeout: 10_000 });
    expect(await page.locator('h1').first().innerText()).toMatch(/\bSFCompute\b/);
    await page.close();

    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
  }, 60_000);
});
