import type { Page } from 'playwright-core';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { launchOfflineBrowser, monacoEditor, type OfflineBrowser } from '../support/browser';
import { Harness, type HarnessOptions } from '../support/harness';
import { describeIfTool } from '../support/system-tools';

/**
 * The explorer as a developer uses it, in headless Chromium with the network closed: the page
 * loads from the gateway alone, runs a query over HTTP and a subscription over graphql-ws, and
 * shows the answers; with authentication on, the key typed in the header editor is used for both.
 */
const QUERY = 'query ThreeInstances { instances(first: 3) { nodes { id } } }';
const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id } } }`;
const taskSubscription = (taskId: string) => `subscription TaskUpdates { macModificationTaskUpdated(taskId: "${taskId}") { id state } }`;

/** The response pane as JSON, once it parses and satisfies `ready`. */
async function responseWhen(page: Page, ready: (body: any) => boolean): Promise<any> {
  const response = monacoEditor(page, '.graphiql-response');
  let last = '';
  for (let i = 0; i < 200; i++) {
    last = await response.text();
    try {
      const body = JSON.parse(last);
      if (ready(body)) return body;
    } catch {
      // still empty or being rendered
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`the response pane never showed the expected answer; it shows: ${last}`);
}

/** Opens the explorer; `expectedErrors` are console errors the scenario causes on purpose. */
async function openExplorer(browser: OfflineBrowser, url: string, expectedErrors?: RegExp): Promise<Page> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expectedErrors?.test(msg.text())) problems.push(msg.text());
  });
  await page.goto(url);
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
  // The GraphiQL page itself raised nothing (no CSP violation, no failed load).
  expect(problems).toEqual([]);
  return page;
}

/** Types the operation and runs it once GraphiQL has taken it in (the tab shows its name). */
async function run(page: Page, operation: string): Promise<void> {
  const name = /^(?:query|subscription|mutation)\s+(\w+)/.exec(operation)?.[1];
  if (!name) throw new Error('name the operation: the tab title tells when GraphiQL has parsed it');
  await monacoEditor(page, '.graphiql-query-editor').replace(operation);
  await page.locator('.graphiql-tab-active', { hasText: name }).waitFor();
  await page.locator('.graphiql-execute-button').click();
}

/** A gateway on the simulator and an offline browser for the enclosing describe block. */
function gatewayAndBrowser(options: HarnessOptions): { h: Harness; browser: OfflineBrowser } {
  const env = {} as { h: Harness; browser: OfflineBrowser };
  beforeAll(async () => {
    env.h = await Harness.start(options);
    env.browser = await launchOfflineBrowser();
  }, 60000);
  afterAll(async () => {
    await env.browser?.close();
    await env.h?.close();
  });
  return env;
}

describeIfTool('chromium', 'the explorer in headless Chromium, offline', () => {
  const env = gatewayAndBrowser({ manualWatcher: true });

  it('the network really is closed to anything but loopback', async () => {
    const { browser } = env;
    const page = await browser.newPage();
    await expect(page.goto('https://unpkg.com/graphiql')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    expect(browser.blocked).toEqual(['https://unpkg.com/graphiql']);
    await page.close();
    browser.blocked.length = 0;
  });

  it('loads from the gateway alone, runs a query and shows the result', async () => {
    const { h, browser } = env;
    const page = await openExplorer(browser, h.url);
    expect(await page.title()).toBe('FleetGraph · GraphiQL');
    await run(page, QUERY);
    const expected = await h.data(QUERY);
    const shown = await responseWhen(page, (b) => b.data?.instances?.nodes?.length === 3);
    expect(shown).toEqual({ data: expected });
    expect(browser.blocked).toEqual([]);
    await page.close();
  }, 60000);

  it('streams a subscription over graphql-ws: the current state, then each change', async () => {
    const { h, browser } = env;
    const world = await h.world<any>();
    const taskId = (await h.data(CREATE_SIP, { input: { instanceId: world.idleRunningMac.macX86[0], status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    const page = await openExplorer(browser, h.url);
    await run(page, taskSubscription(taskId));
    expect(await responseWhen(page, (b) => !!b.data)).toEqual({ data: { macModificationTaskUpdated: { id: taskId, state: 'PENDING' } } });
    await h.simAdmin('clock/advance', { seconds: 90 });
    await h.poll();
    expect(await responseWhen(page, (b) => b.data?.macModificationTaskUpdated?.state !== 'PENDING')).toEqual({
      data: { macModificationTaskUpdated: { id: taskId, state: 'IN_PROGRESS' } },
    });
    expect(browser.blocked).toEqual([]);
    await page.close();
  }, 60000);
});

describeIfTool('chromium', 'the explorer in headless Chromium, with API keys required', () => {
  const env = gatewayAndBrowser({ env: apiKeyEnv() });

  it('sends the key from the header editor with queries and with subscriptions', async () => {
    const { h, browser } = env;
    // Before the key is typed, GraphiQL's schema fetch is refused (the browser logs the 401).
    const page = await openExplorer(browser, h.url, /status of 401/);
    // The header pane is open, showing where the key goes.
    const headers = monacoEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)');
    expect(JSON.parse(await headers.text())).toEqual({ 'x-api-key': 'paste your API key here' });
    await run(page, QUERY);
    expect((await responseWhen(page, (b) => !!b.errors)).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    await headers.replace(JSON.stringify({ 'x-api-key': TEST_KEYS.viewer }));
    await run(page, QUERY);
    const expected = await h.gql(QUERY, undefined, { 'x-api-key': TEST_KEYS.viewer });
    expect(await responseWhen(page, (b) => !!b.data)).toEqual({ data: expected.data });

    const world = await h.world<any>();
    const finished = world.macTasks.byState.successful[0];
    await run(page, taskSubscription(finished));
    expect(await responseWhen(page, (b) => b.data?.macModificationTaskUpdated?.id === finished)).toEqual({
      data: { macModificationTaskUpdated: { id: finished, state: 'SUCCESSFUL' } },
    });
    expect(browser.blocked).toEqual([]);
  }, 60000);
});
