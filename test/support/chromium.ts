// Headless Chromium for browser tests (the rendered docs, the client in a page), driven by
// playwright-core against the system Chromium. Each launch gets a throwaway profile directory,
// removed again on close. Tests skip, with the reason, when no browser can be started.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Request } from 'playwright-core';

/** The Chromium binary used; `CHROMIUM_PATH` overrides the Debian location. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet: no sandbox (containers), no GPU, no background traffic. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ChromiumLaunch = { ok: true; context: BrowserContext; close(): Promise<void> } | { ok: false; reason: string };

/** Why Chromium cannot be used here, or `undefined` if the executable is present. */
export function chromiumUnavailableReason(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `no Chromium executable at ${chromiumPath} (set CHROMIUM_PATH)`;
}

/**
 * Starts headless Chromium with a fresh profile. Playwright refuses `--user-data-dir` among the
 * arguments of `launch()`, so the profile is given to `launchPersistentContext()` instead.
 * Never throws: a failed start comes back as `{ ok: false, reason }`.
 */
export async function launchChromium(): Promise<ChromiumLaunch> {
  const missing = chromiumUnavailableReason();
  if (missing) return { ok: false, reason: missing };
  const profile = mkdtempSync(join(tmpdir(), 'sfc-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      timeout: 30_000,
    });
    let closed = false;
    return {
      ok: true,
      context,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await context.close();
        } finally {
          removeProfile();
        }
      },
    };
  } catch (error) {
    removeProfile();
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `Chromium at ${chromiumPath} did not start: ${message}` };
  }
}

/** True for URLs that stay on this machine (loopback hosts, files) or in the page (data:, blob:, about:). */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:', 'file:'].includes(parsed.protocol)) return true;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Aborts every request of `context` that would leave the machine, and records it. Returns the
 * list of recorded URLs, which a test should expect to stay empty.
 */
export async function blockRemoteRequests(context: BrowserContext): Promise<string[]> {
  const remote: string[] = [];
  const record = (request: Request) => {
    if (!isLocalUrl(request.url())) remote.push(`${request.method()} ${request.url()}`);
  };
  context.on('request', record);
  // WebSockets bypass routing; they can only be reported.
  const watchSockets = (page: Page) =>
    page.on('websocket', (socket) => {
      if (!isLocalUrl(socket.url())) remote.push(`WEBSOCKET ${socket.url()}`);
    });
  context.pages().forEach(watchSockets);
  context.on('page', watchSockets);
  await context.route(
    (url) => !isLocalUrl(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  return remote;
}
