// The peer: a minimal Probot app with one pull_request handler, served the way Probot's docs
// show (createNodeMiddleware on node:http). Probot verifies the signature, parses the payload and
// answers once the handler has run; nothing is stored, so it is not durable. Run by
// bench/ingest/targets.ts.
import http from 'node:http';
import { createNodeMiddleware, Probot } from 'probot';

const probot = new Probot({ appId: 1, privateKey: process.env.PRIVATE_KEY, secret: process.env.SECRET, logLevel: 'warn' });
const seen = new Map();
const app = (robot) => {
  robot.on('pull_request', async (context) => {
    const pr = context.payload.pull_request;
    seen.set(pr.number, pr.state);
  });
};
const middleware = await createNodeMiddleware(app, { probot, webhooksPath: '/' });
http
  .createServer((req, res) => middleware(req, res, () => res.writeHead(404).end()))
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
