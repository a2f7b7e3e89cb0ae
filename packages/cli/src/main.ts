import { Command } from 'commander';
import { configFromEnv, loadElements, startHub } from '@junction/hub';

/** The `junction` command. `npm start` runs `junction start`. */
export function buildProgram(): Command {
  const program = new Command('junction').description('Junction: a self-hostable unified API integration hub');

  program
    .command('start')
    .description('serve the API (HOST, PORT, JUNCTION_DATA_DIR, DATABASE_URL, JUNCTION_VENDOR_HOSTS, JUNCTION_PLUGINS)')
    .action(async () => {
      const config = configFromEnv();
      const hub = await startHub(config, loadElements(process.env.JUNCTION_PLUGINS));
      const store = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
      process.stdout.write(
        [
          '',
          `Junction is listening on ${hub.url}`,
          `  API base:  ${hub.apiUrl}`,
          `  Data:      ${store}`,
          '',
          'Get your secrets by signing up:',
          `  curl -s -X POST ${hub.apiUrl}/signup -H 'Content-Type: application/json' \\`,
          `    -d '{"email":"you@example.com","password":"a-long-password","firstName":"Ada","lastName":"Lovelace","company":"Acme"}'`,
          'then call the API with:  Authorization: User <userSecret>, Organization <organizationSecret>',
          '',
        ].join('\n'),
      );
      const stop = async () => {
        await hub.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`junction: ${error.message}\n`);
      process.exit(1);
    });
}
