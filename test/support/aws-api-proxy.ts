/**
 * A loopback proxy in front of the AWS API emulator that records the API action of every request and,
 * when asked, fails a share of them the way AWS does under load: throttling (HTTP 429) and server
 * errors (HTTP 503), answered without reaching the emulator. Deterministic: a seeded generator picks
 * the failing requests.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface RecordedRequest {
  /** e.g. ec2:DescribeVpcs, kms:DescribeKey, s3:GET */
  action: string;
  faulted?: 'throttled' | 'server-error';
}

export interface AwsApiProxy {
  endpoint: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** The API action of a request: awsQuery form Action, JSON X-Amz-Target, or REST method (S3). */
export function actionOf(req: http.IncomingMessage, body: string): string {
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}:${target.split('.').pop()}`;
  const form = /(?:^|&)Action=([^&]+)/.exec(body);
  if (form) return `${service}:${decodeURIComponent(form[1])}`;
  return `${service}:${req.method}`;
}

/** Describe/List/Get, or an HTTP read for REST APIs. */
export function isReadOnly(action: string): boolean {
  const verb = action.split(':')[1] ?? '';
  return /^(Describe|List|Get)/.test(verb) || verb === 'GET' || verb === 'HEAD';
}

export async function startAwsApiProxy(upstream: string, options: { faultRate?: number; seed?: number } = {}): Promise<AwsApiProxy> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  let state = options.seed ?? 42;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString('utf8'));
      const roll = random();
      if (options.faultRate && roll < options.faultRate) {
        const throttled = roll < options.faultRate / 2;
        requests.push({ action, faulted: throttled ? 'throttled' : 'server-error' });
        res.writeHead(throttled ? 429 : 503, { 'content-type': 'text/plain', connection: 'close' });
        res.end(throttled ? 'Rate exceeded' : 'Service Unavailable');
        return;
      }
      requests.push({ action });
      const upstreamReq = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on('error', (err) => {
        res.writeHead(502);
        res.end(err.message);
      });
      upstreamReq.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
