/**
 * The chatops bot against the real gateway (simulator + gateway from test/support/harness):
 * a SIP task created through the mutation shows up in the webhook as three messages, across a
 * gateway restart in the middle.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBot, type Bot } from '../../examples/chatops-bot/bot';
import { createChanges } from '../support/changes';
import { Harness } from '../support/harness';

const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id } } }`;

/** Webhook posts and bot log lines report themselves; waits re-check then. */
const { changed, until: waitFor } = createChanges();

describe('chatops bot against the real gateway', () => {
  it('posts a SIP task created through the mutation: started → in-progress → successful, surviving a gateway restart', async () => {
    const texts: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        texts.push((JSON.parse(body) as { text: string }).text);
        changed();
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T/B/token`;

    let h: Harness | undefined;
    let bot: Bot | undefined;
    try {
      h = await Harness.start({ manualWatcher: true });
      const gw = h;
      const poll = () => gw.poll();
      const advance = (seconds: number) => gw.simAdmin('clock/advance', { seconds });
      await h.reset();
      const world = await h.world();
      const instanceId: string = world.idleRunningMac.macX86[0];
      const instanceType: string = world.macInstanceTypes[instanceId];
      const lines: string[] = [];
      bot = startBot({
        wsUrl: h.url.replace(/^http/, 'ws'),
        webhookUrl: hookUrl,
        filter: { kinds: ['MAC_MODIFICATION_TASK'], instanceId },
        log: (level, message) => {
          lines.push(`${level} ${message}`);
          changed();
        },
        reconnectBaseMs: 20,
        reconnectMaxMs: 200,
        drainTimeoutMs: 1000,
      });
      await waitFor('the bot to connect', () => lines.some((l) => l.startsWith('info connected to')));
      await gw.whenWatcher((r) => r.fleetListeners === 1, "the bot's taskEvents subscription");
      expect((await poll()).published).toEqual([]); // baseline of the account's active tasks: no events

      await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } });
      await waitFor('the first message', () => texts.length >= 1);

      // A deploy: the gateway stops (closing the socket with 1001) and a new one starts on the
      // same port. The bot reconnects and re-subscribes; the new gateway's fleet scan picks the
      // task up, so the next change still reaches the webhook.
      await h.restartGateway();
      await waitFor('the bot to reconnect', () => lines.some((l) => l.startsWith('info reconnected to')), 10000);
      await gw.whenWatcher((r) => r.fleetListeners === 1, "the bot's taskEvents subscription on the new gateway");
      await poll();
      await advance(90);
      await poll();
      await advance(30 * 60);
      await poll();
      await waitFor('three messages', () => texts.length >= 3);
      await bot.stop(); // drains: nothing more arrives after it
      expect(texts).toEqual([
        `SIP modification on ${instanceId} (${instanceType}): started (pending)`,
        `SIP modification on ${instanceId} (${instanceType}): pending → in-progress`,
        `SIP modification on ${instanceId} (${instanceType}): in-progress → successful`,
      ]);
    } finally {
      await bot?.stop();
      await h?.close();
      await new Promise<void>((resolve) => {
        receiver.closeAllConnections();
        receiver.close(() => resolve());
      });
    }
  });
});
