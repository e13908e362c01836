import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findTool } from './system-tools';

/**
 * Headless Debian chromium (driven by playwright-core, which downloads no browser) with the
 * network closed: every request and WebSocket not addressed to 127.0.0.1 is aborted before it
 * leaves the browser and recorded, and DNS resolves nothing but loopback.
 */
export interface OfflineBrowser {
  browser: Browser;
  /** A page in a fresh context (no storage shared with earlier pages), behind the closed network. */
  newPage(): Promise<Page>;
  /** URLs any page tried to reach off loopback (aborted). */
  blocked: string[];
  close(): Promise<void>;
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const isLoopback = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
};

export async function launchOfflineBrowser(): Promise<OfflineBrowser> {
  const executablePath = findTool('chromium');
  if (!executablePath) throw new Error('chromium is not installed (.ci/install-system-deps)');
  const browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  const blocked: string[] = [];
  const closeNetwork = async (context: BrowserContext): Promise<void> => {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    await context.routeWebSocket(
      () => true,
      (ws) => {
        if (isLoopback(ws.url())) {
          ws.connectToServer();
          return;
        }
        blocked.push(ws.url());
        void ws.close({ code: 1008, reason: 'network closed by the test' });
      },
    );
  };
  return {
    browser,
    blocked,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await closeNetwork(context);
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/** A Monaco editor of GraphiQL: its visible text, and replacing it as a user would (select all, type). */
export function monacoEditor(page: Page, container: string) {
  const editor = page.locator(`${container} .monaco-editor`).first();
  const lines = editor.locator('.view-lines');
  return {
    async text(): Promise<string> {
      return ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
    },
    async replace(text: string): Promise<void> {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      // insertText types like a paste: Monaco adds no auto-closing brackets.
      await page.keyboard.insertText(text);
    },
  };
}
