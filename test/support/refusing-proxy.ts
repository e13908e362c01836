import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the simulator that answers one action as AWS answers a caller whose IAM
 * policy does not allow it, and passes every other request through untouched: an EC2 (Query)
 * action gets `UnauthorizedOperation` (403, AWS's XML body), a JSON-protocol one (`Target.Action`,
 * e.g. `AWSOrganizationsV20161128.ListAccounts`) `AccessDeniedException` (400). For behaviours the
 * simulator's own permission model cannot express (its identities may call every Describe, and its
 * management account may list the organisation).
 */
export async function refuseAction(target: string, action: string): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const jsonTarget = req.headers['x-amz-target'];
      if (typeof jsonTarget === 'string' ? jsonTarget === action : new URLSearchParams(body.toString()).get('Action') === action) {
        refused++;
        if (typeof jsonTarget === 'string') {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'refused-by-policy' });
          res.end(JSON.stringify({ __type: 'AccessDeniedException', Message: "You don't have permissions to access this resource." }));
          return;
        }
        res.writeHead(403, { 'content-type': 'text/xml', 'x-amzn-requestid': 'refused-by-policy' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. User: arn:aws:sts::583914027365:assumed-role/FleetGraphOperator/FleetGraph is not authorized to perform: ec2:${action} because no identity-based policy allows the ec2:${action} action</Message></Error></Errors><RequestID>refused-by-policy</RequestID></Response>`,
        );
        return;
      }
      const upstream = new URL(target);
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
