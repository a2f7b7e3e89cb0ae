import { startBoxSimulator } from './box';
import { startCloseSimulator } from './close';
import { startDropboxSimulator } from './dropbox';
import { startHubSpotSimulator } from './hubspot';
import { startSalesforceSimulator } from './salesforce';
import { startServiceNowSimulator } from './servicenow';

/**
 * Runs a vendor simulator on a fixed port, for trying Junction without vendor accounts:
 * `npm run simulator -- close 7001`, then start the hub with
 * `JUNCTION_VENDOR_HOSTS=api.close.com=http://127.0.0.1:7001`.
 */
const simulators: Record<string, (port: number) => Promise<{ url: string }>> = {
  box: (port) => startBoxSimulator({ port }),
  close: (port) => startCloseSimulator({ port }),
  dropbox: (port) => startDropboxSimulator({ port }),
  hubspot: (port) => startHubSpotSimulator({ port }),
  salesforce: (port) => startSalesforceSimulator({ port }),
  servicenow: (port) => startServiceNowSimulator({ port }),
};

async function main(): Promise<void> {
  const [name = 'close', portText = '7001'] = process.argv.slice(2);
  const start = simulators[name];
  if (!start) throw new Error(`unknown simulator '${name}'; choose one of: ${Object.keys(simulators).join(', ')}`);
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`port must be a number from 1 to 65535, got '${portText}'`);
  const running = await start(port);
  process.stdout.write(`${name} simulator listening on ${running.url}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`simulator: ${error.message}\n`);
  process.exit(1);
});
