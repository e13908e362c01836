import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted AWS endpoint for the answers the simulator does not give: STS identities, AWS error
 * codes on demand, and answers that are not AWS's at all (a proxy's HTML 502). The real SDK
 * clients talk to it; each request is told apart by its SigV4 service and its action.
 */
export interface FakeRequest {
  service: string;
  action: string;
}

export interface FakeAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export interface FakeAws {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startFakeAws(answer: (req: FakeRequest) => FakeAnswer): Promise<FakeAws> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unknown';
      const target = req.headers['x-amz-target'];
      const action = typeof target === 'string' ? target.split('.').pop()! : (new URLSearchParams(body).get('Action') ?? '');
      requests.push({ service, action });
      const a = answer({ service, action });
      res.writeHead(a.status, { 'content-type': a.contentType ?? 'text/xml', 'x-amzn-requestid': 'fake-request-id' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const Answers = {
  callerIdentity: (account: string, arn: string): FakeAnswer => ({
    status: 200,
    body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake-request-id</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  }),
  stsError: (status: number, code: string, message: string): FakeAnswer => ({
    status,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-request-id</RequestId></ErrorResponse>`,
  }),
  ec2Error: (status: number, code: string, message: string): FakeAnswer => ({
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake-request-id</RequestID></Response>`,
  }),
  noInstances: (): FakeAnswer => ({
    status: 200,
    body: `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-request-id</requestId><reservationSet/></DescribeInstancesResponse>`,
  }),
  ssmError: (status: number, type: string, message: string): FakeAnswer => ({ status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: type, message }) }),
  proxyHtml: (status = 502): FakeAnswer => ({ status, contentType: 'text/html', body: `<html><body><h1>${status} Bad Gateway</h1><p>nginx</p></body></html>` }),
};
