/** The app's server as a process of its own (docker-compose.yml): PORT, HOST and GATEWAY_URL from the environment. */
import { serveWeb } from './serve.js';

const port = Number(process.env.PORT ?? 3000);
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const web = await serveWeb({ port, gatewayUrl, host: process.env.HOST ?? '0.0.0.0' });
console.log(`web app on ${web.url}, gateway ${gatewayUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void web.stop().then(() => process.exit(0)));
}
